"""Charts' data from the knowledge base: each value drawn is a figure of a career's salary
facts, of its local figures, or of the all-occupations figures, as the knowledge base holds it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.answers import split_history
from bot.charts.model import PERCENTILES, MapChart, PayChart, Range, Tile, Unit
from bot.charts.tiles import GRID
from bot.finder_terms import AllOccupations
from bot.knowledge import Career, Knowledge, SalaryFact, Wages
from bot.local import Area, LocalFigures
from bot.local_answers import resolve, state_area
from bot.wording import money

_WHAT = "what the lowest-paid 10%, 25%, half (the median), 75% and 90% earn"


def today(career: Career) -> SalaryFact | None:
    """The career's newest salary fact, if it has one."""
    facts, _ = split_history(career.salary)
    return facts[0] if facts else None


def unit_of(fact: SalaryFact | None) -> Unit | None:
    """Pay is drawn a year where BLS publishes annual wages, else by the hour (actors)."""
    if fact is not None and fact.annual.median is not None:
        return "year"
    if fact is not None and fact.hourly.median is not None:
        return "hour"
    return None


def bar(label: str, annual: Wages, hourly: Wages, unit: Unit) -> Range | None:
    """One bar of `unit` wages (hourly beside annual ones); None without a median."""
    wages = annual if unit == "year" else hourly
    if wages.median is None:
        return None
    beside = tuple(hourly.get(k) for k in PERCENTILES) if unit == "year" else ()
    values = tuple(wages.get(k) for k in PERCENTILES)
    return Range(label, values, tuple(k in wages.top_coded for k in PERCENTILES), beside)


def _reference(knowledge: Knowledge, unit: Unit) -> tuple[float | None, str]:
    everyone: AllOccupations | None = knowledge.finder.everyone
    if everyone is None:
        return None, ""
    value = (everyone.annual if unit == "year" else everyone.hourly).median
    if value is None:
        return None, ""
    said = money(value, hourly=unit == "hour")
    return value, f"median of all occupations, {said} ({everyone.source.citation})"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def pay_chart(
    career: Career, knowledge: Knowledge, local: LocalFigures | None, place: Area | None
) -> PayChart | None:
    """A career's pay range, in the place (when one is given) beside the nation's."""
    fact = today(career)
    unit = unit_of(fact)
    if fact is None or unit is None:
        return None
    national = bar("Nationwide", fact.annual, fact.hourly, unit)
    assert national is not None  # unit_of found its median
    ranges, notes, shown = [national], [], ""
    if place is not None and local is not None:
        there = _in_place(career, place, local, unit)
        if there is None:
            notes.append(f"BLS published no pay for this career in {place.name}.")
        else:
            ranges.insert(0, there)
            shown = there.label
    where = f"in {shown}" if shown else "nationwide"
    reference, said = _reference(knowledge, unit)
    return PayChart(
        kind="pay",
        name="-".join(("pay", career.id, *([slug(shown)] if shown else []))),
        title=f"{career.title}: pay {where}, {fact.year}",
        subtitle=_subtitle(unit),
        unit=unit,
        ranges=tuple(ranges),
        reference=reference,
        reference_label=said,
        source=f"Source: {fact.source.citation}" + (f", {shown} and US" if shown else ""),
        notes=tuple(notes),
    )


def _in_place(career: Career, place: Area, local: LocalFigures, unit: Unit) -> Range | None:
    """The career's bar in the place (or its state, for a metro area BLS has no figure for)."""
    found = resolve(career, place, local)
    if found.figure is None or found.area is None:
        return None
    return bar(found.area.name, found.figure.annual, found.figure.hourly, unit)


def comparison_chart(
    careers: Sequence[Career],
    knowledge: Knowledge,
    local: LocalFigures | None,
    place: Area | None,
) -> PayChart | None:
    """Careers' pay ranges on one axis, in the place where BLS has them there."""
    facts = [today(c) for c in careers]
    # Annual pay unless some career has only hourly and all have that (as the comparison does).
    units = [unit_of(f) for f in facts]
    unit: Unit = "hour" if "hour" in units and None not in units and all(
        f is not None and f.hourly.median is not None for f in facts) else "year"  # fmt: skip
    ranges: list[Range] = []
    notes: list[str] = []
    for career, fact in zip(careers, facts, strict=True):
        drawn = _compared(career, fact, unit, local, place) if fact else None
        if drawn is None:
            notes.append(f"{career.title}: no {'annual' if unit == 'year' else 'hourly'} pay "
                         "published by BLS")  # fmt: skip
        else:
            ranges.append(drawn)
    source = next((f.source for f in facts if f is not None), None)
    if not ranges or source is None:
        return None
    reference, said = _reference(knowledge, unit)
    year = max(f.year for f in facts if f is not None)
    where = f" in {place.name}" if place is not None else ""
    return PayChart(
        kind="compare",
        name="-".join(("compare", *(c.id for c in careers)))[:150],
        title=f"Pay compared{where}, {year}",
        subtitle=_subtitle(unit),
        unit=unit,
        ranges=tuple(ranges),
        reference=reference,
        reference_label=said,
        source=f"Source: {source.citation}" + (f", {place.name}" if place is not None else ""),
        notes=tuple(notes),
    )


def _compared(
    career: Career,
    fact: SalaryFact,
    unit: Unit,
    local: LocalFigures | None,
    place: Area | None,
) -> Range | None:
    """A compared career's bar: in the place when BLS has it there, else the nation's, so
    labelled."""
    if place is not None and local is not None:
        found = resolve(career, place, local)
        if found.figure is not None and found.area is not None:
            there = bar(career.title, found.figure.annual, found.figure.hourly, unit)
            if there is not None:
                return there
        return bar(f"{career.title} (US)", fact.annual, fact.hourly, unit)
    return bar(career.title, fact.annual, fact.hourly, unit)


def places_chart(career: Career, local: LocalFigures) -> MapChart | None:
    """A tile map of the states coloured by the career's median pay in each; None when BLS
    publishes it in no state."""
    fact = today(career)
    unit = unit_of(fact)
    if fact is None or unit is None:
        return None
    tiles = []
    for state, (column, row) in GRID.items():
        area = state_area(local.areas, state)
        figure = local.get(career.id, area.code) if area is not None else None
        wages = None if figure is None else figure.annual if unit == "year" else figure.hourly
        value = wages.median if wages is not None else None
        top = wages is not None and "median" in wages.top_coded
        tiles.append(Tile(state, column, row, value, top))
    if all(t.value is None for t in tiles):
        return None
    per = "a year" if unit == "year" else "an hour"
    return MapChart(
        kind="map",
        name=f"places-{career.id}",
        title=f"{career.title}: median pay by state, {fact.year}",
        subtitle=f"Median pay {per} in each state and DC; hatched: not published by BLS",
        unit=unit,
        tiles=tuple(tiles),
        source=f"Source: {fact.source.citation}, states",
    )


def _subtitle(unit: str) -> str:
    """What the bars show, in the unit shown: "Median pay … a year"."""
    return f"{_WHAT[0].upper()}{_WHAT[1:]} {'a year' if unit == 'year' else 'an hour'}"
