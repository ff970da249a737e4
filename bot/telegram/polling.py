"""Polling: getUpdates in a loop, and nothing fetched lost when the process dies.

Telegram forgets the updates below the offset of the next getUpdates call, so each batch is
kept in the store (:meth:`~bot.store.Store.keep_updates`) before that call is made; an update
leaves the store once answered. At start, whatever an earlier run kept and did not answer (it
was killed, say) is answered first, in order; copies Telegram sends again are skipped by the
update claims (:mod:`bot.telegram.updates`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from telegram import Bot, Update
from telegram.error import RetryAfter, TelegramError, TimedOut

from bot.store import Store

logger = logging.getLogger(__name__)

POLL_SECONDS = 10  # how long one getUpdates call waits for updates
FIRST_DELAY = 1.0  # after a failed call, wait this long before the next; doubling...
MAX_DELAY = 30.0  # ... up to this

_T = TypeVar("_T")


async def kept_updates(bot: Bot, store: Store) -> list[Update]:
    """The updates an earlier run fetched and did not answer (it was killed), oldest first."""
    kept = await store.kept_updates(bot.id)
    updates = []
    for body in kept:
        try:
            updates.append(Update.de_json(json.loads(body), bot))
        except Exception as exc:  # a copy that no longer parses cannot be answered
            logger.warning("Dropped a kept update that does not parse: %s", exc)
    if updates:
        logger.info("Answering %d update(s) fetched before a restart", len(updates))
    return updates


class Poller:
    """Fetches updates for `queue` until stopped."""

    def __init__(
        self, bot: Bot, store: Store, queue: asyncio.Queue[Any], allowed: Sequence[str]
    ) -> None:
        self.bot = bot
        self.store = store
        self.queue = queue
        self.allowed = list(allowed)
        self.offset: int | None = None  # the next getUpdates confirms everything below it

    async def run(self, stop: asyncio.Event) -> None:
        """Answer what an earlier run left, then poll until `stop` is set."""
        await self._until(stop, self.bot.delete_webhook)  # getUpdates refuses while one is set
        await self.resume()
        while not stop.is_set():
            updates = await self._until(stop, self._fetch)
            if updates:
                await self.take(updates)
        await self._confirm()

    async def resume(self) -> None:
        """Queue the updates kept by an earlier run and not answered, oldest first."""
        for update in await kept_updates(self.bot, self.store):
            await self.queue.put(update)

    async def take(self, updates: Sequence[Update]) -> None:
        """Keep a fetched batch, then confirm it (the next offset) and queue it."""
        kept = [(u.update_id, u.to_json()) for u in updates]
        await self.store.keep_updates(self.bot.id, kept)
        self.offset = updates[-1].update_id + 1
        for update in updates:
            await self.queue.put(update)

    async def _fetch(self) -> tuple[Update, ...]:
        try:
            return await self.bot.get_updates(
                offset=self.offset, timeout=POLL_SECONDS, allowed_updates=self.allowed
            )
        except TimedOut:  # nothing came within the long poll's time
            return ()

    async def _until(self, stop: asyncio.Event, call: Callable[[], Awaitable[_T]]) -> _T | None:
        """`call()`, retried after Telegram errors with a growing delay; None once stopped."""
        delay = FIRST_DELAY
        while not stop.is_set():
            task = asyncio.ensure_future(call())
            stopping = asyncio.ensure_future(stop.wait())
            await asyncio.wait({task, stopping}, return_when=asyncio.FIRST_COMPLETED)
            stopping.cancel()
            if not task.done():
                task.cancel()  # what it was fetching is not confirmed: Telegram keeps it
                with contextlib.suppress(asyncio.CancelledError, TelegramError):
                    await task
                return None
            try:
                return task.result()
            except RetryAfter as exc:
                wait = exc.retry_after
                seconds = wait if isinstance(wait, int | float) else wait.total_seconds()
            except TelegramError as exc:
                logger.warning("Polling failed (%s); trying again in %.0f s", exc, delay)
                seconds, delay = delay, min(delay * 2, MAX_DELAY)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), seconds)
        return None

    async def _confirm(self) -> None:
        """Tell Telegram what was fetched (all of it is answered or kept), as PTB does."""
        if self.offset is None:
            return
        with contextlib.suppress(TelegramError):
            await self.bot.get_updates(
                offset=self.offset, timeout=0, limit=1, allowed_updates=self.allowed
            )
