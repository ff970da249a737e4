"""Words as careerbot reads them, in questions and career names alike, at run time and when
the knowledge base is built: normalised, singular stems, rough roots, short forms spelt out."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

_ROOT_SUFFIXES = (
    "istry", "tist", "urist", "ments", "ment", "ings", "ing", "ators", "ator", "isms", "ism", "ure",
    "cial", "ial",
    "ers", "er", "ors", "or", "ists", "ist",
    "ians", "ian", "ants", "ant", "ents", "ent", "als", "al", "ics", "ic", "ies", "ation", "ce",
    "es", "s", "y", "e",
)  # fmt: skip
_WORD_RE = re.compile(r"[a-z0-9$]+")


def normalise(text: str) -> list[str]:
    """Lower-case words without accents or punctuation; '$' is kept as a word."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("&", " and ").replace("'", "").replace("’", "")
    text = text.replace("$", " $ ")
    return _WORD_RE.findall(text)


# Plurals that name something else than their singular: "securities" are stocks and bonds,
# not guards' work.
_OWN_PLURALS = frozenset(("securities",))


def stem(word: str) -> str:
    """Singular form of a word: plurals, the -men of "firemen" and the -wives of "midwives"
    folded."""
    if len(word) <= 3 or not word.isalpha() or word in _OWN_PLURALS:
        return word
    if word.endswith("men") and len(word) > 5:
        return word[:-3] + "man"
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("wives", "knives")):  # "midwives", "housewives"
        return word[:-3] + "fe"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is", "ous")):
        return word[:-1]
    return word


def root(word: str) -> str:
    """A rough word root, so that a job and its field meet: welder/welding -> weld."""
    for _ in range(3):
        for suffix in _ROOT_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
        else:
            break
    return word


_CAPS_RE = re.compile(r"\b[A-Z]{2,5}\b")
_SHOUT_RE = re.compile(r"^[^a-z]*[A-Z]{6}[^a-z]*$")  # no lower case, a word longer than an acronym
ACRONYM_MARK = "0"  # "APP" -> "0app": a word nothing typed in lower case meets or corrects to


@dataclass(frozen=True)
class ShortForms:
    """How people shorten words: lower-case short forms ("mgr") are spelt out as words,
    upper-case ones ("IT") only where written as capitals. An acronym in a name ("RN", "APP")
    matches the same acronym written in capitals; it matches a lower-case word only when
    `lowercase` lists it ("rn", "cna"), so "app developer" never meets "APP"."""

    synonyms: Mapping[str, list[str]]
    acronyms: tuple[tuple[re.Pattern[str], str], ...]
    lowercase: frozenset[str]  # acronyms people type in lower case

    @classmethod
    def of(cls, synonyms: Mapping[str, str], lowercase: frozenset[str]) -> ShortForms:
        # Capitals match as written ("IT"); a phrase in any case ("it support": "it" is a
        # short form only before these words).
        patterns = [
            (re.compile(rf"\b{re.escape(k)}\b"), v) for k, v in synonyms.items() if k.isupper()
        ]
        patterns += [
            (re.compile(rf"\b{re.escape(k)}\b", re.IGNORECASE), v)
            for k, v in synonyms.items()
            if " " in k and not k.isupper()
        ]
        return cls(
            {k: normalise(v) for k, v in synonyms.items() if not k.isupper() and " " not in k},
            tuple(patterns),
            lowercase | {k for k in synonyms if not k.isupper() and " " not in k},
        )

    @property
    def words(self) -> frozenset[str]:
        """The words short forms spell out."""
        return frozenset(w for v in self.synonyms.values() for w in v)

    def expand(self, text: str) -> list[str]:
        """Normalised words, short forms spelt out ("mgr" -> "manager"); for names and questions."""
        for pattern, meaning in self.acronyms:
            text = pattern.sub(meaning, text)
        if not _SHOUT_RE.match(text):  # "NURSE SALARY" is shouting, not acronyms
            text = _CAPS_RE.sub(self._acronym, text)
        words: list[str] = []
        for w in normalise(text):
            found = self.synonyms.get(w) or (w.endswith("s") and self.synonyms.get(w[:-1]))
            words.extend(found or (w,))
        return words

    def _acronym(self, match: re.Match[str]) -> str:
        word = match[0].lower()
        return word if word in self.lowercase else ACRONYM_MARK + word
