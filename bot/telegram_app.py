"""The Telegram side: a python-telegram-bot Application, polling the Bot API or on a webhook.

Handlers only translate updates into :class:`~bot.dialogue.Advisor` calls and replies into
messages; what to say is decided by the advisor, how it looks by :func:`~bot.replies.render_html`.
Each chat's context lives in the store (:mod:`bot.store`), read and written only by
:func:`load_state` and :func:`save_state`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from telegram import (
    BotCommandScopeChat,
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
from telegram.error import BadRequest, InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.ext import (
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
from bot.index_cache import load_understanding
from bot.knowledge import Knowledge, KnowledgeError
from bot.replies import Reply, bold, line, render_html, render_text
from bot.settings import HOW_TO_GET_A_TOKEN, Settings, Webhook
from bot.stats import Stats, normalise_question, stats_reply, unanswered_reply
from bot.store import Store, StoreUnavailable, open_store
from bot.telegram.sending import PatientRateLimiter
from bot.telegram.updates import ChatOrderedProcessor
from bot.telegram.webhook import Health, WebhookServer, bind, build_webhook_app

logger = logging.getLogger(__name__)

# The owner's commands (ADMIN_IDS): shown only in the owners' own chats.
ADMIN_COMMANDS: tuple[tuple[str, str], ...] = (
    ("stats", "Questions since start, answered share, top careers"),
    ("unanswered", "Most frequent questions I could not answer"),
    ("reload", "Reload the knowledge base"),
)
UNANSWERED_SHOWN = 20
PURGE_SECONDS = 600.0  # how often expired context and old update ids are deleted
POOL_TIMEOUT_SECONDS = 10.0  # waiting for a free connection (a timeout gives the send up)
# The update kinds the bot handles; Telegram sends no others.
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY]
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


# --- per-chat state, in the store ----------------------------------------------------------


async def load_state(update: Update, context: _Context) -> ChatState:
    """This chat's state; a fresh one for a new chat, an update without a chat, or no store."""
    if update.effective_chat is None:
        return ChatState()
    data = await _store(context).load_state(update.effective_chat.id)
    return ChatState.from_dict(data) if data is not None else ChatState()


async def save_state(update: Update, context: _Context, state: ChatState) -> None:
    """Remember this chat's state for its next update."""
    if update.effective_chat is not None:
        await _store(context).save_state(update.effective_chat.id, state.to_dict())


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


def reloaded(knowledge: Knowledge) -> Reply:
    """What /reload says when the new knowledge base is serving."""
    summary = f"{len(knowledge.careers)} careers, {len(knowledge.sources)} sources"
    return Reply((line(bold("Knowledge base reloaded")), line(f"Now serving {summary}.")))


def not_reloaded(error: KnowledgeError) -> Reply:
    """What /reload says when the new knowledge base is broken."""
    return Reply(
        (
            line(bold("Knowledge base not reloaded")),
            line(str(error)),
            line("The previous knowledge base keeps serving."),
        )
    )


def _advisor(context: _Context) -> Advisor:
    advisor: Advisor = context.bot_data["advisor"]
    return advisor


def _store(context: _Context) -> Store:
    store: Store = context.bot_data["store"]
    return store


def _stats(context: _Context) -> Stats:
    stats: Stats = context.bot_data["stats"]
    return stats


async def _note_question(context: _Context, text: str, reply: Reply) -> None:
    """Count a question (not an unknown /command); keep it, normalised and anonymous, when it
    went unanswered."""
    if text.startswith("/"):
        return
    _stats(context).record(reply)
    if reply.kind == "fallback":
        await _store(context).record_unanswered(normalise_question(text))


async def _send(update: Update, reply: Reply) -> None:
    assert update.effective_chat is not None
    await update.effective_chat.send_message(render_html(reply), reply_markup=keyboard(reply))


# --- handlers ------------------------------------------------------------------------------


async def start(update: Update, context: _Context) -> None:
    """Greet, or open the career a deep link (t.me/<bot>?start=<career-id>) names."""
    payload = context.args[0] if context.args else None
    turn = _advisor(context).start(await load_state(update, context), payload)
    await save_state(update, context, turn.state)
    await _send(update, turn.reply)
    if update.effective_user and update.effective_user.id in context.bot_data["admin_ids"]:
        await show_admin_commands(context.bot, update.effective_user.id)


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
    text = update.message.text
    turn = _advisor(context).reply(await load_state(update, context), text)
    await save_state(update, context, turn.state)
    await _note_question(context, text, turn.reply)
    await _send(update, turn.reply)


async def press(update: Update, context: _Context) -> None:
    """Answer a button press: edit the message for paging, else send a new one."""
    query = update.callback_query
    assert query is not None
    try:
        await query.answer()
    except BadRequest as exc:  # too old (e.g. pressed while the bot was down): answer anyway
        logger.debug("Could not answer a callback query: %s", exc)
    turn = _advisor(context).press(await load_state(update, context), query.data or "")
    await save_state(update, context, turn.state)
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


# --- the owner's commands (ADMIN_IDS only; others get /help) --------------------------------


async def reload_knowledge(update: Update, context: _Context) -> None:
    """Reload the knowledge base; a broken one is refused and the old one keeps serving."""
    directory: Path = context.bot_data["knowledge_dir"]
    try:  # seconds of parsing and indexing: off the event loop, which keeps answering
        knowledge, understanding = await asyncio.to_thread(load_understanding, directory)
    except KnowledgeError as exc:
        logger.warning("Knowledge base not reloaded: %s", exc)
        await _send(update, not_reloaded(exc))
        return
    context.bot_data["advisor"] = Advisor(knowledge, understanding)
    logger.info("Knowledge base reloaded from %s", directory)
    await _send(update, reloaded(knowledge))


async def show_stats(update: Update, context: _Context) -> None:
    """Show questions since start, the answered share, top careers and topics."""
    await _send(update, stats_reply(_stats(context), store=_store(context).status))


async def show_unanswered(update: Update, context: _Context) -> None:
    """Show the most frequent questions the bot could not answer."""
    rows = await _store(context).unanswered(UNANSWERED_SHOWN)
    await _send(update, unanswered_reply(rows))


# --- errors and commands ---------------------------------------------------------------------


async def report_error(update: object, context: _Context) -> None:
    """Log the error, tell the user politely, and keep running."""
    error = context.error
    if isinstance(error, RetryAfter | NetworkError) and not isinstance(error, BadRequest):
        logger.error("Error while handling an update: %s", error)  # a send given up, logged
    else:
        logger.error("Error while handling an update", exc_info=error)
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            await update.effective_chat.send_message(SORRY)
        except TelegramError as exc:
            logger.warning("Could not tell the user about the error either: %s", exc)


async def register_commands(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Register the bot's commands with Telegram (setMyCommands); the owners' in their chats."""
    try:
        await application.bot.set_my_commands(COMMANDS)
    except TelegramError:
        logger.warning("Could not register the bot's commands", exc_info=True)
    for user_id in sorted(application.bot_data["admin_ids"]):
        await show_admin_commands(application.bot, user_id)


async def show_admin_commands(bot: Any, user_id: int) -> None:
    """Offer the owner's commands in the owner's private chat only (BotCommandScopeChat)."""
    try:
        await bot.set_my_commands(COMMANDS + ADMIN_COMMANDS, scope=BotCommandScopeChat(user_id))
    except TelegramError as exc:  # e.g. the owner has not talked to the bot yet
        logger.info("Owner commands not shown to an owner yet (%s); they are after /start", exc)


# --- wiring --------------------------------------------------------------------------------


def build_application(
    settings: Settings,
    advisor: Advisor,
    store: Store,
    stats: Stats | None = None,
    *,
    webhook: bool = False,
) -> Application[Any, Any, Any, Any, Any, Any]:
    """The Application, talking to `{TELEGRAM_API_URL}/bot<token>/<method>`; updates come from
    polling, or (`webhook`) from the webhook server through its update queue."""
    api = settings.telegram_api_url
    stats = stats or Stats()

    async def claim(update: Update) -> bool:
        return await store.claim_update(application.bot.id, update.update_id)

    builder = (
        Application.builder()
        .token(settings.require_token())
        .base_url(f"{api}/bot")
        .base_file_url(f"{api}/file/bot")
        .rate_limiter(
            PatientRateLimiter(
                settings.send_rate_limit, settings.send_retries, stats.record_give_up
            )
        )
        .concurrent_updates(ChatOrderedProcessor(settings.concurrent_updates, claim))
        # Few connections are faster: httpcore checks every pooled one on each request.
        .connection_pool_size(settings.bot_api_connections)
        .pool_timeout(POOL_TIMEOUT_SECONDS)
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
    )
    if webhook:
        builder = builder.updater(None)
    application = builder.build()
    application.bot_data.update(
        advisor=advisor,
        store=store,
        stats=stats,
        admin_ids=settings.admin_ids,
        knowledge_dir=settings.knowledge_dir,
    )
    new = filters.UpdateType.MESSAGE  # edited messages are ignored
    owner = new & filters.User(user_id=settings.admin_ids)
    application.add_handlers(
        [
            CommandHandler("start", start, filters=new),
            CommandHandler("help", show_help, filters=new),
            CommandHandler("careers", browse, filters=new),
            CommandHandler("about", about, filters=new),
            CommandHandler("reload", reload_knowledge, filters=owner),
            CommandHandler("stats", show_stats, filters=owner),
            CommandHandler("unanswered", show_unanswered, filters=owner),
            CommandHandler([c for c, _ in ADMIN_COMMANDS], show_help, filters=new),
            MessageHandler(new & filters.TEXT, answer),
            MessageHandler(new & filters.ATTACHMENT, hint),
            CallbackQueryHandler(press),
            InlineQueryHandler(inline),
        ]
    )
    application.add_error_handler(report_error)
    return application


class _RedactingFormatter(logging.Formatter):
    """Formats as another formatter does, with secrets replaced (the token is in URLs)."""

    def __init__(self, inner: logging.Formatter | None, secrets: dict[str, str]) -> None:
        super().__init__()
        self.inner = inner or logging.Formatter()
        self.secrets = secrets  # secret -> what is shown instead

    def format(self, record: logging.LogRecord) -> str:
        text = self.inner.format(record)
        for secret, shown in self.secrets.items():
            text = text.replace(secret, shown)
        return text


def configure_logging(settings: Settings) -> None:
    """Log at LOG_LEVEL to stderr, never showing secrets; httpx and uvicorn only at WARNING."""
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    root = logging.getLogger()
    root.setLevel(settings.log_level)
    # httpx logs every request URL, token included; uvicorn its start and stop.
    for name in ("httpx", "httpcore", "uvicorn", "uvicorn.error"):
        logging.getLogger(name).setLevel(logging.WARNING)
    secrets = {
        value: f"<{key}>"
        for key, value in (
            ("TELEGRAM_BOT_TOKEN", settings.telegram_bot_token),
            ("WEBHOOK_SECRET", settings.webhook_secret),
        )
        if value
    }
    if secrets:
        for handler in root.handlers:
            if not isinstance(handler.formatter, _RedactingFormatter):
                handler.setFormatter(_RedactingFormatter(handler.formatter, secrets))


class _Problem(Exception):
    """A start-up problem: one line for the user, and the exit code."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def run(settings: Settings, advisor: Advisor, *, webhook: Webhook | None = None) -> int:
    """Poll Telegram (or serve `webhook`) until SIGINT or SIGTERM; return the exit code:
    0 on a clean stop, 2 for a bad setting, 1 for a service (Bot API, Redis) out of reach."""
    configure_logging(settings)
    try:
        with asyncio.Runner(loop_factory=_loop_factory()) as runner:
            runner.run(_serve(settings, advisor, webhook))
    except _Problem as problem:
        print(f"careerbot: {problem}", file=sys.stderr)
        return problem.code
    logger.info("careerbot stopped")
    return 0


def _loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop's event loop where it is installed (it moves messages faster), else asyncio's."""
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop


async def _serve(settings: Settings, advisor: Advisor, webhook: Webhook | None) -> None:
    token = settings.require_token()
    async with contextlib.AsyncExitStack() as stack:
        sock = _listen(webhook) if webhook is not None else None  # first: a busy port is one line
        if sock is not None:
            stack.callback(sock.close)
        try:
            store = await open_store(settings.state_db, settings.redis_url, pepper=token.encode())
        except StoreUnavailable as exc:
            raise _Problem(str(exc), 1 if settings.redis_url else 2) from None
        stack.push_async_callback(store.close)
        application = build_application(settings, advisor, store, webhook=webhook is not None)
        try:  # getMe first, so a bad token or server is one line, not a logged traceback
            await application.initialize()
        except (InvalidToken, NetworkError) as exc:
            raise _Problem(
                _startup_problem(exc, settings), 2 if isinstance(exc, InvalidToken) else 1
            ) from None
        stack.push_async_callback(application.shutdown)
        await _run_application(application, settings, store, webhook, sock)


def _listen(webhook: Webhook) -> socket.socket:
    try:
        return bind(webhook.listen, webhook.port)
    except OSError as exc:
        where = f"{webhook.listen}:{webhook.port}"
        raise _Problem(f"cannot listen on {where}: {exc.strerror or exc}", 1) from None


async def _run_application(
    application: Application[Any, Any, Any, Any, Any, Any],
    settings: Settings,
    store: Store,
    webhook: Webhook | None,
    sock: socket.socket | None,
) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await application.start()
    purging = asyncio.create_task(_purge_regularly(store))
    try:
        await register_commands(application)
        if webhook is None or sock is None:
            await _poll(application, settings, store, stop)
        else:
            await _serve_webhook(application, webhook, sock, store, stop)
    finally:
        purging.cancel()
        await application.stop()


async def _poll(
    application: Application[Any, Any, Any, Any, Any, Any],
    settings: Settings,
    store: Store,
    stop: asyncio.Event,
) -> None:
    assert application.updater is not None
    await application.updater.start_polling(allowed_updates=ALLOWED_UPDATES)
    logger.info(
        "careerbot is polling %s, context in %s (Ctrl-C to stop)",
        settings.telegram_api_url,
        store.status,
    )
    await stop.wait()
    await application.updater.stop()


async def _serve_webhook(
    application: Application[Any, Any, Any, Any, Any, Any],
    webhook: Webhook,
    sock: socket.socket,
    store: Store,
    stop: asyncio.Event,
) -> None:
    health = Health(store_status=lambda: store.status)
    app = build_webhook_app(
        application.bot, application.update_queue, webhook.path, webhook.secret, health
    )
    server = WebhookServer(app, sock)
    serving = asyncio.create_task(server.serve_forever())
    try:
        await server.wait_started(serving)
        try:
            await application.bot.set_webhook(
                webhook.url, secret_token=webhook.secret, allowed_updates=ALLOWED_UPDATES
            )
        except TelegramError as exc:
            code = 1 if isinstance(exc, NetworkError) and not isinstance(exc, BadRequest) else 2
            raise _Problem(f"setWebhook to WEBHOOK_URL {webhook.url} failed: {exc}", code) from None
        health.ready = True
        logger.info(
            "careerbot is listening on %s:%d%s for %s, context in %s (Ctrl-C to stop)",
            webhook.listen,
            webhook.port,
            webhook.path,
            webhook.url,
            store.status,
        )
        await stop.wait()
    finally:
        health.ready, health.stopping = False, True  # refuse new updates: Telegram retries
        server.should_exit = True
        await serving


async def _purge_regularly(store: Store) -> None:
    """Delete what is past its retention now and every PURGE_SECONDS."""
    while True:
        await store.purge()
        await asyncio.sleep(PURGE_SECONDS)


def _startup_problem(exc: TelegramError, settings: Settings) -> str:
    if isinstance(exc, InvalidToken):
        return f"the Bot API rejected TELEGRAM_BOT_TOKEN. {HOW_TO_GET_A_TOKEN}"
    problem = exc.message.replace(settings.require_token(), "<TELEGRAM_BOT_TOKEN>")
    return f"cannot reach the Bot API at {settings.telegram_api_url}: {problem}"
