"""Replies as Telegram objects (pure): keyboards, inline answer cards, what an attachment is,
and what /reload says.

What to say is the advisor's (:class:`~bot.dialogue.Advisor`), how it reads is
:func:`~bot.replies.render_html`'s; these only put a reply into python-telegram-bot's objects.
"""

from __future__ import annotations

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Message,
)
from telegram.constants import ParseMode

from bot.knowledge import Knowledge, KnowledgeError
from bot.replies import Reply, bold, line, render_html, visible_text

# Shown above inline results; opens a private chat with "/start inline".
OPEN_CHAT = InlineQueryResultsButton(text="Ask me in a private chat", start_parameter="inline")
# Message attributes naming what was sent, most specific first (a venue is also a location).
ATTACHMENT_KINDS = (
    "sticker", "photo", "voice", "video_note", "video", "animation", "audio", "document",
    "venue", "location", "contact", "poll", "dice", "game", "story",
)  # fmt: skip


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
    return visible_text(reply).split("\n", 1)[0].strip() or "careerbot"


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
