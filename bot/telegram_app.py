"""The Telegram side: a python-telegram-bot Application that polls the Bot API.

Handlers only translate updates into :class:`~bot.dialogue.Advisor` calls and replies into
messages; what to say is decided by the advisor, how it looks by :func:`~bot.replies.render_html`.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from typing import Any

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    LinkPreviewOptions,
    Message,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.dialogue import COMMANDS, Advisor, ChatState
from bot.knowledge import Knowledge
from bot.replies import Reply, render_html, render_text
from bot.settings import HOW_TO_GET_A_TOKEN, Settings

logger = logging.getLogger(__name__)

STATE_KEY = "state"
INLINE_CACHE_SECONDS = 10
SORRY = "Sorry, something went wrong on my side. Please try again, or send /help."
# Shown above inline results; opens a private chat with "/start inline".
OPEN_CHAT = InlineQueryResultsButton(text="Ask me in a private chat", start_parameter="inline")
# Message attributes naming what was sent, most specific first (a venue is also a location).
ATTACHMENT_KINDS = (
    "sticker", "photo", "voice", "video_note", "video", "animation", "audio", "document",
    "venue", "location", "contact", "poll", "dice", "game", "story",
)  # fmt: skip

_Context = ContextTypes.DEFAULT_TYPE


# --- per-chat state (issue 5 moves this to a persistence layer) ----------------------------


def load_state(context: _Context) -> ChatState:
    """This chat's state; a fresh one for a new chat or an update without a chat."""
    data = context.chat_data.get(STATE_KEY) if context.chat_data is not None else None
    return ChatState.from_dict(data) if isinstance(data, dict) else ChatState()


def save_state(context: _Context, state: ChatState) -> None:
    """Remember this chat's state for its next update."""
    if context.chat_data is not None:
        context.chat_data[STATE_KEY] = state.to_dict()


# --- replies -> Telegram objects (pure) ----------------------------------------------------


def keyboard(reply: Reply, *, urls_only: bool = False) -> InlineKeyboardMarkup | None:
    """The reply's buttons as an inline keyboard; None when it has none."""
    rows = []
    for row in reply.buttons:
        buttons = [
            InlineKeyboardButton(b.label, callback_data=b.data, url=b.url)
            for b in row
            if b.url is not None or not urls_only
        ]
        if buttons:
            rows.append(buttons)
    return InlineKeyboardMarkup(rows) if rows else None


def card_title(reply: Reply, knowledge: Knowledge) -> str:
    """An inline card's title: the career and topic, else the reply's first line."""
    if reply.career is not None:
        intent = knowledge.intents.get(reply.intent or "")
        return f"{reply.career.title} — {intent.label}" if intent else reply.career.title
    return render_text(reply).split("\n", 1)[0].strip() or "careerbot"


def card(index: int, reply: Reply, knowledge: Knowledge) -> InlineQueryResultArticle:
    """One inline answer card; ids are unique within one answer and at most 64 bytes."""
    career = reply.career.id if reply.career is not None else "info"
    return InlineQueryResultArticle(
        id=f"{index}:{career}:{reply.intent or ''}"[:64],
        title=card_title(reply, knowledge),
        description=reply.summary or None,
        input_message_content=InputTextMessageContent(render_html(reply), ParseMode.HTML),
        reply_markup=keyboard(reply, urls_only=True),
    )


def attachment_kind(message: Message) -> str:
    """What a non-text message holds: "sticker", "photo", "voice", ..."""
    return next((kind for kind in ATTACHMENT_KINDS if getattr(message, kind, None)), "attachment")


def _advisor(context: _Context) -> Advisor:
    advisor: Advisor = context.bot_data["advisor"]
    return advisor


async def _send(update: Update, reply: Reply) -> None:
    assert update.effective_chat is not None
    await update.effective_chat.send_message(render_html(reply), reply_markup=keyboard(reply))


# --- handlers ------------------------------------------------------------------------------


async def start(update: Update, context: _Context) -> None:
    """Greet, or open the career a deep link (t.me/<bot>?start=<career-id>) names."""
    payload = context.args[0] if context.args else None
    turn = _advisor(context).start(load_state(context), payload)
    save_state(context, turn.state)
    await _send(update, turn.reply)


async def show_help(update: Update, context: _Context) -> None:
    """Explain how to ask, with examples."""
    await _send(update, _advisor(context).help())


async def browse(update: Update, context: _Context) -> None:
    """Show the first page of careers by field."""
    await _send(update, _advisor(context).browse())


async def about(update: Update, context: _Context) -> None:
    """Name the sources, data years and licences."""
    await _send(update, _advisor(context).about())


async def answer(update: Update, context: _Context) -> None:
    """Answer a free-text message (and unknown commands) in the context of this chat."""
    assert update.message is not None and update.message.text is not None
    turn = _advisor(context).reply(load_state(context), update.message.text)
    save_state(context, turn.state)
    await _send(update, turn.reply)


async def press(update: Update, context: _Context) -> None:
    """Answer a button press: edit the message for paging, else send a new one."""
    query = update.callback_query
    assert query is not None
    try:
        await query.answer()
    except BadRequest as exc:  # too old (e.g. pressed while the bot was down): answer anyway
        logger.debug("Could not answer a callback query: %s", exc)
    turn = _advisor(context).press(load_state(context), query.data or "")
    save_state(context, turn.state)
    if turn.edit or update.effective_chat is None:  # no chat: a button in an inline message
        await _edit(query, turn.reply)
    else:
        await _send(update, turn.reply)


async def _edit(query: CallbackQuery, reply: Reply) -> None:
    try:
        await query.edit_message_text(render_html(reply), reply_markup=keyboard(reply))
    except BadRequest as exc:
        if "not modified" not in exc.message.lower():  # the same page pressed twice
            raise


async def inline(update: Update, context: _Context) -> None:
    """Answer an inline query (@bot production manager salary) with answer cards."""
    query = update.inline_query
    assert query is not None
    advisor = _advisor(context)
    results = [card(i, r, advisor.knowledge) for i, r in enumerate(advisor.inline(query.query))]
    await query.answer(results, cache_time=INLINE_CACHE_SECONDS, button=OPEN_CHAT)


async def hint(update: Update, context: _Context) -> None:
    """Answer stickers, photos, voice and other attachments with a short hint."""
    assert update.message is not None
    await _send(update, _advisor(context).unsupported(attachment_kind(update.message)))


async def report_error(update: object, context: _Context) -> None:
    """Log the error, tell the user politely, and keep running."""
    logger.error("Error while handling an update", exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            await update.effective_chat.send_message(SORRY)
        except TelegramError:
            logger.warning("Could not tell the user about the error either", exc_info=True)


async def register_commands(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Register the bot's commands with Telegram (setMyCommands)."""
    try:
        await application.bot.set_my_commands(COMMANDS)
    except TelegramError:
        logger.warning("Could not register the bot's commands", exc_info=True)


# --- wiring --------------------------------------------------------------------------------


def build_application(
    settings: Settings, advisor: Advisor
) -> Application[Any, Any, Any, Any, Any, Any]:
    """The Application, talking to `{TELEGRAM_API_URL}/bot<token>/<method>`."""
    api = settings.telegram_api_url
    application = (
        Application.builder()
        .token(settings.require_token())
        .base_url(f"{api}/bot")
        .base_file_url(f"{api}/file/bot")
        .rate_limiter(AIORateLimiter())
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .post_init(register_commands)
        .build()
    )
    application.bot_data["advisor"] = advisor
    new = filters.UpdateType.MESSAGE  # edited messages are ignored
    application.add_handlers(
        [
            CommandHandler("start", start, filters=new),
            CommandHandler("help", show_help, filters=new),
            CommandHandler("careers", browse, filters=new),
            CommandHandler("about", about, filters=new),
            MessageHandler(new & filters.TEXT, answer),
            MessageHandler(new & filters.ATTACHMENT, hint),
            CallbackQueryHandler(press),
            InlineQueryHandler(inline),
        ]
    )
    application.add_error_handler(report_error)
    return application


class _RedactingFormatter(logging.Formatter):
    """Formats as another formatter does, with a secret replaced (the token is in URLs)."""

    def __init__(self, inner: logging.Formatter | None, secret: str) -> None:
        super().__init__()
        self.inner = inner or logging.Formatter()
        self.secret = secret

    def format(self, record: logging.LogRecord) -> str:
        return self.inner.format(record).replace(self.secret, "<TELEGRAM_BOT_TOKEN>")


def configure_logging(settings: Settings) -> None:
    """Log at LOG_LEVEL to stderr, never showing the token; httpx only at WARNING."""
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    root = logging.getLogger()
    root.setLevel(settings.log_level)
    for name in ("httpx", "httpcore"):  # httpx logs every request URL, token included
        logging.getLogger(name).setLevel(logging.WARNING)
    if settings.telegram_bot_token:
        for handler in root.handlers:
            if not isinstance(handler.formatter, _RedactingFormatter):
                handler.setFormatter(
                    _RedactingFormatter(handler.formatter, settings.telegram_bot_token)
                )


def run(settings: Settings, advisor: Advisor) -> int:
    """Poll Telegram until SIGINT or SIGTERM; return the exit code (0 on a clean stop)."""
    configure_logging(settings)
    application = build_application(settings, advisor)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)  # run_polling runs on the current loop
    try:  # getMe first, so a bad token or server is one line, not PTB's logged traceback
        loop.run_until_complete(application.bot.initialize())
    except (InvalidToken, NetworkError) as exc:
        loop.close()
        print(f"careerbot: {_startup_problem(exc, settings)}", file=sys.stderr)
        return 2 if isinstance(exc, InvalidToken) else 1
    logger.info("careerbot is polling %s (Ctrl-C to stop)", settings.telegram_api_url)
    application.run_polling()  # stops cleanly on SIGINT, SIGTERM and SIGABRT
    logger.info("careerbot stopped")
    return 0


def _startup_problem(exc: TelegramError, settings: Settings) -> str:
    if isinstance(exc, InvalidToken):
        return f"the Bot API rejected TELEGRAM_BOT_TOKEN. {HOW_TO_GET_A_TOKEN}"
    problem = exc.message.replace(settings.require_token(), "<TELEGRAM_BOT_TOKEN>")
    return f"cannot reach the Bot API at {settings.telegram_api_url}: {problem}"
