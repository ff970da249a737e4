"""Words: normalising a message, singular stems, rough roots, and the occupations a title lists."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from bot.understanding.tuning import Tuning

# Function words dropped from career names: "Chief of Police" ~ "police chief".
NAME_STOP = frozenset({"a", "an", "the", "of", "and", "or", "for", "in", "on", "to", "at", "with"})
_ROOT_SUFFIXES = (
    "istry", "tist", "urist", "ments", "ment", "ings", "ing", "ators", "ator", "isms", "ism", "ure",
    "cial", "ial",
    "ers", "er", "ors", "or", "ists", "ist",
    "ians", "ian", "ants", "ant", "ents", "ent", "als", "al", "ics", "ic", "ies", "ation", "ce",
    "es", "s", "y", "e",
)  # fmt: skip
_WORD_RE = re.compile(r"[a-z0-9$]+")
_PERSON_RE = re.compile(r"(er|or|ist|ian|ant|ent|man|men|ive|ee)s?$")


def normalise(text: str) -> list[str]:
    """Lower-case words without accents or punctuation; '$' is kept as a word."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("&", " and ").replace("'", "").replace("’", "")
    text = text.replace("$", " $ ")
    return _WORD_RE.findall(text)


def stem(word: str) -> str:
    """Singular form of a word: plurals and the -men of "firemen" folded."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("men") and len(word) > 5:
        return word[:-3] + "man"
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
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


def said_in_order(name: Sequence[str], said: Sequence[str]) -> bool:
    """The name's words stand together in the question, in the name's order."""
    size = len(name)
    first = name[0]
    return any(
        said[i] == first and tuple(said[i : i + size]) == tuple(name)
        for i in range(len(said) - size + 1)
    )


def title_parts(title: str) -> list[str]:
    """The occupations a BLS title names: "Farmers, Ranchers, and Other Agricultural Managers"
    names Farmers and Ranchers; "Heavy and Tractor-Trailer Truck Drivers" names Heavy Truck
    Drivers and Tractor-Trailer Truck Drivers."""
    shared = re.fullmatch(r"([A-Z][\w-]*) and ([A-Z][\w'-]*) ([^,]+)", title)
    if shared and not _PERSON_RE.search(shared[1]):
        # "Architectural and Engineering Managers": Engineering Managers too.
        return [f"{shared[1]} {shared[3]}", f"{shared[2]} {shared[3]}"]
    parts = [p.strip() for p in title.split(",")]
    if len(parts) == 2 and " " in parts[0] and parts[1] != "All Other":
        # "Substitute Teachers, Short-Term", "Electronics Engineers, Except Computer": the head
        # names the career ("Cooks, Restaurant" and "Physicians, All Other" say too little).
        return [parts[0]]
    if len(parts) < 3 or not parts[-1].startswith(("and ", "or ")):
        return []  # not a list
    parts = [re.sub(r"^(and|or)\s+", "", p) for p in parts]
    parts = [p for p in parts if not p.startswith(("Except", "Other"))]
    # A list of people ("Ranchers"), not of fields ("Bookkeeping, Accounting, and Auditing
    # Clerks") or qualifiers ("Farmworkers, Farm, Ranch, and Aquacultural Animals"); and not
    # the occupations that helpers help ("Helpers--Pipelayers, Plumbers, ...").
    if "--" in title or not all(_PERSON_RE.search(p) for p in parts):
        return []
    return parts


def common_english(tuning: Tuning) -> dict[str, float]:
    """Everyday English words, with what they weigh when a question leaves them over.

    From pyspellchecker's frequency list: the most frequent words ("because", "keep") say little,
    everyday nouns and verbs ("shark", "poem") say that the question is about something else.
    """
    from spellchecker import SpellChecker

    frequency = SpellChecker(language="en").word_frequency
    return {
        w: tuning.frequent_weight if n >= tuning.frequent_count else tuning.english_weight
        for w, n in frequency.dictionary.items()
        if n >= tuning.english_count and w.isalpha()
    }
