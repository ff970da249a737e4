"""BLS Employment Projections: the line items of Table 1.2 (as CSV), with employment then and
ten years on, change, annual openings, and typical entry education, work experience and
on-the-job training."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.build.tables import SourceDataError, number, read_rows

_DASHES = ("", "-", "\u2013", "\u2014")  # how Table 1.2 shows a figure that does not apply


@dataclass(frozen=True)
class Projection:
    code: str
    title: str
    employment_start: float  # thousands
    employment_end: float
    change_percent: float
    openings: float  # thousands, annual average
    education: str | None
    experience: str | None
    training: str | None


@dataclass(frozen=True)
class Projections:
    start_year: int
    end_year: int
    line_items: Mapping[str, Projection]


def read_projections(file: Path) -> Projections:
    """The line items of Table 1.2, by SOC code; "Summary" rows (groups) are left out."""
    rows = read_rows(file, delimiter=",")
    at = _header_row(file, rows)
    header = [_normal_header(h) for h in rows[at]]
    years = sorted((int(m.group(1)), i) for i, h in enumerate(header)
                   if (m := re.fullmatch(r"employment, (\d{4})", h)))  # fmt: skip
    if len(years) != 2:
        raise SourceDataError(file, "needs two columns 'Employment, <year>' (start and end)")
    columns = _columns(file, header, rows[at])
    columns.update(start=years[0][1], end=years[1][1])
    items = _line_items(file, rows, at, columns)
    if not items:
        raise SourceDataError(file, "has no 'Line item' rows")
    return Projections(years[0][0], years[1][0], items)


def _normal_header(text: str) -> str:
    text = re.sub(r"\[\d+\]", "", text).replace("\u2013", "-").replace("\u2014", "-")
    return " ".join(text.lower().split())


def _header_row(file: Path, rows: Sequence[Sequence[str]]) -> int:
    """Where the header is: the CSV may carry the workbook's title rows above it."""
    headers = ([_normal_header(h) for h in row] for row in rows)
    at = next((i for i, h in enumerate(headers) if any(c.endswith("matrix code") for c in h)), -1)
    if at < 0:
        raise SourceDataError(file, "has no header row with a 'Matrix code' column")
    return at


def _columns(file: Path, header: Sequence[str], raw_header: Sequence[str]) -> dict[str, int]:
    """Our name -> index of each column read (besides the two employment years)."""

    def find(what: str, test: Callable[[str], bool]) -> int:
        for i, h in enumerate(header):
            if test(h):
                return i
        raise SourceDataError(file, f"has no column for {what} (columns: {', '.join(raw_header)})")

    return {
        "code": find("the occupation code", lambda h: h.endswith("matrix code")),
        "title": find("the occupation title", lambda h: h.endswith("matrix title")),
        "type": find("the occupation type", lambda h: h == "occupation type"),
        "change": find("the percent change", lambda h: h.startswith("employment change, percent")),
        "openings": find("annual openings", lambda h: h.startswith("occupational openings")),
        "education": find("entry education", lambda h: h.startswith("typical education needed")),
        "experience": find(
            "work experience", lambda h: h.startswith("work experience in a related")
        ),
        "training": find(
            "on-the-job training", lambda h: h.startswith("typical on-the-job training")
        ),
    }


def _line_items(
    file: Path, rows: Sequence[Sequence[str]], at: int, columns: Mapping[str, int]
) -> dict[str, Projection]:
    width = max(columns.values()) + 1
    items: dict[str, Projection] = {}
    for line, row in enumerate(rows[at + 1 :], start=at + 2):
        code = row[columns["code"]].strip() if len(row) > columns["code"] else ""
        if not re.fullmatch(r"\d{2}-\d{4}", code):
            continue  # blank lines and footnotes below the table
        if len(row) < width:
            raise SourceDataError(file, f"line {line}: has {len(row)} columns, the header more")
        if row[columns["type"]].strip().lower() != "line item":
            continue
        items[code] = _projection(file, rows[at], row, line, columns)
    return items


def _projection(
    file: Path, header: Sequence[str], row: Sequence[str], line: int, columns: Mapping[str, int]
) -> Projection:
    def text(name: str) -> str | None:
        value = " ".join(row[columns[name]].split())
        return None if value in _DASHES else value

    def figure(name: str) -> float:
        i = columns[name]
        return number(file, f"line {line}", header[i].strip(), row[i].strip())

    return Projection(
        code=row[columns["code"]].strip(),
        title=" ".join(row[columns["title"]].split()),
        employment_start=figure("start"),
        employment_end=figure("end"),
        change_percent=figure("change"),
        openings=figure("openings"),
        education=text("education"),
        experience=text("experience"),
        training=text("training"),
    )
