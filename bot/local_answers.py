"""Answers for a place: pay and jobs in a state or metro area next to the nation's, and where
a career pays most or has most jobs.

A metro area without figures for the career falls back to its state, then to the nation, and
says so; figures BLS did not release are said to be unreleased, never guessed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from bot import answers
from bot.answers import CARD, MORE, WAGE_LABELS, pay_in_words, percentile_rows, sources_line
from bot.charts.buttons import map_button
from bot.knowledge import Career, Knowledge, SalaryFact, Source
from bot.local import Area, LocalFigure, LocalFigures
from bot.replies import Button, Line, Location, Reply, bold, italic, line, link, plain
from bot.wording import count, money

RANKED = 10  # places a ranking lists
_OEWS_AREA_PAGE = "https://www.bls.gov/oes/current/oes_{page}.htm"


@dataclass(frozen=True)
class Place:
    """The place an answer is for, and what the data has for the career there."""

    asked: Area  # the place the user asked for or set
    area: Area | None  # the place whose figures are shown; None: the nation's (fallback)
    figure: LocalFigure | None

    @property
    def location(self) -> Location | None:
        if self.area is None:
            return None
        if self.area.type == "state":
            return Location(self.area.code, self.area.name, "state")
        return Location(self.area.code, self.area.name, "metro")


def state_area(areas: Mapping[str, Area], postal: str) -> Area | None:
    """The state-level area of a state's postal code."""
    return next((a for a in areas.values() if a.type == "state" and a.states == (postal,)), None)


def resolve(career: Career, asked: Area, local: LocalFigures) -> Place:
    """The career's figures in the place asked, else in its state, else none (the nation's)."""
    figure = local.get(career.id, asked.code)
    if figure is not None:
        return Place(asked, asked, figure)
    if asked.type == "metro":
        state = state_area(local.areas, asked.states[0])
        found = local.get(career.id, state.code) if state else None
        if state is not None and found is not None:
            return Place(asked, state, found)
    return Place(asked, None, None)


def area_page(area: Area) -> str:
    """BLS's OEWS page for a state ("oes_tx") or metro area ("oes_12420")."""
    page = area.states[0].lower() if area.type == "state" else area.code[2:]
    return _OEWS_AREA_PAGE.format(page=page)


def place_cite(source: Source, area: Area) -> Line:
    text = f"{source.citation}, {area.name}"
    return line(plain("Source: "), link(text, area_page(area)))


def fallback_note(place: Place) -> Line | None:
    """What was shown instead of the place asked, in one line."""
    if place.area is None:
        return line(italic(f"BLS has no figures for this career in {place.asked.name}; "
                           "these are the nation's."))  # fmt: skip
    if place.area.code != place.asked.code:
        return line(italic(f"BLS has no figures for this career in {place.asked.name}; "
                           f"these are {place.area.name}'s."))  # fmt: skip
    return None


def _as_fact(figure: LocalFigure, national: SalaryFact) -> SalaryFact:
    return SalaryFact(national.source, national.year, figure.hourly, figure.annual)


def _compare(local: float, national: float, unit: str, hourly: bool) -> str:
    difference = local - national
    share = abs(difference) / national * 100
    if abs(share) < 0.5:
        return f"about the same as nationwide ({money(national, hourly=hourly)} {unit})"
    way = "more" if difference > 0 else "less"
    return (
        f"{money(abs(difference), hourly=hourly)} ({share:.1f}%) {way} than nationwide "
        f"({money(national, hourly=hourly)} {unit})"
    )


def salary_lines(career: Career, place: Place, view: str) -> list[Line]:
    """Pay in the place: median first, compared with the nation's; percentiles under More."""
    national = career.salary[0] if career.salary else None
    note = fallback_note(place)
    if place.area is None or place.figure is None or national is None:
        return [note] if note else []
    area, figure = place.area, place.figure
    fact = _as_fact(figure, national)
    out = [line(f"Pay in {area.name}, {national.year}:")]
    if "annual_median" in figure.not_released or "hourly_median" in figure.not_released:
        out.append(line(f"BLS did not release pay for this career in {area.name}."))
    elif view == MORE:
        out += percentile_rows(fact, WAGE_LABELS)
    else:
        out += pay_in_words(fact)
    comparison = _median_comparison(fact, national)
    if comparison:
        out.append(line("The median is ", comparison, "."))
    if note:
        out.insert(0, note)
    return [*out, place_cite(national.source, area)]


def _median_comparison(local: SalaryFact, national: SalaryFact) -> str | None:
    for wages, other, unit, hourly in (
        (local.annual, national.annual, "a year", False),
        (local.hourly, national.hourly, "an hour", True),
    ):
        if wages.median is not None and other.median is not None:
            return _compare(wages.median, other.median, unit, hourly)
    return None


def employment_lines(career: Career, place: Place) -> list[Line]:
    """People employed in the place, jobs per 1,000 and how concentrated, in plain words."""
    note = fallback_note(place)
    national = career.employment[0] if career.employment else None
    if place.area is None or place.figure is None or national is None:
        return [note] if note else []
    area, figure = place.area, place.figure
    out: list[Line] = [note] if note else []
    if figure.employed is not None:
        out.append(
            line(bold(count(figure.employed)), f" people work in this career in {area.name}.")
        )
    elif "employed" in figure.not_released:
        out.append(line(f"BLS did not release how many work in this career in {area.name}."))
    if figure.per_1000 is not None:
        out.append(line(f"That is {figure.per_1000:.1f} of every 1,000 jobs there."))
    if figure.quotient is not None:
        out.append(line(concentration(figure.quotient)))
    if national.employed is not None:
        out.append(line(f"Nationwide: {count(national.employed)} in {national.year}."))
    return [*out, place_cite(national.source, area)]


def concentration(quotient: float) -> str:
    """A location quotient in plain words: "2.1 times as concentrated as nationwide"."""
    if 0.9 <= quotient <= 1.1:
        return f"About as concentrated as nationwide (location quotient {quotient:g})."
    if quotient > 1:
        return (
            f"{quotient:.1f} times as concentrated as nationwide (location quotient {quotient:g})."
        )
    return (
        f"Less concentrated than nationwide: {quotient:.2f} times (location quotient {quotient:g})."
    )


# --- rankings ---------------------------------------------------------------------------------


def ranking_lines(
    career: Career,
    local: LocalFigures,
    *,
    by_jobs: bool,
    metros: bool,
    own: Area | None,
) -> list[Line]:
    """The top places for a career by annual median pay, or by employment when jobs are asked,
    with the chat's own place ranked when it has one."""
    kind = "metro" if metros else "state"
    values = local.column(career.id, "employed" if by_jobs else "annual_median")
    ranked = sorted(
        ((value, local.areas[code]) for code, value in values.items()
         if code in local.areas and local.areas[code].type == kind),
        key=lambda item: (-item[0], item[1].code),
    )  # fmt: skip
    what = "jobs" if by_jobs else "median pay"
    where = "metro areas" if metros else "states"
    if not ranked:
        return [line(f"BLS publishes no {what} by {where[:-1]} for this career.")]
    out = [line(f"Top {min(RANKED, len(ranked))} {where} by {what}:")]
    for i, (value, area) in enumerate(ranked[:RANKED], start=1):
        mark = " 📍" if own is not None and area.code == own.code else ""
        out.append(line(f"{i}. {area.name}: ", bold(_shown(value, by_jobs)), mark))
    if own is not None:
        mine = next((i for i, (_, a) in enumerate(ranked, 1) if a.code == own.code), None)
        if mine is not None and mine > RANKED:
            value = ranked[mine - 1][0]
            out.append(line(f"{own.name} ranks {mine} of {len(ranked)}: {_shown(value, by_jobs)}."))
    source = career.salary[0].source if career.salary else None
    return [*out, sources_line(career.soc, source)] if source else out


def _shown(value: float, by_jobs: bool) -> str:
    return count(int(value)) if by_jobs else money(value, hourly=False) + " a year"


# --- the reply --------------------------------------------------------------------------------

_METRO_WORDS = frozenset(("city", "cities", "metro", "metros", "town", "towns", "area", "areas"))
_JOB_WORDS = frozenset(("job", "jobs", "demand", "employ", "employed", "employment", "hiring"))
CHANGE_PLACE = "pl"  # callback data of the "Change place" button


def change_place_button() -> Button:
    return Button("📍 Change place", data=CHANGE_PLACE)


def answer_in(
    career: Career,
    topic: str,
    knowledge: Knowledge,
    local: LocalFigures,
    place: Area | None,
    *,
    words: tuple[str, ...] = (),
    view: str = CARD,
    back: str = "",
) -> Reply:
    """One topic of one career for the chat's place: pay and jobs there next to the nation's,
    a ranking of places, or the national card saying it is national."""
    if topic == "places":
        return _ranking(career, knowledge, local, place, words)
    state = place.states[0] if place is not None else ""
    chart_place = place.code if place is not None and topic == "salary" else None
    base = answers.answer(
        career, topic, knowledge, view=view, back=back, state=state, place=chart_place
    )
    if place is not None and topic == "colleges":
        home = state_area(local.areas, state)
        note = line(italic(f"📍 College Navigator searches {home.name if home else state}."))
        return replace(
            base, lines=(*base.lines, note), buttons=(*base.buttons, (change_place_button(),))
        )
    if place is None or topic not in ("salary", "employment", "outlook", "education", "overview"):
        return base
    buttons = (*base.buttons, (change_place_button(),))
    if topic in ("outlook", "education", "overview"):
        what = {"outlook": "Outlook", "education": "Education"}.get(topic, "This summary")
        note = line(italic(f"{what} is national: BLS has no figures by place for it here. "
                           f"💰 Salary and 🏭 Employment show {place.name}."))  # fmt: skip
        return replace(base, lines=(*base.lines, note), buttons=buttons)
    found = resolve(career, place, local)
    body = (
        salary_lines(career, found, view) if topic == "salary" else employment_lines(career, found)
    )
    if found.area is None:
        return replace(base, lines=(base.lines[0], *body, *base.lines[1:]), buttons=buttons)
    label = answers.TOPIC_LABELS[topic].split(" ", 1)[1]
    heading = line(bold(f"{career.title} — {label} in {found.area.name}"))
    return replace(base, lines=(heading, *body), buttons=buttons, location=found.location)


def _ranking(
    career: Career,
    knowledge: Knowledge,
    local: LocalFigures,
    place: Area | None,
    words: tuple[str, ...],
) -> Reply:
    metros = bool(_METRO_WORDS & set(words))
    by_jobs = bool(_JOB_WORDS & set(words))
    own = place
    if place is not None and (place.type == "metro") != metros:
        own = None if metros else state_area(local.areas, place.states[0])
    where = "metro area" if metros else "state"
    heading = line(bold(f"{career.title} — {'Most jobs' if by_jobs else 'Best pay'} by {where}"))
    body = ranking_lines(career, local, by_jobs=by_jobs, metros=metros, own=own)
    chart = ((map_button(career.soc),),) if answers.has_pay(career) else ()
    return Reply(
        lines=(heading, *body),
        buttons=(*chart, *answers.topic_buttons(career, None)),
        kind="answer",
        career=career,
        intent="places",
        summary=f"Where {career.title} {'have most jobs' if by_jobs else 'earn most'}",
    )
