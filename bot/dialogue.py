"""One turn of a conversation: chat state + what the user did -> reply + new state. Pure.

INTERFACE DRAFT: the lead is implementing the bodies; signatures are stable.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.knowledge import Knowledge
from bot.replies import Reply

# The bot's commands, as registered with Telegram's setMyCommands.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "Start over and see what I can do"),
    ("careers", "Browse careers by field"),
    ("help", "How to ask, with examples"),
    ("about", "Sources, data years and licences"),
)


@dataclass(frozen=True)
class ChatState:
    """What one chat remembers between turns."""

    career: str | None = None  # id of the last career talked about
    intent: str | None = None  # the last intent answered
    pending: tuple[str, ...] = ()  # career ids offered in a "which one?" question

    def to_dict(self) -> dict[str, Any]:
        return {"career": self.career, "intent": self.intent, "pending": list(self.pending)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ChatState:
        return cls(data.get("career"), data.get("intent"), tuple(data.get("pending") or ()))


@dataclass(frozen=True)
class Turn:
    reply: Reply
    state: ChatState
    edit: bool = False  # replace the message whose button was pressed (paging), not send anew


class Advisor:
    """Answers career questions from one knowledge base."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge

    def reply(self, state: ChatState, text: str) -> Turn:
        """Answer a free-text message."""
        raise NotImplementedError

    def press(self, state: ChatState, data: str) -> Turn:
        """Answer a button press (its callback data); stale or forged data gets a helpful reply."""
        raise NotImplementedError

    def start(self, state: ChatState, payload: str | None = None) -> Turn:
        """Greet; a deep-link payload naming a career (id or SOC code) opens it."""
        raise NotImplementedError

    def help(self) -> Reply:
        raise NotImplementedError

    def about(self) -> Reply:
        raise NotImplementedError

    def browse(self) -> Reply:
        """The first page of /careers: the SOC major groups as buttons."""
        raise NotImplementedError

    def inline(self, text: str, limit: int = 5) -> tuple[Reply, ...]:
        """Answer cards for an inline query; empty when nothing matches."""
        raise NotImplementedError

    def unsupported(self, kind: str) -> Reply:
        """A short hint for stickers, photos, voice and other non-text messages."""
        raise NotImplementedError
