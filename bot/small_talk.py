"""Small talk: greetings, thanks, goodbyes, "who are you", "what can you do" get a short
friendly reply from ``knowledge/small-talk.yaml``, never "I couldn't tell which career"."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.knowledge import SmallTalk
from bot.replies import Button, Reply, line
from bot.understanding import Interpretation
from bot.words import normalise

# Chat spellings spelt out, and words around small talk that change nothing ("ok thanks lol").
_CHAT_SPELLINGS = {"u": "you", "r": "are", "ur": "your", "ya": "you", "yu": "you", "pls": "please"}
_AROUND_TALK = frozenset(("ok", "okay", "k", "oh", "well", "alright", "so", "lol", "lmao", "haha"))
_LONG_LETTERS = re.compile(r"(\w)\1{2,}")
# Kinds of small talk that may open a longer message, and that may close one.
_TALK_OPENS = frozenset(("greeting", "thanks", "help", "how_are_you", "who"))
_TALK_CLOSES = frozenset(("thanks", "goodbye"))
_TALK_WORDS = 8  # at most, of a message small talk is recognised in by a keyword


def reply(
    kinds: Sequence[SmallTalk],
    text: str,
    reading: Interpretation,
    offerable: bool,
    examples: Sequence[str] = (),
) -> Reply | None:
    """The reply to small talk, or None for anything that asks about a career. `offerable`:
    the careers the reading found are worth offering (the message may be about them)."""
    if reading.place.areas:
        return None
    words = talk_words(text)
    best = reading.candidates[0] if reading.candidates else None
    named = best is not None and best.full and offerable  # "nurse bot"
    loose = offerable or reading.intent not in (None, "overview")
    for talk in kinds:
        # A phrase said whole ("r u a bot" spells no career), a keyword beside no career's
        # name, or small talk around no question.
        said = bool(talk.keywords & set(words)) and len(words) <= _TALK_WORDS
        said = said and not (loose if len(words) > 3 else named)  # "r u a bot"; not a question
        whole = words in talk.phrases or said
        if whole or (not loose and says(talk, words)):
            lines = [line(text) for text in talk.reply]
            shown = (line(f"• {q}") for q in examples)
            return Reply(
                (*lines, line("For example:"), *shown, line("Or browse with /careers.")),
                ((Button("📚 Browse careers", data="g"),),),
                kind="info",
                intent="chat",
            )
    return None


def talk_words(text: str) -> tuple[str, ...]:
    """A message's words as small talk is matched: "hiii" -> "hi", "r u" -> "are you", an
    "ok" or "lol" around it set aside."""
    words = [_CHAT_SPELLINGS.get(w, w) for w in normalise(_LONG_LETTERS.sub(r"\1", text))]
    while words and words[0] in _AROUND_TALK:
        words.pop(0)
    while words and words[-1] in _AROUND_TALK:
        words.pop()
    return tuple(words)


def says(talk: SmallTalk, words: tuple[str, ...]) -> bool:
    """The words are this small talk: a phrase of it, opened or closed by one, or a keyword."""
    if words in talk.phrases or talk.keywords & set(words):
        return True
    opens = talk.kind in _TALK_OPENS and any(words[: len(p)] == p for p in talk.phrases)
    closes = talk.kind in _TALK_CLOSES and any(words[-len(p) :] == p for p in talk.phrases)
    return opens or closes
