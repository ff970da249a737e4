"""Ways of earning BLS counts as no occupation ("influencer", "day trader"), from
``knowledge/uncounted.yaml``: found in a message, and said plainly instead of a career's figures.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.answers import FIND_DATA, topic_data
from bot.knowledge import INTENTS, Career, KnowledgeError, _read_yaml, _Reader
from bot.replies import Button, Reply, line
from bot.wording import short_title
from bot.words import normalise, stem

UNCOUNTED_FILE = "uncounted.yaml"
NEAREST = 3  # careers offered at most


@dataclass(frozen=True)
class Uncounted:
    """One way of earning BLS does not count: what to call it, its names, and why."""

    key: str
    name: str
    says: tuple[tuple[str, ...], ...]  # singular words of each name
    why: str


def words_of(text: str) -> tuple[str, ...]:
    """A text's words as this module compares them: lower case, singular."""
    return tuple(stem(w) for w in normalise(text))


def load_uncounted(file: Path) -> tuple[Uncounted, ...]:
    """The entries of ``uncounted.yaml``; none when the file is absent."""
    if not file.exists():
        return ()
    top = _Reader(file, _read_yaml(file))
    found = []
    for key in top.data:
        entry = top.child(str(key), required=True)
        assert entry is not None
        entry.unknown(("name", "says", "why"))
        says = tuple(words_of(p) for p in entry.texts("says"))
        if not says or not all(says):
            raise entry.fail("says", "needs a list of names, each with words")
        found.append(Uncounted(str(key), entry.req_text("name"), says, entry.req_text("why")))
    return tuple(found)


def named(entries: Iterable[Uncounted], text: str) -> tuple[Uncounted, frozenset[str]] | None:
    """The entry a message names most fully, with the words its names said; None when none."""
    words = words_of(text)
    best: tuple[Uncounted, frozenset[str]] | None = None
    for entry in entries:
        said = frozenset(
            w
            for phrase in entry.says
            if any(words[i : i + len(phrase)] == phrase for i in range(len(words)))
            for w in phrase
        )
        if said and (best is None or len(said) > len(best[1])):
            best = (entry, said)
    return best


def filed_under(
    careers: Iterable[Career], entry: Uncounted, employed: Mapping[str, float]
) -> tuple[Career, ...]:
    """The careers O*NET files a name of this entry under (an alias of theirs), the most
    `employed` first. Reads every alias: worth keeping, not redoing per message."""
    found = [
        c
        for c in careers
        if any(words_of(a) in entry.says for a in (*c.aliases, *c.ambiguous_aliases))
    ]
    return tuple(sorted(found, key=lambda c: -employed.get(c.soc, 0.0))[:NEAREST])


def check(entries: Iterable[Uncounted], file: Path) -> None:
    """Each name belongs to one entry."""
    seen: dict[tuple[str, ...], str] = {}
    for entry in entries:
        for phrase in entry.says:
            if phrase in seen and seen[phrase] != entry.key:
                problem = f"{' '.join(phrase)!r} is also in {seen[phrase]}"
                raise KnowledgeError(file, f"{entry.key}.says", problem)
            seen[phrase] = entry.key


def reply(entry: Uncounted, careers: tuple[Career, ...], intent: str | None) -> Reply:
    """Say plainly that BLS has no figures for this, and offer the careers O*NET files the
    name under (their figures are employees') and the finder."""
    lines = [line(f"BLS does not count {entry.name} as an occupation, so I have no figures "
                  "for them."), line(entry.why)]  # fmt: skip
    if careers:
        lines.append(line("O*NET files such titles under the careers below; their figures are "
                          "for people employed in them."))  # fmt: skip
    lines.append(line("Or find a career by pay, school and field with 🔎."))
    topic = intent if intent in INTENTS and intent != "places" else "overview"
    buttons = tuple((Button(short_title(c.title), data=topic_data(c.soc, topic)),) for c in careers)
    return Reply(
        tuple(lines),
        (*buttons, (Button("🔎 Find a career", data=FIND_DATA),)),
        kind="choose" if careers else "fallback",
        intent=intent,
        candidates=tuple(c.soc for c in careers),
    )
