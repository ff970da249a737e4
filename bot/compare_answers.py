"""Careers side by side: pay, getting in, outlook and employment for two to six careers, led by
what was asked, each clear difference said in one plain sentence from the figures.

On a phone each career's figure gets a line of its own under its name (no wide table); a
terminal gets the same figures as aligned columns (:attr:`Reply.table`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot import answers
from bot.answers import has_pay, split_history
from bot.charts.buttons import compare_button
from bot.knowledge import Career, Knowledge, Source
from bot.local import Area, LocalFigures
from bot.local_answers import Place, resolve
from bot.replies import Button, Line, Reply, bold, italic, line, line_text
from bot.wording import ENTRY_LEVELS, count, money, percent, short_title

_SECTIONS = ("salary", "education", "outlook", "employment")


@dataclass(frozen=True)
class Section:
    """One aspect compared: a heading, each career's figure (in order), the difference."""

    heading: str
    figures: tuple[tuple[str, ...], ...]  # per career, its figure in short parts
    difference: str | None
    source: Source | None


def compare(
    careers: Sequence[Career],
    knowledge: Knowledge,
    lead: str | None = None,
    local: LocalFigures | None = None,
    place: Area | None = None,
) -> Reply:
    """Careers side by side; `lead` (an intent) first."""
    lead = "education" if lead == "colleges" else lead  # "which needs less school?"
    order = [lead] if lead in _SECTIONS else []
    order += [s for s in _SECTIONS if s not in order]
    sections = [_section(name, careers, knowledge, local, place) for name in order]
    names = " vs ".join(short_title(c.title) for c in careers)
    lines: list[Line] = [line(bold(f"⚖️ {names}"))]
    for section in sections:
        lines += [line(""), line(bold(section.heading))]
        for career, figure in zip(careers, section.figures, strict=True):
            first, *more = figure  # a career and its figure on a line; the rest under it
            lines += [line(f"• {short_title(career.title, 24)}: ", bold(first))]
            lines += [line(f"   {part}") for part in more]
        if section.difference:
            lines.append(line(italic(section.difference)))
    sources = [s.source for s in sections if s.source is not None]
    cite = answers.sources_line(careers[0].soc, *sources) if sources else line("")
    table = (
        ("", *(short_title(c.title, 28) for c in careers)),
        *((s.heading.split(" ", 1)[1], *("; ".join(f) for f in s.figures)) for s in sections),
    )
    notes = tuple(s.difference for s in sections if s.difference)
    source_text = line_text(cite)
    paid = any(has_pay(c) for c in careers)
    chart = ((compare_button([c.soc for c in careers], place.code if place else None),),)
    return Reply(
        (*lines, line(""), cite),
        (
            *(
                (Button(f"ℹ️ {short_title(c.title)}", data=answers.topic_data(c.soc, "overview")),)
                for c in careers
            ),
            *(chart if paid else ()),
        ),
        kind="answer",
        intent="compare",
        careers=tuple(careers),
        summary=names,
        location=Place(place, place, None).location if place is not None else None,
        table=table,
        notes=(*notes, source_text),
    )


def _section(
    name: str,
    careers: Sequence[Career],
    knowledge: Knowledge,
    local: LocalFigures | None,
    place: Area | None,
) -> Section:
    if name == "salary":
        return _pay(careers, local, place)
    if name == "education":
        return _education(careers, knowledge)
    if name == "outlook":
        return _outlook(careers)
    return _employment(careers)


def _pay(careers: Sequence[Career], local: LocalFigures | None, place: Area | None) -> Section:
    figures: list[tuple[str, ...]] = []
    medians: list[tuple[float, Career]] = []
    hourlies: list[tuple[float, Career]] = []
    source: Source | None = None
    year = ""
    for career in careers:
        today, _ = split_history(career.salary)
        fact = today[0] if today else None
        annual = fact.annual.median if fact else None
        hourly = fact.hourly.median if fact else None
        national = ""
        if fact is not None:
            source, year = fact.source, f", {fact.year}"
        if place is not None and local is not None:
            found = resolve(career, place, local)
            if found.area is not None and found.figure is not None:
                national = f"US: {money(annual, hourly=False)} a year" if annual else ""
                annual, hourly = found.figure.annual.median, found.figure.hourly.median
            else:
                national = "none published there; national figure"
        if annual is None and hourly is None:
            figures.append(("not published by BLS",))
            continue
        said = [money(annual, hourly=False) + " a year"] if annual is not None else []
        said += [money(hourly, hourly=True) + "/hr"] if hourly is not None else []
        figures.append((" · ".join(said), *([national] if national else [])))
        if annual is not None:
            medians.append((annual, career))
        if hourly is not None:
            hourlies.append((hourly, career))
    where = f" in {place.name}" if place is not None else ""
    # BLS gives some careers only hourly wages (actors): then the hours are compared.
    hourly_only = len(medians) < len(careers) and len(hourlies) == len(careers)
    difference = _pay_difference(hourlies, hourly=True) if hourly_only else _pay_difference(medians)
    return Section(f"💰 Median pay{where}{year}", tuple(figures), difference, source)


def _pay_difference(medians: list[tuple[float, Career]], *, hourly: bool = False) -> str | None:
    if len(medians) < 2:
        return None
    ordered = sorted(medians, key=lambda m: -m[0])
    (high, top), (low, bottom) = ordered[0], ordered[-1]
    if high <= low:
        return "They earn the same at the median."
    more = (high - low) / low * 100
    unit = "an hour" if hourly else "a year"
    return (
        f"{top.title} earn {money(high - low, hourly=hourly)} more {unit} at the median "
        f"than {bottom.title} (+{more:.0f}%)."
    )


def _education(careers: Sequence[Career], knowledge: Knowledge) -> Section:
    figures: list[tuple[str, ...]] = []
    levels: list[tuple[int, Career, str]] = []
    source: Source | None = None
    for career in careers:
        today, _ = split_history(career.education)
        entry = next((f for f in today if f.entry_education), None)
        if entry is None or entry.entry_education is None:
            figures.append(("no BLS entry requirements",))
            continue
        source = entry.source
        level = knowledge.levels.entry_education.get(entry.entry_education)
        usual = level.plain if level else entry.entry_education
        parts = [usual + (f" ({level.takes})" if level and level.takes else "")]
        for value, table in ((entry.work_experience, knowledge.levels.work_experience),
                             (entry.training, knowledge.levels.training)):  # fmt: skip
            if value and value != "None":
                found = table.get(value)
                parts.append(found.plain if found else value.lower())
        figures.append(tuple(parts))
        if entry.entry_education in ENTRY_LEVELS:
            levels.append((ENTRY_LEVELS.index(entry.entry_education), career, usual))
    difference = None
    if len(levels) >= 2:
        levels.sort(key=lambda item: item[0])
        least, most = levels[0], levels[-1]
        if most[0] > least[0]:
            difference = (
                f"{most[1].title} usually need more schooling than {least[1].title} "
                f"({most[2]} vs {least[2]})."
            )
        elif len(levels) == len(careers):
            difference = "They usually start with the same schooling."
    return Section("🎓 Getting in", tuple(figures), difference, source)


def _outlook(careers: Sequence[Career]) -> Section:
    figures: list[tuple[str, ...]] = []
    changes: list[tuple[float, Career]] = []
    source: Source | None = None
    period = ""
    for career in careers:
        today, _ = split_history(career.outlook)
        change = today[0].change_percent if today else None
        if change is None:
            figures.append(("no BLS projection",))
            continue
        fact = today[0]
        source, period = fact.source, f", {fact.start_year}–{str(fact.end_year)[-2:]}"
        words = f", {fact.wording}" if fact.wording else ""
        openings = [f"{count(fact.openings)} openings a year"] if fact.openings else []
        figures.append((f"{percent(change)}{words}", *openings))
        changes.append((change, career))
    difference = None
    if len(changes) >= 2:
        ordered = sorted(changes, key=lambda c: -c[0])
        (fast, first), (slow, _) = ordered[0], ordered[-1]
        if fast > slow:
            difference = (
                f"Jobs of {first.title} are projected to grow faster: {percent(fast)} vs "
                f"{percent(slow)}."
            )
    return Section(f"📈 Projected jobs{period}", tuple(figures), difference, source)


def _employment(careers: Sequence[Career]) -> Section:
    figures: list[tuple[str, ...]] = []
    source: Source | None = None
    year = ""
    for career in careers:
        today, _ = split_history(career.employment)
        if not today or today[0].employed is None:
            figures.append(("not published",))
            continue
        source, year = today[0].source, f", {today[0].year}"
        figures.append((f"{count(today[0].employed)} employed",))
    return Section(f"🏭 Employed nationwide{year}", tuple(figures), None, source)
