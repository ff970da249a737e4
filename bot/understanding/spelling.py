"""Spelling: typos corrected word by word against the vocabulary of names and intent phrases,
run-together words split ("stockbroker")."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from rapidfuzz import process
from rapidfuzz.distance import OSA, Indel

from bot.understanding.tuning import Tuning
from bot.words import ShortForms, root, stem

# Endings of words derived from a known word ("policing"): a form, not a typo.
_DERIVED = ("ing", "ed", "er", "ist", "ism", "ment", "ian", "ogy")


@dataclass(frozen=True)
class Spelling:
    """Typo correction and word splitting against one index's vocabulary."""

    tuning: Tuning
    short_forms: ShortForms
    synonym_words: frozenset[str]
    known: frozenset[str]  # every word of names, intent phrases and filler
    english: Mapping[str, float]  # everyday English words: never typos
    surface: Mapping[str, int]  # a word as written in names -> how often
    soft: frozenset[str]  # intent and filler words: preferred corrections
    names: frozenset[str]  # the stems of names' words
    roots: Mapping[str, frozenset[str]]  # root -> the stems with that root
    by_length: Mapping[int, tuple[str, ...]]  # correction targets, most frequent first

    def words(self, text: str) -> list[str]:
        """Normalised, typo-corrected, singular words of a message."""
        raw: list[str] = []
        for w in self.short_forms.expand(text):
            if w in self.synonym_words:
                raw.append(w)
            else:
                corrected = self.correct(w)  # "materails": a typo, not "mate" + "rails"
                raw.extend(self.split(w) or (w,) if corrected == w else (corrected,))
        return [stem(w) for w in raw]

    def correct(self, word: str) -> str:
        """The vocabulary word a typo most likely meant, or the word itself."""
        if word in self.known or stem(word) in self.known or not word.isalpha():
            return word
        if word.endswith("s") and word[:-1] in self.known:
            return word[:-1]  # "RNs", "CNAs"
        if word in self.english:
            return word  # "offer" is a word, not a typo of "doffer"
        if len(word) < self.tuning.typo_min_length:
            return word
        limit = 1 if len(word) < self.tuning.two_edits_from else 2
        best = self._closest(word, limit)
        if best and best[3] in self.soft and best[0] == 1:
            return best[3]  # "traning", "grwoth": intent words first
        if len(word) >= 7 and word.endswith(_DERIVED) and root(word) in self.roots:
            return word  # "policing": a form of a known word, not a typo
        return best[3] if best else word

    def _closest(self, word: str, limit: int) -> tuple[int, int, int, str] | None:
        """The nearest vocabulary word within `limit` edits: (edits, indel, -frequency, word)."""
        found: list[tuple[int, int, int, str]] = []
        for length in range(len(word) - limit, len(word) + limit + 1):
            for match, distance, _ in process.extract(
                word, self.by_length.get(length, ()), scorer=OSA.distance,
                score_cutoff=limit, limit=8,
            ):  # fmt: skip
                # Ties go to the closer spelling ("educaton": education, not educator),
                # then to the more common word.
                rare = self.surface[match] < self.tuning.rare
                if rare and len(word) < self.tuning.two_edits_from and match not in self.soft:
                    continue  # "offer" is no typo of "doffer": short words go to common ones
                found.append(
                    (int(distance), int(Indel.distance(word, match)), -self.surface[match], match)
                )
        return min(found) if found else None

    def split(self, word: str) -> tuple[str, str] | None:
        """An unknown word that is two names' words run together: "stockbroker", "farmhand"."""
        if len(word) < 7 or not word.isalpha() or word in self.known or word in self.english:
            return None
        for i in range(3, len(word) - 2):
            a, b = word[:i], word[i:]
            if a in self.names and stem(b) in self.names:
                return a, b
        return None

    def joined(self, words: Sequence[str]) -> dict[str, tuple[str, str]]:
        """Split words a name writes as one: "fire fighter" -> firefighter, "metal worker"."""
        joined = {}
        for a, b in pairwise(words):
            word = stem(a + b)
            if word in self.names and len(a) > 1 and len(b) > 1:
                joined[word] = (a, b)
        return joined
