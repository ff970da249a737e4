"""Name words: function words, word order, the occupations a title lists, everyday English."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from bot.understanding.tuning import Tuning

# Function words dropped from career names: "Chief of Police" ~ "police chief".
NAME_STOP = frozenset({"a", "an", "the", "of", "and", "or", "for", "in", "on", "to", "at", "with"})
_PERSON_RE = re.compile(r"(er|or|ist|ian|ant|ent|man|men|ive|ee)s?$")


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
    # People are plural ("Computer, Automated Teller, and Office Machine Repairers" lists
    # machines).
    if "--" in title or not all(_PERSON_RE.search(p) and p.endswith("s") for p in parts):
        return []
    return parts


@functools.cache
def everyday_words() -> frozenset[str]:
    """Everyday English words, never typos; read when a message first needs them (0.3 s)."""
    from bot.understanding.tuning import Tuning

    return frozenset(common_english(Tuning()))


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
