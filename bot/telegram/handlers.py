"""The bot's handlers: each turns an update into an :class:`~bot.dialogue.Advisor` call and the
reply into a message (:mod:`bot.telegram.messages`); the error handler; the commands registered
with Telegram.

Handlers reach what they use through ``context.services``, one :class:`Services` kept in
``bot_data``. Each chat's context lives in the store (:mod:`bot.store`), read and written only by
:func:`load_state` and :func:`save_state`.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeAlias

from telegram import Bot, BotCommandScopeChat, CallbackQuery, Update
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError
from telegram.ext import (
    Application,
    CallbackContext,
    CallbackQueryHandler,
    CommandHandler,
    ExtBot,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.dialogue import COMMANDS, Advisor, ChatState
from bot.index_cache import load_understanding
from bot.knowledge import KnowledgeError
from bot.replies import Reply, render_html
from bot.stats import Stats, normalise_question, stats_reply, unanswered_reply
from bot.store import Store
from bot.telegram.charts import Drawing, send_chart
from bot.telegram.messages import (
    OPEN_CHAT,
    attachment_kind,
    card,
    keyboard,
    not_reloaded,
    reloaded,
)

logger = logging.getLogger(__name__)

# The owner's commands (ADMIN_IDS): shown only in the owners' own chats.
ADMIN_COMMANDS: tuple[tuple[str, str], ...] = (
    ("stats", "Questions since start, answered share, top careers"),
    ("unanswered", "Most frequent questions I could not answer"),
    ("reload", "Reload the knowledge base"),
)
UNANSWERED_SHOWN = 20
# The update kinds the bot handles; Telegram sends no others.
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY]
INLINE_CACHE_SECONDS = 10
SORRY = "Sorry, something went wrong on my side. Please try again, or send /help."


# --- what the handlers use: context.services -----------------------------------------------


@dataclass(slots=True)
class Services:
    """What the handlers use, made once at start and kept in ``bot_data``. Only the advisor
    ever changes: /reload replaces it."""

    advisor: Advisor
    store: Store
    stats: Stats
    admin_ids: frozenset[int]  # the owners (ADMIN_IDS)
    knowledge_dir: Path  # what /reload reads
    drawing: Drawing = field(default_factory=Drawing)  # charts, drawn off the event loop


_SERVICES = "services"  # bot_data's only key


class Context(CallbackContext[ExtBot[int], dict[Any, Any], dict[Any, Any], dict[str, Services]]):
    """A handler's context: python-telegram-bot's, with the bot's :class:`Services`."""

    @property
    def services(self) -> Services:
        return self.bot_data[_SERVICES]


BotApplication: TypeAlias = Application[
    ExtBot[int], Context, dict[Any, Any], dict[Any, Any], dict[str, Services], Any
]


# --- per-chat state, in the store ----------------------------------------------------------


async def load_state(update: Update, context: Context) -> ChatState:
    """This chat's state; a fresh one for a new chat, an update without a chat, or no store."""
    if update.effective_chat is None:
        return ChatState()
    data = await context.services.store.load_state(update.effective_chat.id)
    return ChatState.from_dict(data) if data is not None else ChatState()


async def save_state(update: Update, context: Context, state: ChatState) -> None:
    """Remember this chat's state for its next update."""
    if update.effective_chat is not None:
        await context.services.store.save_state(update.effective_chat.id, state.to_dict())


async def _note_question(context: Context, text: str, reply: Reply) -> None:
    """Count a question (not an unknown /command); keep it, normalised and anonymous, when it
    went unanswered."""
    if text.startswith("/"):
        return
    context.services.stats.record(reply)
    if reply.kind == "fallback":
        await context.services.store.record_unanswered(normalise_question(text))


async def _send(update: Update, reply: Reply) -> None:
    assert update.effective_chat is not None
    await update.effective_chat.send_message(render_html(reply), reply_markup=keyboard(reply))


# --- handlers ------------------------------------------------------------------------------


async def start(update: Update, context: Context) -> None:
    """Greet, or open the career a deep link (t.me/<bot>?start=<career-id>) names."""
    payload = context.args[0] if context.args else None
    turn = context.services.advisor.start(await load_state(update, context), payload)
    await save_state(update, context, turn.state)
    await _send(update, turn.reply)
    if update.effective_user and update.effective_user.id in context.services.admin_ids:
        await show_admin_commands(context.bot, update.effective_user.id)


async def show_help(update: Update, context: Context) -> None:
    """Explain how to ask, with examples."""
    await _send(update, context.services.advisor.help())


async def browse(update: Update, context: Context) -> None:
    """Show the first page of careers by field."""
    await _send(update, context.services.advisor.browse())


async def about(update: Update, context: Context) -> None:
    """Name the sources, data years and licences."""
    await _send(update, context.services.advisor.about())


async def place(update: Update, context: Context) -> None:
    """Set the chat's place (/place Ohio), or clear it (/place)."""
    text = " ".join(context.args or ())
    turn = context.services.advisor.place(await load_state(update, context), text)
    await save_state(update, context, turn.state)
    await _send(update, turn.reply)


async def find(update: Update, context: Context) -> None:
    """Start the guided finder (/find), or find careers from words (/find jobs in healthcare)."""
    text = " ".join(context.args or ())
    turn = context.services.advisor.find(await load_state(update, context), text)
    await save_state(update, context, turn.state)
    await _send(update, turn.reply)


async def answer(update: Update, context: Context) -> None:
    """Answer a free-text message (and unknown commands) in the context of this chat."""
    assert update.message is not None and update.message.text is not None
    text = update.message.text
    turn = context.services.advisor.reply(await load_state(update, context), text)
    await save_state(update, context, turn.state)
    await _note_question(context, text, turn.reply)
    await _send(update, turn.reply)


async def press(update: Update, context: Context) -> None:
    """Answer a button press: edit the message for paging, else send a new one."""
    query = update.callback_query
    assert query is not None
    try:
        await query.answer()
    except BadRequest as exc:  # too old (e.g. pressed while the bot was down): answer anyway
        logger.debug("Could not answer a callback query: %s", exc)
    turn = context.services.advisor.press(await load_state(update, context), query.data or "")
    await save_state(update, context, turn.state)
    if turn.edit or update.effective_chat is None:  # no chat: a button in an inline message
        await _edit(query, turn.reply)
    elif turn.reply.chart is not None:
        services = context.services
        await send_chart(update.effective_chat, turn.reply, services.store, services.drawing)
    else:
        await _send(update, turn.reply)


async def _edit(query: CallbackQuery, reply: Reply) -> None:
    try:
        await query.edit_message_text(render_html(reply), reply_markup=keyboard(reply))
    except BadRequest as exc:
        if "not modified" not in exc.message.lower():  # the same page pressed twice
            raise


async def inline(update: Update, context: Context) -> None:
    """Answer an inline query (@bot production manager salary) with answer cards."""
    query = update.inline_query
    assert query is not None
    advisor = context.services.advisor
    results = [card(i, r, advisor.knowledge) for i, r in enumerate(advisor.inline(query.query))]
    await query.answer(results, cache_time=INLINE_CACHE_SECONDS, button=OPEN_CHAT)


async def hint(update: Update, context: Context) -> None:
    """Answer stickers, photos, voice and other attachments with a short hint."""
    assert update.message is not None
    await _send(update, context.services.advisor.unsupported(attachment_kind(update.message)))


# --- the owner's commands (ADMIN_IDS only; others get /help) --------------------------------


async def reload_knowledge(update: Update, context: Context) -> None:
    """Reload the knowledge base; a broken one is refused and the old one keeps serving."""
    services = context.services
    directory = services.knowledge_dir
    try:  # seconds of parsing and indexing: off the event loop, which keeps answering
        knowledge, understanding = await asyncio.to_thread(load_understanding, directory)
    except KnowledgeError as exc:
        logger.warning("Knowledge base not reloaded: %s", exc)
        await _send(update, not_reloaded(exc))
        return
    services.advisor = Advisor(knowledge, understanding, services.advisor.local)
    logger.info("Knowledge base reloaded from %s", directory)
    await _send(update, reloaded(knowledge))


async def show_stats(update: Update, context: Context) -> None:
    """Show questions since start, the answered share, top careers and topics."""
    await _send(update, stats_reply(context.services.stats, store=context.services.store.status))


async def show_unanswered(update: Update, context: Context) -> None:
    """Show the most frequent questions the bot could not answer."""
    rows = await context.services.store.unanswered(UNANSWERED_SHOWN)
    await _send(update, unanswered_reply(rows))


# --- routing, errors and commands -----------------------------------------------------------


def add_handlers(application: BotApplication, services: Services) -> None:
    """Give the handlers `services`, and route each kind of update to its handler: the owner's
    commands for the owners only (others get /help); errors go to :func:`report_error`."""
    application.bot_data[_SERVICES] = services
    new = filters.UpdateType.MESSAGE  # edited messages are ignored
    owner = new & filters.User(user_id=services.admin_ids)
    application.add_handlers(
        [
            CommandHandler("start", start, filters=new),
            CommandHandler("help", show_help, filters=new),
            CommandHandler("careers", browse, filters=new),
            CommandHandler("about", about, filters=new),
            CommandHandler("place", place, filters=new),
            CommandHandler("find", find, filters=new),
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


async def report_error(update: object, context: Context) -> None:
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


async def register_commands(application: BotApplication) -> None:
    """Register the bot's commands with Telegram (setMyCommands); the owners' in their chats."""
    try:
        await application.bot.set_my_commands(COMMANDS)
    except TelegramError:
        logger.warning("Could not register the bot's commands", exc_info=True)
    for user_id in sorted(application.bot_data[_SERVICES].admin_ids):
        await show_admin_commands(application.bot, user_id)


async def show_admin_commands(bot: Bot, user_id: int) -> None:
    """Offer the owner's commands in the owner's private chat only (BotCommandScopeChat)."""
    try:
        await bot.set_my_commands(COMMANDS + ADMIN_COMMANDS, scope=BotCommandScopeChat(user_id))
    except TelegramError as exc:  # e.g. the owner has not talked to the bot yet
        logger.info("Owner commands not shown to an owner yet (%s); they are after /start", exc)
