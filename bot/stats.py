"""What the owner sees: questions since start, and the questions the bot could not answer.

Counters live in memory, per process, since it started; unanswered questions are kept by the
store (:mod:`bot.store`) as normalised text, a count and when last asked — never who asked.
Both are shown as replies (:func:`stats_reply`, :func:`unanswered_reply`), the same on
Telegram (/stats, /unanswered) and in the terminal (`careerbot unanswered`).
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bot.replies import Line, Reply, bold, line

MAX_QUESTION_CHARS = 200  # longer unanswered questions are cut, then stored
TOP = 5  # careers and intents shown by /stats

_EMAIL = re.compile(r"\S+@\S+\.\w+")
_MENTION = re.compile(r"@\w+")
_NUMBER = re.compile(r"\+?\d[\d ()./-]*\d")
_LONG = 7  # digits from which a number is masked: phone numbers, ids, card numbers
_SPACE = re.compile(r"\s+")


def normalise_question(text: str) -> str:
    """A question as stored: lower case, one space between words, contact details masked."""
    text = _EMAIL.sub("<email>", text)
    text = _MENTION.sub("<name>", text)
    text = _NUMBER.sub(_mask_long_number, text)
    text = _SPACE.sub(" ", text).strip().lower()
    return text[:MAX_QUESTION_CHARS].rstrip()


def _mask_long_number(match: re.Match[str]) -> str:
    digits = sum(c.isdigit() for c in match.group())
    return "<number>" if digits >= _LONG else match.group()


@dataclass(frozen=True)
class Unanswered:
    """A question the bot could not answer: its normalised text, how often, when last."""

    text: str
    count: int
    last_seen: float  # Unix time


@dataclass
class Stats:
    """Counters since this process started (in memory: nothing here names a user)."""

    started: float = field(default_factory=time.time)
    questions: int = 0
    answered: int = 0
    careers: Counter[str] = field(default_factory=Counter)  # career titles answered about
    intents: Counter[str] = field(default_factory=Counter)
    gave_up: int = 0  # replies given up after every retry failed

    def record(self, reply: Reply) -> None:
        """Count a free-text question and how it was answered."""
        self.questions += 1
        if reply.kind == "answer":
            self.answered += 1
        if reply.career is not None:
            self.careers[reply.career.title] += 1
        if reply.intent is not None and reply.kind == "answer":
            self.intents[reply.intent] += 1

    def record_give_up(self) -> None:
        self.gave_up += 1


def _ago(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min"
    return f"{hours // 24} days"


def _date(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%d %H:%M UTC")


def _top(counter: Counter[str]) -> str:
    return ", ".join(f"{name} ({count})" for name, count in counter.most_common(TOP)) or "none yet"


def stats_reply(stats: Stats, *, now: float | None = None, store: str = "") -> Reply:
    """/stats: questions since start, the answered share, top careers and intents."""
    now = time.time() if now is None else now
    share = f"{stats.answered / stats.questions:.0%}" if stats.questions else "–"
    lines: list[Line] = [
        line(bold("Since start")),
        line(f"Started {_date(stats.started)} ({_ago(now - stats.started)} ago)."),
        line(f"Questions: {stats.questions}; answered: {stats.answered} ({share})."),
        line(f"Top careers: {_top(stats.careers)}."),
        line(f"Top topics: {_top(stats.intents)}."),
        line(f"Replies given up after retries: {stats.gave_up}."),
    ]
    if store:
        lines.append(line(f"Store: {store}."))
    return Reply(tuple(lines), kind="info")


def unanswered_reply(rows: list[Unanswered]) -> Reply:
    """/unanswered: the most frequent questions the bot could not answer, with counts."""
    if not rows:
        return Reply((line("No unanswered questions recorded."),), kind="info")
    lines: list[Line] = [line(bold("Questions I could not answer, most frequent first"))]
    for row in rows:
        day = datetime.fromtimestamp(row.last_seen, UTC).strftime("%Y-%m-%d")
        lines.append(line(f"{row.count}× “{row.text}” (last {day})"))
    return Reply(tuple(lines), kind="info")
