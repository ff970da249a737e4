"""What a chart shows, as frozen data: each value drawn, each label, the source line.

A chart is a pure function of the knowledge base and the local figures; :func:`key` hashes it,
so a chart drawn once (and sent to Telegram once) is known again by its data.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from typing import Literal

# Bump when the drawing changes, so pictures kept elsewhere (Telegram's file ids) are redrawn.
DRAWING_VERSION = 1
PERCENTILES = ("p10", "p25", "median", "p75", "p90")
Unit = Literal["year", "hour"]


@dataclass(frozen=True)
class Range:
    """One bar: the five percentiles of one career's pay in one place."""

    label: str  # "Texas", "Nationwide", "Electricians"
    values: tuple[float | None, ...]  # p10, p25, median, p75, p90 in the chart's unit
    at_least: tuple[bool, ...]  # each value top-coded by BLS ("at least")
    hourly: tuple[
        float | None, ...
    ] = ()  # the same an hour, beside annual values, where BLS has them

    @property
    def median(self) -> float | None:
        return self.values[2]


@dataclass(frozen=True)
class PayChart:
    """Pay ranges on one axis: one career (in a place and nationwide) or several compared."""

    kind: Literal["pay", "compare"]
    name: str  # a file name, without .png
    title: str
    subtitle: str
    unit: Unit
    ranges: tuple[Range, ...]
    reference: float | None  # the median of all occupations, in the unit; None: not known
    reference_label: str
    source: str  # "Source: BLS OEWS, May 2025"
    notes: tuple[str, ...] = ()  # what could not be drawn, and why


@dataclass(frozen=True)
class Tile:
    """One state's square on the tile map: where it sits, and its career's median pay."""

    state: str  # postal code
    column: int
    row: int
    value: float | None  # None: BLS published no figure there
    at_least: bool = False


@dataclass(frozen=True)
class MapChart:
    """A tile map of the US coloured by one career's median pay in each state."""

    kind: Literal["map"]
    name: str
    title: str
    subtitle: str
    unit: Unit
    tiles: tuple[Tile, ...]
    source: str


Chart = PayChart | MapChart


def key(chart: Chart) -> str:
    """A hash of everything drawn: equal charts, equal keys, in every process."""
    text = json.dumps([DRAWING_VERSION, asdict(chart)], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:32]
