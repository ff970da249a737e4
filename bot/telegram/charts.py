"""Charts on Telegram: drawn off the event loop, sent with sendPhoto, uploaded once.

A chart is drawn on a worker thread of its own, so text replies never wait for one. Telegram's
``file_id`` of each chart sent is kept in the store under the chart's key (a hash of its data),
so every instance sends that id the next time instead of drawing and uploading again.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

from telegram import Chat, InputFile
from telegram.error import BadRequest

from bot import charts
from bot.replies import MAX_CAPTION, Reply, line, render_html
from bot.store import Store
from bot.telegram.messages import keyboard

logger = logging.getLogger(__name__)

NO_CHARTS = Reply(
    (line("Sorry, I can't draw charts here: matplotlib is not installed on this server."),),
    kind="fallback",
)


class Drawing:
    """Draws charts one at a time on one worker thread, started with the first chart.

    One thread: matplotlib is not thread-safe, and one chart at a time bounds the memory.
    """

    def __init__(self) -> None:
        self._pool: ThreadPoolExecutor | None = None

    async def png(self, chart: charts.Chart) -> bytes:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chart")
        return await asyncio.get_running_loop().run_in_executor(self._pool, charts.render, chart)


async def send_chart(chat: Chat, reply: Reply, store: Store, drawing: Drawing) -> None:
    """Send the reply's chart with its caption: by its kept file_id when one is, else drawn
    and uploaded, and its file_id kept."""
    assert reply.chart is not None
    key = charts.key(reply.chart)
    caption = render_html(reply, MAX_CAPTION)
    markup = keyboard(reply)
    kept = await store.chart_file(key)
    if kept is not None:
        try:
            await chat.send_photo(kept, caption=caption, reply_markup=markup)
            return
        except BadRequest as exc:  # an id of another bot (a new token): draw it again
            logger.info("A kept chart could not be sent again (%s); uploading it", exc.message)
    try:
        png = await drawing.png(reply.chart)
    except ImportError as exc:
        logger.error("Cannot draw charts: %s", exc)
        await chat.send_message(render_html(NO_CHARTS))
        return
    upload = InputFile(png, filename=f"{reply.chart.name}.png")
    message = await chat.send_photo(upload, caption=caption, reply_markup=markup)
    if message.photo:
        await store.keep_chart_file(key, message.photo[-1].file_id)
