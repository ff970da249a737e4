"""The 📊 Chart button under an answer, and what its callback data says.

The data names everything a chart is drawn from, so pressing it needs no server state and an
old button keeps working: ``ch|p|<soc>|<area or ->`` a career's pay (in the chat's place),
``ch|c|<soc>,<soc>…|<area or ->`` careers compared, ``ch|m|<soc>`` the map of the states.
At most 64 bytes: six SOC codes and an area code take 60.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.replies import Button

PREFIX = "ch"
PAY, COMPARE, MAP = "p", "c", "m"
LABEL = "📊 Chart"
NO_PLACE = "-"
_SOC = re.compile(r"\d{2}-\d{4}")
_AREA = re.compile(r"\d{7}")


@dataclass(frozen=True)
class Asked:
    """What a Chart button asks for."""

    kind: str  # PAY, COMPARE or MAP
    socs: tuple[str, ...]
    area: str | None  # the OEWS area code of the place; None: nationwide


def pay_button(soc: str, area: str | None = None) -> Button:
    return Button(LABEL, data=f"{PREFIX}|{PAY}|{soc}|{area or NO_PLACE}")


def compare_button(socs: Sequence[str], area: str | None = None) -> Button:
    return Button(LABEL, data=f"{PREFIX}|{COMPARE}|{','.join(socs)}|{area or NO_PLACE}")


def map_button(soc: str) -> Button:
    return Button(LABEL, data=f"{PREFIX}|{MAP}|{soc}")


def read(data: str) -> Asked | None:
    """What a button's data asks for; None for data no Chart button has (stale, forged)."""
    parts = data.split("|")
    if len(parts) not in (3, 4) or parts[0] != PREFIX:
        return None
    kind, socs = parts[1], tuple(parts[2].split(","))
    area = parts[3] if len(parts) == 4 else NO_PLACE
    shape = {PAY: (1, 4), COMPARE: (len(socs), 4), MAP: (1, 3)}.get(kind)
    if shape is None or shape != (len(socs), len(parts)) or not socs:
        return None
    if not all(_SOC.fullmatch(s) for s in socs) or not (area == NO_PLACE or _AREA.fullmatch(area)):
        return None
    return Asked(kind, socs, None if area == NO_PLACE else area)
