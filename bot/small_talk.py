"""Small talk: greetings, thanks, goodbyes, "who are you", "what can you do" get a short
friendly reply from ``knowledge/small-talk.yaml``, never "I couldn't tell which career".

A message is small talk when it is a kind's phrase, or holds a phrase or keyword of some kind
and says nothing else: every word is small talk (see the header of small-talk.yaml). Words are
read as people type in chat: "hiii", "thankyou", "thnak u", "r u".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import product

from rapidfuzz import process
from rapidfuzz.distance import OSA, Indel

from bot import answers
from bot.knowledge import SmallTalk, SmallTalkData
from bot.replies import Button, Reply, line
from bot.understanding import Interpretation
from bot.understanding.text import everyday_words
from bot.words import normalise

_REPEATS = re.compile(r"(\w)\1+")
_LONG_RUNS = re.compile(r"(\w)\1{2,}")  # a letter said three times or more
_TYPO_FROM = 4  # shorter words are too often other words ("hell", "yep") to correct
_TWO_EDITS_FROM = 8  # letters; below, one edit only ("thnak" -> "thank")
_UNKNOWN_AT_MOST = 2  # words to correct: more, and the message is about something else


@dataclass(frozen=True)
class _Kind:
    """One kind of small talk as messages are matched against it."""

    talk: SmallTalk
    phrases: frozenset[tuple[str, ...]]  # spelt out as messages are
    vocabulary: frozenset[str]  # every word it may say: keywords, words, its phrases' words

    def holds(self, words: tuple[str, ...]) -> bool:
        """The message holds one of its keywords or phrases."""
        if self.talk.keywords & set(words):
            return True
        return any(_contains(words, p) for p in self.phrases)


@dataclass(frozen=True)
class _Book:
    """The small talk file made ready for matching."""

    data: SmallTalkData
    kinds: tuple[_Kind, ...]
    known: frozenset[str]  # every word small talk knows, as typed (before spelling out)
    targets: tuple[str, ...]  # the words typos are corrected to


def reply(
    talk: SmallTalkData,
    text: str,
    reading: Interpretation,
    examples: Sequence[str] = (),
) -> Reply | None:
    """The reply to small talk, or None for anything that asks about a career. A career the
    reading found by a word of small talk ("r" of "r u a bot", "human") is no career meant."""
    if reading.place.areas:
        return None
    book = _book(talk)
    best = reading.candidates[0] if reading.candidates else None
    if (
        reading.confident
        and best is not None
        and best.full
        and book.known.isdisjoint(best.explains)
    ):
        return None  # "what about plumbers?" names a career, though "plumbers" is near "numbers"
    words = talk_words(book, text)
    kind = _whole(book, _trimmed(book, words)) or _covering(book, words)
    if kind is None:
        return None
    lines = [line(text) for text in kind.talk.reply]
    shown = (line(f"• {q}") for q in examples)
    return Reply(
        (
            *lines,
            line("For example:"),
            *shown,
            line("Not sure which career? Try /find, or browse /careers."),
        ),
        ((Button("🔎 Find a career", data=answers.FIND_DATA), Button("📚 Browse", data="g")),),
        kind="info",
        intent="chat",
    )


def _whole(book: _Book, words: tuple[str, ...]) -> _Kind | None:
    """The kind the message is a phrase of, word for word."""
    return next((k for k in book.kinds if words in k.phrases), None)


def _covering(book: _Book, words: tuple[str, ...]) -> _Kind | None:
    """The kind of a message made only of small talk, or None when a word says more."""
    held = [k for k in book.kinds if k.holds(words)]
    allowed = book.data.filler.union(*(k.vocabulary for k in held))
    if not held or not set(words) <= allowed:
        return None
    # "hey how are you": how-are-you explains three words, the greeting one.
    return max(held, key=lambda k: sum(w in k.vocabulary for w in words))


_YEAR = re.compile(r"(?:19|20)\d\d")


def talk_words(book: _Book, text: str) -> tuple[str, ...]:
    """A message's words as small talk is matched: "hiii" -> "hi", "thankyou" -> "thank
    you", "thnak" -> "thank", "r u" -> "are you"."""
    for emoji, meant in book.data.spellings.items():
        if not normalise(emoji):  # emoji are spelt out before the words are read
            text = text.replace(emoji, f" {' '.join(meant)} ")
    # A year is a year ("why are you showing me 2006 numbers?").
    typed = ["year" if _YEAR.fullmatch(w) else w for w in normalise(text)]
    unknown = sum(w not in book.known for w in typed)
    fix = unknown <= _UNKNOWN_AT_MOST  # else no small talk, and not worth correcting
    read = [r for w in typed for r in (_read(book, w) if fix else (w,))]
    return tuple(s for w in read for s in book.data.spellings.get(w, (w,)))


def _trimmed(book: _Book, words: tuple[str, ...]) -> tuple[str, ...]:
    """The words without the filler around them ("ok thanks lol": "thanks")."""
    filler = book.data.filler
    start = next((i for i, w in enumerate(words) if w not in filler), len(words))
    end = len(words) - next((i for i, w in enumerate(reversed(words)) if w not in filler), 0)
    return words[start:end]


def _read(book: _Book, word: str) -> tuple[str, ...]:
    """One typed word as small talk knows it: itself, shortened, split or corrected."""
    if word in book.known or not word.isalpha():
        return (word,)
    forms = (word, *_shortened(word))  # "thankss", "hellooo", "byee"
    short = next((s for s in forms if s in book.known), None)
    if short is not None:
        return (short,)
    if word.endswith("in") and f"{word}g" in book.known:
        return (f"{word}g",)  # "goin", "mornin"
    if word in _english():
        return (word,)  # "show" is a word, not a typo of "how"
    split = next(filter(None, (_split(book, f) for f in forms)), None)  # "thankyouuu"
    return split or (_corrected(book, _LONG_RUNS.sub(r"\1\1", word)),)  # "thnakss"


def _shortened(word: str) -> Iterator[str]:
    """The word with each doubled letter kept double or made single ("hellooo": "hello")."""
    runs = list(_REPEATS.finditer(word))
    if not runs or len(runs) > 3:
        return
    for sizes in product((2, 1), repeat=len(runs)):
        parts, last = [], 0
        for run, size in zip(runs, sizes, strict=True):
            parts += [word[last : run.start()], run.group(1) * size]
            last = run.end()
        yield "".join(parts) + word[last:]


def _split(book: _Book, word: str) -> tuple[str, str] | None:
    """Two small-talk words run together ("thankyou", "seeya"), or None."""
    for cut in range(2, len(word)):
        head, tail = word[:cut], word[cut:]
        if head in book.known and tail in book.known:
            return head, tail
    return None


def _corrected(book: _Book, word: str) -> str:
    """The small-talk word a typo most likely meant ("thnak"), or the word itself."""
    if len(word) < _TYPO_FROM:
        return word
    limit = 1 if len(word) < _TWO_EDITS_FROM else 2
    found = process.extract(word, book.targets, scorer=OSA.distance, score_cutoff=limit)
    # Ties go to the closer spelling: "helo" is "hello", not "help".
    ranked = sorted((int(d), Indel.distance(word, m), m) for m, d, _ in found)
    return ranked[0][2] if ranked else word


def _contains(words: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    """The phrase's words stand together in the message."""
    size = len(phrase)
    return any(words[i : i + size] == phrase for i in range(len(words) - size + 1))


@functools.cache
def _book(talk: SmallTalkData) -> _Book:
    """Phrases spelt out as messages are, and the words each kind may say."""
    kinds = tuple(_kind(talk, k) for k in talk.kinds)
    spoken = frozenset().union(*(k.vocabulary for k in kinds))
    known = spoken | talk.filler | set(talk.spellings)
    return _Book(talk, kinds, known, tuple(sorted(w for w in known if w.isalpha())))


def _kind(talk: SmallTalkData, kind: SmallTalk) -> _Kind:
    def spelt(phrase: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(s for w in phrase for s in talk.spellings.get(w, (w,)))

    phrases = frozenset(map(spelt, kind.phrases))
    said = {w for p in phrases for w in p}
    return _Kind(kind, phrases, frozenset(kind.keywords | kind.words | said))


def _english() -> frozenset[str]:
    return everyday_words()
