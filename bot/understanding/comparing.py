"""Comparisons in questions: "nurse vs teacher", "compare electricians and plumbers", "which
pays more, a dental hygienist or a registered nurse?", "compare with welders".

A message is a comparison when it says so ("vs", "compare", "difference between", "which pays
more", "X or Y") and its parts, read each on its own, name two to four careers. Each side is
read by the career reader; a side it cannot settle ("teacher") is kept to ask back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.words import stem

MAX_SIDES = 6  # side by side; more is asked to be narrowed
_MOST_PARTS = 2 * MAX_SIDES  # parts read at most: a long list is no comparison to read whole
# Words that make a message a comparison whatever else it says.
_CUES = re.compile(
    r"\b(?:vs\.?|v\.?|versus|compare[ds]?|comparing|comparison|differences?|diff|torn between|"
    r"better|pays? more|"
    r"paid more|earns? more|makes? more|growing faster|grows? faster|"
    r"less school|more school|more money|less money|higher paying|better paying|quicker|"
    r"faster|easier|harder|side by side|should i (?:be|become|do|go|study|pick|choose)|"
    r"which (?:one|is|"
    r"pays|needs|has|makes|earns|takes|gets))\b",
    re.IGNORECASE,
)
# What separates the sides.
_SPLIT = re.compile(
    r"\s*(?:\bvs\.?|\bv\b\.?|\bversus\b|\bcompared (?:to|with)\b|\bcompare (?:to|with)\b|"
    r"\bagainst\b|"
    r"\bor\b|\band\b|,|/|&|\bthan\b)\s*",
    re.IGNORECASE,
)
# Words of the comparison itself, not of a side.
_NOT_A_SIDE = re.compile(
    r"\b(?:compare[ds]?|comparing|comparison|(?:the )?differences?(?: between)?|which (?:one )?"
    r"(?:pays?|is|earns?|makes?|needs?|has|one)[\w ]*?|what(?:'s| is) the difference|should i "
    r"(?:be|become|do|study|go)|how does (?:that|it|this) compare|who (?:makes|earns|gets paid)"
    r"|torn between|side by side|diff|idk|tbh|lol|rn\?|thinking|better|more|less|[?!.:;])",
    re.IGNORECASE,
)


# Words after the last side that say why, not which: "HVAC or wind turbine technician for a
# career change at 30"; and a last part about the asker: "…, i like sewing".
_CONTEXT = re.compile(
    r"\s+(?:to start|to begin|for an? |for my|for the |as an? |at \d|because|since|so i|"
    r"when i|if i|while i|i'?m\b|i\b|my\b).*$",
    re.IGNORECASE,
)
_ABOUT_ME = re.compile(r"(?:i|i'm|im|my|we|because|since|which|what|how)\b", re.IGNORECASE)


_TOKEN = re.compile(r"[^\W_]+|&", re.UNICODE)
_JOINS = {"and": "and", "or": "or", "&": "and"}
_KEPT = {"and": "\u204a", "or": "\u2228"}  # a name's own "and"/"or", hidden from splitting


class JoinedNames:
    """Career names with "and"/"or" of their own ("tool and die maker", "heating and air
    conditioning mechanic"): said in a comparison, they are one side, not two."""

    def __init__(self, names: Iterable[str]) -> None:
        self._by_join: dict[tuple[str, str, str], list[tuple[tuple[str, ...], int]]] = {}
        for name in names:
            words = tuple(_word(t) for t in _TOKEN.findall(name))
            for i, w in enumerate(words[1:-1], 1):
                if w in ("and", "or"):
                    key = (words[i - 1], w, words[i + 1])
                    self._by_join.setdefault(key, []).append((words, i))

    def hide(self, text: str) -> str:
        """The text with the "and"/"or" inside such names hidden from splitting."""
        tokens = list(_TOKEN.finditer(text))
        words = [_word(t[0]) for t in tokens]
        kept: list[tuple[int, int, str]] = []
        for i in range(1, len(words) - 1):
            join = words[i]
            if join not in ("and", "or"):
                continue
            for name, at in self._by_join.get((words[i - 1], join, words[i + 1]), ()):
                start = i - at
                if start >= 0 and tuple(words[start : start + len(name)]) == name:
                    kept.append((tokens[i].start(), tokens[i].end(), _KEPT[join]))
                    break
        for start, end, mark in reversed(kept):
            text = text[:start] + mark + text[end:]
        return text


def _word(token: str) -> str:
    lower = token.lower()
    return _JOINS.get(lower) or stem(lower)


def _shown(part: str) -> str:
    return part.replace(_KEPT["and"], "and").replace(_KEPT["or"], "or")


@dataclass(frozen=True)
class Sides:
    """The parts of a message that may each name a career, in the order written."""

    texts: tuple[str, ...]
    cued: bool  # the message says it compares ("vs", "compare", "which pays more")


def sides(text: str, joined: JoinedNames | None = None) -> Sides | None:
    """The sides a message may compare ("which pays more?" has none but says it compares);
    None when it neither says it compares nor names anything. Names with an "and" of their
    own (`joined`) stay one side."""
    cued = bool(_CUES.search(text))
    hidden = joined.hide(text) if joined else text
    # "Surveyor or Cartographer? I like maps and being outdoors": what follows the question
    # is about the asker; "…cant decide: database architect vs data scientist": what comes
    # before the colon is.
    asked, mark, after = hidden.partition("?")
    if mark and after.strip() and _SPLIT.search(asked):
        hidden = asked
    _, mark, listed = hidden.partition(":")
    if mark and _SPLIT.search(listed):
        hidden = listed
    parts = [_shown(p).strip() for p in _SPLIT.split(hidden) if p and p.strip()]
    while len(parts) > 2 and _ABOUT_ME.match(parts[-1]):
        parts.pop()  # "flight attendant or travel agent, i love travelling", "…, which first"
    parts = [_NOT_A_SIDE.sub(" ", p).strip() for p in parts]
    parts = [p for p in parts if re.search(r"[A-Za-z]{2}", p)]
    if len(parts) >= 2:
        parts[-1] = _CONTEXT.sub("", parts[-1]) or parts[-1]  # "CNA to start out in healthcare"
    if not parts and not cued:
        return None
    return Sides(tuple(parts[:_MOST_PARTS]), cued)
