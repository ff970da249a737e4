"""What a 📊 Chart button answers: the chart's data (:mod:`bot.charts`) and a caption saying in
words what it shows, with its source and year. The transport draws the chart; this stays pure.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.charts import MapChart, PayChart, Range, buttons, figures
from bot.knowledge import Career, Knowledge
from bot.local import LocalFigures
from bot.replies import Line, Reply, bold, italic, line
from bot.wording import money, short_title

PREFIX = buttons.PREFIX  # of every Chart button's data


def answer(data: str, knowledge: Knowledge, local: LocalFigures | None) -> Reply | None:
    """The chart a Chart button's data asks for, as a reply whose lines are its caption;
    None when the data names nothing that can be drawn (a stale or forged button)."""
    asked = buttons.read(data)
    careers = [c for s in asked.socs if (c := knowledge.career(s))] if asked else []
    if asked is None or not careers or len(careers) != len(asked.socs):
        return None
    place = local.areas.get(asked.area) if local is not None and asked.area else None
    if asked.kind == buttons.MAP:
        drawn = figures.places_chart(careers[0], local) if local is not None else None
        return _map_reply(careers[0], drawn) if drawn else _nothing(careers[0], "by state")
    if asked.kind == buttons.COMPARE:
        compared = figures.comparison_chart(careers, knowledge, local, place)
        return _compare_reply(careers, compared) if compared else _nothing(careers[0], "")
    chart = figures.pay_chart(careers[0], knowledge, local, place)
    return _pay_reply(careers[0], chart) if chart else _nothing(careers[0], "")


def _range_words(bar: Range, per: str, hourly: bool) -> str:
    p10, _, median, _, p90 = bar.values
    said = f"median {money(median or 0, hourly=hourly)}"
    if p10 is not None and p90 is not None:
        top = "≥ " if bar.at_least[4] else ""
        said += f"; most earn {money(p10, hourly=hourly)}–{top}{money(p90, hourly=hourly)}"
    return f"{said} {per}"


def _pay_lines(chart: PayChart) -> list[Line]:
    hourly = chart.unit == "hour"
    per = "an hour" if hourly else "a year"
    out = [line("Each bar runs from the lowest-paid 10% to the highest-paid 10%; the box holds "
                "the middle half, the dark mark is the median.")]  # fmt: skip
    out += [line(f"• {bar.label}: ", bold(_range_words(bar, per, hourly)), ".")
            for bar in chart.ranges]  # fmt: skip
    if chart.reference is not None:
        out.append(line(f"Dashed line: the {chart.reference_label}."))
    out += [line(italic(note)) for note in chart.notes]
    return [*out, line(chart.source)]


def _pay_reply(career: Career, chart: PayChart) -> Reply:
    lines = [line(bold(f"📊 {chart.title}")), *_pay_lines(chart)]
    return Reply(tuple(lines), kind="answer", career=career, intent="salary",
                 careers=(career,), chart=chart)  # fmt: skip


def _compare_reply(careers: Sequence[Career], chart: PayChart) -> Reply:
    names = " vs ".join(short_title(c.title) for c in careers)
    lines = [line(bold(f"📊 {names}")), line(f"{chart.title}, on one scale."), *_pay_lines(chart)]
    return Reply(tuple(lines), kind="answer", intent="compare", careers=tuple(careers),
                 chart=chart)  # fmt: skip


def _map_reply(career: Career, chart: MapChart) -> Reply:
    hourly = chart.unit == "hour"
    per = "an hour" if hourly else "a year"
    known = sorted(
        (t for t in chart.tiles if t.value is not None), key=lambda t: (-(t.value or 0), t.state)
    )
    high, low = known[0], known[-1]
    lines = [
        line(bold(f"📊 {chart.title}")),
        line(
            "A map of the US, one square per state and DC, coloured by the career's median "
            "pay there: dark purple is the lowest, yellow the highest."
        ),
        line(
            f"Highest: {high.state}, ",
            bold(money(high.value or 0, hourly=hourly)),
            f" {per}; lowest: {low.state}, ",
            bold(money(low.value or 0, hourly=hourly)),
            f" {per}.",
        ),
    ]
    missing = sorted(t.state for t in chart.tiles if t.value is None)
    if missing:
        lines.append(line(italic(f"Not published by BLS (hatched): {', '.join(missing)}.")))
    lines.append(line(chart.source))
    return Reply(tuple(lines), kind="answer", career=career, intent="places",
                 careers=(career,), chart=chart)  # fmt: skip


def _nothing(career: Career, where: str) -> Reply:
    what = f" {where}" if where else ""
    return Reply((line(f"BLS publishes no pay{what} for {career.title}, so there is no chart."),),
                 kind="fallback", career=career)  # fmt: skip
