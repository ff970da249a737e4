"""Figures and names in plain words: money, counts, percents, short career labels."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

# BLS's typical entry-level education categories, least schooling first.
ENTRY_LEVELS = (
    "No formal educational credential",
    "High school diploma or equivalent",
    "Some college, no degree",
    "Postsecondary nondegree award",
    "Associate's degree",
    "Bachelor's degree",
    "Master's degree",
    "Doctoral or professional degree",
)
# O*NET's Required Level of Education (as the importer writes it) -> BLS's entry-education
# category, whose plain words and duration education-levels.yaml holds.
REQUIRED_AS_ENTRY = {
    "less than high school": "No formal educational credential",
    "high school diploma": "High school diploma or equivalent",
    "some college": "Some college, no degree",
    "post-secondary certificate": "Postsecondary nondegree award",
    "associate's degree": "Associate's degree",
    "bachelor's degree": "Bachelor's degree",
    "master's degree": "Master's degree",
    "first professional degree": "Doctoral or professional degree",
    "doctoral degree": "Doctoral or professional degree",
}
# ... and in a word or two, for "bachelor's 56%, certificate 23%".
REQUIRED_SHORT = {
    "less than high school": "no diploma",
    "high school diploma": "high school",
    "post-secondary certificate": "certificate",
    "post-baccalaureate certificate": "graduate certificate",
    "post-master's certificate": "post-master's certificate",
    "first professional degree": "professional degree",
    "post-doctoral training": "post-doctoral training",
}
BUTTON_CHARS = 36  # of a career's name on a button of its own row on a phone


def money(value: float, *, hourly: bool) -> str:
    """$60.61 for hourly wages, $126,060 for annual ones."""
    return f"${value:,.2f}" if hourly else f"${value:,.0f}"


def count(value: int) -> str:
    return f"{value:,}"


def whole(value: float) -> int:
    """Rounded half up, as people round (22.5 -> 23), not to even."""
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percent(value: float) -> str:
    sign = "+" if value > 0 else ""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{sign}{text}%"


def required_short(level: str) -> str:
    """ "bachelor's degree" -> "bachelor's"; "post-secondary certificate" -> "certificate"."""
    return REQUIRED_SHORT.get(level, level.removesuffix(" degree"))


_SUPERVISORS = re.compile(r"^First-Line Supervisors of (?:the )?(.+?)(?:,? and .*| Workers)?$")
_EXCEPT = re.compile(r",? (?:Except|Excluding)\b.*$")


def short_title(title: str, limit: int = BUTTON_CHARS) -> str:
    """A career's title short enough for a button, keeping the words that tell it apart:
    "First-Line Supervisors of Production and Operating Workers" -> "Supervisors: production".
    """
    if len(title) <= limit:
        return title
    found = _SUPERVISORS.match(title)
    if found:
        return _cut("Supervisors: " + found.group(1).lower(), limit)
    return _cut(_EXCEPT.sub("", title), limit)


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",:") + "…"
