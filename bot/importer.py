"""Build ``knowledge/careers/`` from the official source files (``careerbot build-knowledge``).

One YAML file is written per detailed occupation of BLS OEWS (display level 3 of its
``occupation`` table), in the schema of :mod:`bot.knowledge`, from:

- BLS OEWS May 2025 (``oews-2025.sqlite.gz`` or the unzipped ``.sqlite``): national employment,
  the industries employing the most, hourly and annual wages;
- BLS Employment Projections 2024-34 (Table 1.2 as CSV): employment then and ten years on,
  change, annual openings, typical entry education, work experience and on-the-job training;
- O*NET 29.3 (a directory of its tab-separated files, either the ``*.tsv`` names of
  ``../shared/data`` or O*NET's own ``db_29_3_text`` names such as ``Occupation Data.txt``):
  description, core tasks, job zone, alternate and reported titles, related occupations;
- NCES CIP 2020 to SOC 2018 crosswalk and CIP 2020 titles: the college programmes.

How codes are matched. OEWS codes are the careers. Some are aggregates of SOC 2018 detailed
codes, either a broad occupation ending in 0 (13-1020 covers 13-1021, 13-1022 and 13-1023) or an
OEWS-specific code (21-1018 covers 21-1011 and 21-1014). A source that has no row for an OEWS
code is read through its *components*: the source's codes of the same SOC broad occupation (the
first six characters, e.g. ``13-102``) that are not OEWS codes themselves. O*NET and the
crosswalk are matched that way. Projections are matched exactly first; failing that, a line item
for the wider broad occupation (``13-1020`` for ``13-1021``) is used and the facts say so in
their ``scope``; failing that, the components' projections are summed, again with a ``scope``.

Aliases come from O*NET: alternate titles, their short titles, reported titles and the titles
of the O*NET occupations and specialties of the career. "Name (Abbreviation)" gives both parts.
Aliases that are empty, pure numbers, the title itself, longer than
:data:`MAX_ALIAS_LENGTH` or made only of :data:`GENERIC_WORDS` are dropped. An alias several
careers share stays in ``aliases`` of one career only: the one whose title it is, else the one
with a curated claim, else the one whose title contains its words ("Financial Advisor": Personal
Financial Advisors), else the one where O*NET's My Next Move shows it as a reported title, else
the one more of whose O*NET titles give it ("CNA" comes from seven titles of Nursing Assistants
and one of Home Health Aides), else the one with the most OEWS employment; the others list it
in ``ambiguous_aliases``, so the bot can offer them as alternatives.

The outlook ``wording`` follows the key phrases of BLS's Occupational Outlook Handbook, relative
to the projected change for all occupations (3.1% for 2024-34); the bins are
:data:`OUTLOOK_WORDING`.

Hand-curated content lives in ``knowledge/curated/*.yaml`` (a partial career keyed by ``soc``)
and is merged into the generated career on every build; the importer never writes there.

Output is deterministic: the same input gives byte-identical files. They are written to a
temporary directory beside ``careers/``, validated with :func:`bot.knowledge.load_career`, then
swapped in; on any problem the existing ``careers/`` is left untouched and
:class:`SourceDataError` names the file and what is wrong with it.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import gzip
import re
import shutil
import sqlite3
import sys
import time
import unicodedata
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.knowledge import (
    CAREER_FIELDS,
    MAX_ID_LENGTH,
    WAGE_KEYS,
    KnowledgeError,
    Source,
    load_career,
    load_groups,
    load_links,
    load_sources,
)

# Source ids in knowledge/sources.yaml that the generated facts name.
SOURCE_OEWS = "bls-oews-2025"
SOURCE_PROJECTIONS = "bls-ep-2024-34"
SOURCE_ONET = "onet-29.3"
SOURCE_CIP = "nces-cip-soc-2020"

# Outlook wording: BLS Occupational Outlook Handbook key phrases for the projected change in
# employment, relative to the 3.1% projected for all occupations over 2024-34. Read top down:
# the first row whose lower bound the change reaches (change >= bound) gives the wording, so
# the bins are half-open and do not overlap:
#     change >= 7      much faster than average
#     5 <= change < 7  faster than average
#     2 <= change < 5  about as fast as average
#     1 <= change < 2  slower than average
#    -1 < change < 1   little or no change
#     change <= -1     decline
OUTLOOK_WORDING: tuple[tuple[float, str], ...] = (
    (7.0, "much faster than average"),
    (5.0, "faster than average"),
    (2.0, "about as fast as average"),
    (1.0, "slower than average"),
    (-0.95, "little or no change"),  # change > -1 (published to one decimal: -0.9 and up)
    (float("-inf"), "decline"),
)

# OEWS industry level for "who employs them": display level 3 holds the NAICS 3-digit
# subsectors ("Machinery Manufacturing", "Hospitals"), which partition all industries OEWS
# covers. Level 2 is too coarse (sectors) and level 4 mixes in BLS-specific aggregates
# ("Chemical Manufacturing (3251, 3252, 3253, and 3259 only)") and ownership splits.
INDUSTRY_LEVEL = 3
TOP_INDUSTRIES = 5
MAX_TASKS = 5
MAX_SIMILAR = 6
MAX_ALIAS_LENGTH = 60
SUMMARY_CODES = 8  # SOC codes listed per kind of missing field before "… and N more"

# An alias made only of these words matches nothing in particular ("Senior Manager").
GENERIC_WORDS = frozenset((
    "manager", "worker", "assistant", "specialist", "technician", "operator", "helper",
    "laborer", "labourer", "supervisor", "director", "consultant", "analyst", "administrator",
    "admin", "coordinator", "associate", "representative", "rep", "clerk", "tech", "trainee",
    "apprentice", "attendant", "aide", "agent", "officer", "employee", "staff", "owner",
    "senior", "junior", "sr", "jr", "lead", "i", "ii", "iii", "iv", "and", "of",
))  # fmt: skip

# OEWS datatype codes (cell columns vNN / fNN) for each wage key.
_HOURLY_COLUMNS = {"p10": "06", "p25": "07", "median": "08", "p75": "09", "p90": "10", "mean": "03"}
_ANNUAL_COLUMNS = {"p10": "11", "p25": "12", "median": "13", "p75": "14", "p90": "15", "mean": "04"}
_FOOTNOTE_TOP_CODED = "5"
_FOOTNOTE_HOURLY_OR_ANNUAL = "4"
_NATIONAL = "OEUN0000000"  # series key prefix: OEU + area type N + the national area 0000000
_ALL_INDUSTRIES = "000000"
_DASHES = ("", "-", "\u2013", "\u2014")  # how Table 1.2 shows a figure that does not apply

_ONLY_ANNUAL = (
    "BLS publishes only annual wages for this occupation: its workers often do not work "
    "year-round, full time, and are typically paid a yearly salary."
)
_ONLY_HOURLY = (
    "BLS publishes only hourly wages for this occupation: its workers often do not work "
    "year-round, full time, and are typically paid by the hour."
)
_NO_ONET_TEXT = (
    "BLS publishes figures for this group of occupations; O*NET has no description for it."
)


class SourceDataError(Exception):
    """A source file (or a curated file) is missing or malformed; nothing was written."""

    def __init__(self, file: Path | str, problem: str) -> None:
        self.file = str(file)
        self.problem = problem
        super().__init__(f"{self.file}: {problem}")


@dataclass(frozen=True)
class SourcePaths:
    """Where the source files are; see ``../shared/data/README.md``."""

    oews: Path  # the .sqlite.gz or an unzipped .sqlite
    projections: Path  # Table 1.2 as CSV
    onet: Path  # directory of O*NET tab-separated files
    crosswalk: Path  # CIP2020_SOC2018_Crosswalk.csv
    cip: Path  # CIPCode2020.csv

    @classmethod
    def from_data_dir(cls, data_dir: Path) -> SourcePaths:
        """The layout of ``../shared/data``."""
        oews = data_dir / "bls_oews_may2025" / "oews-2025.sqlite.gz"
        if not oews.exists() and oews.with_suffix("").exists():
            oews = oews.with_suffix("")
        nces = data_dir / "nces_cip2020_soc2018"
        return cls(
            oews=oews,
            projections=data_dir
            / "bls_projections_2024-34"
            / "table_1.2_occupational_projections_2024-34.csv",
            onet=data_dir / "onet_29.3",
            crosswalk=nces / "CIP2020_SOC2018_Crosswalk.csv",
            cip=nces / "CIPCode2020.csv",
        )


@dataclass(frozen=True)
class ImportSummary:
    careers_written: int
    careers_dir: Path
    curated: tuple[str, ...]  # curated files merged
    missing: Mapping[str, tuple[str, ...]]  # "field: why" -> SOC codes without it
    notes: Mapping[str, tuple[str, ...]]  # "field: how" -> SOC codes whose figure is indirect


# --- reading tables ---------------------------------------------------------------------------


def _read_rows(file: Path, *, delimiter: str) -> list[list[str]]:
    """All rows of a CSV/TSV file (UTF-8, byte-order mark allowed)."""
    try:
        with file.open(encoding="utf-8-sig", newline="") as handle:
            if delimiter == "\t":  # O*NET: no quoting, a description may hold a quote mark
                return list(csv.reader(handle, delimiter=delimiter, quoting=csv.QUOTE_NONE))
            return list(csv.reader(handle, delimiter=delimiter))
    except FileNotFoundError:
        raise SourceDataError(file, "file not found") from None
    except IsADirectoryError:
        raise SourceDataError(file, "is a directory, not a file") from None
    except UnicodeDecodeError as exc:
        raise SourceDataError(file, f"is not UTF-8 text ({exc.reason})") from None
    except (OSError, csv.Error) as exc:
        raise SourceDataError(file, f"cannot be read ({exc})") from None


def _read_table(file: Path, columns: Sequence[str], *, delimiter: str) -> list[dict[str, str]]:
    """Rows of a file whose first row is the header, as dicts of the wanted columns."""
    rows = _read_rows(file, delimiter=delimiter)
    if not rows:
        raise SourceDataError(file, "is empty")
    header = [h.strip() for h in rows[0]]
    index = _column_index(file, header, columns)
    table = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            raise SourceDataError(
                file, f"line {line}: has {len(row)} columns, the header {len(header)}"
            )
        table.append({name: row[i].strip() for name, i in index.items()})
    return table


def _column_index(file: Path, header: Sequence[str], columns: Sequence[str]) -> dict[str, int]:
    index = {}
    for name in columns:
        if name not in header:
            raise SourceDataError(file, f"has no column {name!r} (columns: {', '.join(header)})")
        index[name] = header.index(name)
    return index


def _integer(file: Path, line: str, column: str, text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise SourceDataError(file, f"{line}: {column}: {text!r} is not a whole number") from None


def _number(file: Path, line: str, column: str, text: str) -> float:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        raise SourceDataError(file, f"{line}: {column}: {text!r} is not a number") from None


# --- OEWS -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Cell:
    values: Mapping[str, str]  # datatype code ("01") -> value as published ("-" = not published)
    footnotes: Mapping[str, str]  # datatype code -> footnote code


@dataclass(frozen=True)
class _Oews:
    year: int
    release: str
    titles: Mapping[str, str]  # SOC -> title, detailed occupations in code order
    national: Mapping[str, _Cell]  # SOC -> national all-industry cell
    industries: Mapping[str, tuple[tuple[str, int], ...]]  # SOC -> (industry, employed), most first
    top_code: Mapping[str, float]  # "hourly"/"annual" -> the top-coding limit, if stated


_OEWS_COLUMNS = {
    "occupation": ("occupation_code", "occupation_name", "display_level"),
    "industry": ("industry_code", "industry_name", "display_level"),
    "footnote": ("footnote_code", "footnote_text"),
    "cell": ("key", *(f"v{c:02}" for c in (1, 3, 4, *range(6, 16))),
             *(f"f{c:02}" for c in (1, 3, 4, *range(6, 16)))),
}  # fmt: skip


def _connect_oews(file: Path) -> sqlite3.Connection:
    try:
        with file.open("rb") as handle:
            magic = handle.read(2)
    except FileNotFoundError:
        raise SourceDataError(file, "file not found") from None
    except OSError as exc:
        raise SourceDataError(file, f"cannot be read ({exc})") from None
    if magic == b"\x1f\x8b":
        try:
            data = gzip.decompress(file.read_bytes())
        except (OSError, EOFError, zlib.error) as exc:
            raise SourceDataError(file, f"is not a readable gzip file ({exc})") from None
        connection = sqlite3.connect(":memory:")
        try:
            connection.deserialize(data)
        except sqlite3.Error as exc:
            raise SourceDataError(file, f"does not hold an SQLite database ({exc})") from None
        return connection
    return sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True)


def _read_oews(file: Path) -> _Oews:
    connection = _connect_oews(file)
    try:
        return _query_oews(file, connection)
    except sqlite3.Error as exc:
        raise SourceDataError(file, f"is not a readable OEWS database ({exc})") from None
    finally:
        connection.close()


def _query_oews(file: Path, db: sqlite3.Connection) -> _Oews:
    for table, columns in _OEWS_COLUMNS.items():
        have = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        if not have:
            raise SourceDataError(file, f"has no table {table!r}")
        lacking = [c for c in columns if c not in have]
        if lacking:
            raise SourceDataError(file, f"table {table!r} has no column {lacking[0]!r}")
    meta: dict[str, str] = {}
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone():
        meta = dict(db.execute("SELECT name, value FROM meta"))
    year = int(meta["data_year"]) if meta.get("data_year", "").isdigit() else 0

    titles: dict[str, str] = {}
    query = "SELECT occupation_code, occupation_name FROM occupation WHERE display_level = 3"
    for code, name in db.execute(query + " ORDER BY occupation_code"):
        if not re.fullmatch(r"\d{6}", code or ""):
            raise SourceDataError(file, f"occupation: {code!r} is not a 6-digit SOC code")
        titles[f"{code[:2]}-{code[2:]}"] = " ".join(str(name).split())
    if not titles:
        raise SourceDataError(file, "occupation: has no detailed occupations (display level 3)")

    query = "SELECT industry_code, industry_name FROM industry WHERE display_level = ?"
    industry_names = dict(db.execute(query, (INDUSTRY_LEVEL,)))

    top_code: dict[str, float] = {}
    row = db.execute(
        "SELECT footnote_text FROM footnote WHERE footnote_code = ?", (_FOOTNOTE_TOP_CODED,)
    ).fetchone()
    if row:
        hourly = re.search(r"\$([\d,]+\.\d+) per hour", row[0])
        annual = re.search(r"\$([\d,]+) per year", row[0])
        if hourly:
            top_code["hourly"] = float(hourly.group(1).replace(",", ""))
        if annual:
            top_code["annual"] = float(annual.group(1).replace(",", ""))

    codes = sorted(
        {c for cols in (_HOURLY_COLUMNS, _ANNUAL_COLUMNS) for c in cols.values()} | {"01"}
    )
    select = ", ".join([f"v{c}" for c in codes] + [f"f{c}" for c in codes])
    national: dict[str, _Cell] = {}
    by_industry: dict[str, list[tuple[str, int]]] = defaultdict(list)
    query = f"SELECT key, {select} FROM cell WHERE key >= ? AND key < ?"
    for key, *fields in db.execute(query, (_NATIONAL, _NATIONAL[:-1] + "1")):
        industry, code = key[11:17], key[17:23]
        soc = f"{code[:2]}-{code[2:]}"
        if soc not in titles:
            continue
        values = {c: (v or "").strip() for c, v in zip(codes, fields[: len(codes)], strict=True)}
        if industry == _ALL_INDUSTRIES:
            notes = {c: f for c, f in zip(codes, fields[len(codes) :], strict=True) if f}
            national[soc] = _Cell(values, notes)
        elif industry in industry_names and values["01"].isdigit() and int(values["01"]) > 0:
            by_industry[soc].append((" ".join(industry_names[industry].split()), int(values["01"])))
    if not national:
        raise SourceDataError(file, "cell: has no national all-industry series")
    industries = {
        soc: tuple(sorted(rows, key=lambda r: (-r[1], r[0]))[:TOP_INDUSTRIES])
        for soc, rows in by_industry.items()
    }
    return _Oews(year, meta.get("release", ""), titles, national, industries, top_code)


# --- Employment Projections -------------------------------------------------------------------


@dataclass(frozen=True)
class _Projection:
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
class _Projections:
    start_year: int
    end_year: int
    line_items: Mapping[str, _Projection]


def _normal_header(text: str) -> str:
    text = re.sub(r"\[\d+\]", "", text).replace("\u2013", "-").replace("\u2014", "-")
    return " ".join(text.lower().split())


def _read_projections(file: Path) -> _Projections:
    rows = _read_rows(file, delimiter=",")
    # The CSV may carry the workbook's title rows above the header; find the header.
    headers = ([_normal_header(h) for h in row] for row in rows)
    at = next((i for i, h in enumerate(headers) if any(c.endswith("matrix code") for c in h)), -1)
    if at < 0:
        raise SourceDataError(file, "has no header row with a 'Matrix code' column")
    header = [_normal_header(h) for h in rows[at]]

    def find(what: str, test: Callable[[str], bool]) -> int:
        for i, h in enumerate(header):
            if test(h):
                return i
        raise SourceDataError(file, f"has no column for {what} (columns: {', '.join(rows[at])})")

    years = sorted((int(m.group(1)), i) for i, h in enumerate(header)
                   if (m := re.fullmatch(r"employment, (\d{4})", h)))  # fmt: skip
    if len(years) != 2:
        raise SourceDataError(file, "needs two columns 'Employment, <year>' (start and end)")
    columns = {
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
    width = max(*columns.values(), years[0][1], years[1][1]) + 1

    def text(row: list[str], name: str) -> str | None:
        value = " ".join(row[columns[name]].split())
        return None if value in _DASHES else value

    def number(row: list[str], line: int, i: int) -> float:
        return _number(file, f"line {line}", rows[at][i].strip(), row[i].strip())

    items: dict[str, _Projection] = {}
    for line, row in enumerate(rows[at + 1 :], start=at + 2):
        code = row[columns["code"]].strip() if len(row) > columns["code"] else ""
        if not re.fullmatch(r"\d{2}-\d{4}", code):
            continue  # blank lines and footnotes below the table
        if len(row) < width:
            raise SourceDataError(file, f"line {line}: has {len(row)} columns, the header more")
        if row[columns["type"]].strip().lower() != "line item":
            continue
        items[code] = _Projection(
            code=code,
            title=" ".join(row[columns["title"]].split()),
            employment_start=number(row, line, years[0][1]),
            employment_end=number(row, line, years[1][1]),
            change_percent=number(row, line, columns["change"]),
            openings=number(row, line, columns["openings"]),
            education=text(row, "education"),
            experience=text(row, "experience"),
            training=text(row, "training"),
        )
    if not items:
        raise SourceDataError(file, "has no 'Line item' rows")
    return _Projections(years[0][0], years[1][0], items)


# --- O*NET ----------------------------------------------------------------------------------

# Our name for each file -> (the name in ../shared/data, the name in O*NET's db_29_3_text).
_ONET_FILES = {
    "occupations": ("occupation_data.tsv", "Occupation Data.txt"),
    "alternate": ("alternate_titles.tsv", "Alternate Titles.txt"),
    "reported": ("sample_of_reported_titles.tsv", "Sample of Reported Titles.txt"),
    "tasks": ("task_statements.tsv", "Task Statements.txt"),
    "related": ("related_occupations.tsv", "Related Occupations.txt"),
    "zones": ("job_zones.tsv", "Job Zones.txt"),
    "zone_names": ("job_zone_reference.tsv", "Job Zone Reference.txt"),
}
_CODE = "O*NET-SOC Code"
_TIERS = {"Primary-Short": 0, "Primary-Long": 1}


@dataclass(frozen=True)
class _Onet:
    titles: Mapping[str, str]  # O*NET-SOC code -> title
    descriptions: Mapping[str, str]
    alternate: Mapping[str, tuple[tuple[str, str], ...]]  # code -> (alternate title, short title)
    reported: Mapping[str, tuple[tuple[str, bool], ...]]  # code -> (title, shown in My Next Move)
    tasks: Mapping[str, tuple[str, ...]]  # code -> core tasks by task id, else any tasks
    related: Mapping[str, tuple[tuple[int, int, str], ...]]  # code -> (tier, index, related code)
    zones: Mapping[str, int]
    zone_names: Mapping[int, str]


def _onet_file(directory: Path, name: str) -> Path:
    ours, official = _ONET_FILES[name]
    if not directory.is_dir():
        raise SourceDataError(directory, "is not a directory (expected the O*NET files)")
    for candidate in (ours, official):
        if (directory / candidate).is_file():
            return directory / candidate
    raise SourceDataError(directory / ours, f"file not found (nor {official!r} beside it)")


def _onet_table(
    directory: Path, name: str, columns: Sequence[str]
) -> tuple[Path, list[dict[str, str]]]:
    file = _onet_file(directory, name)
    rows = _read_table(file, columns, delimiter="\t")
    for line, row in enumerate(rows, start=2):
        if _CODE in row and not re.fullmatch(r"\d{2}-\d{4}\.\d{2}", row[_CODE]):
            raise SourceDataError(file, f"row {line}: {row[_CODE]!r} is not an O*NET-SOC code")
    return file, rows


def _read_onet(directory: Path) -> _Onet:
    _, rows = _onet_table(directory, "occupations", (_CODE, "Title", "Description"))
    titles = {r[_CODE]: r["Title"] for r in rows}
    descriptions = {r[_CODE]: r["Description"] for r in rows if r["Description"]}

    alternate: dict[str, list[tuple[str, str]]] = defaultdict(list)
    _, rows = _onet_table(directory, "alternate", (_CODE, "Alternate Title", "Short Title"))
    for r in rows:
        alternate[r[_CODE]].append((r["Alternate Title"], r["Short Title"]))

    reported: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    columns = (_CODE, "Reported Job Title", "Shown in My Next Move")
    _, rows = _onet_table(directory, "reported", columns)
    for r in rows:
        reported[r[_CODE]].append((r["Reported Job Title"], r["Shown in My Next Move"] == "Y"))

    file, rows = _onet_table(directory, "tasks", (_CODE, "Task ID", "Task", "Task Type"))
    by_code: dict[str, list[tuple[bool, int, str]]] = defaultdict(list)
    for line, r in enumerate(rows, start=2):
        task_id = _integer(file, f"row {line}", "Task ID", r["Task ID"])
        if r["Task"]:
            by_code[r[_CODE]].append((r["Task Type"] == "Core", task_id, r["Task"]))
    tasks = {}
    for code, entries in by_code.items():
        core = sorted((t for t in entries if t[0]), key=lambda t: t[1])
        chosen = core or sorted(entries, key=lambda t: t[1])
        tasks[code] = tuple(t[2] for t in chosen)

    file, rows = _onet_table(
        directory, "related", (_CODE, "Related O*NET-SOC Code", "Relatedness Tier", "Index")
    )
    related: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for line, r in enumerate(rows, start=2):
        tier = _TIERS.get(r["Relatedness Tier"], len(_TIERS))
        index = _integer(file, f"row {line}", "Index", r["Index"])
        related[r[_CODE]].append((tier, index, r["Related O*NET-SOC Code"]))

    file, rows = _onet_table(directory, "zones", (_CODE, "Job Zone"))
    zones = {r[_CODE]: _integer(file, r[_CODE], "Job Zone", r["Job Zone"]) for r in rows}
    file, rows = _onet_table(directory, "zone_names", ("Job Zone", "Name"))
    zone_names = {_integer(file, "row", "Job Zone", r["Job Zone"]): r["Name"] for r in rows}

    return _Onet(
        titles=titles,
        descriptions=descriptions,
        alternate={k: tuple(v) for k, v in alternate.items()},
        reported={k: tuple(v) for k, v in reported.items()},
        tasks=tasks,
        related={k: tuple(sorted(v)) for k, v in related.items()},
        zones=zones,
        zone_names=zone_names,
    )


# --- NCES CIP-SOC crosswalk -----------------------------------------------------------------


def _excel_text(text: str) -> str:
    """``="14.3501"`` (how CIPCode2020.csv writes codes) -> ``14.3501``."""
    text = text.strip()
    if text.startswith('="') and text.endswith('"'):
        return text[2:-1]
    return text


def _read_programmes(crosswalk: Path, cip: Path) -> dict[str, tuple[tuple[str, str], ...]]:
    """SOC code -> (CIP code, title) of the programmes that lead to it, by code."""
    rows = _read_table(cip, ("CIPCode", "CIPTitle"), delimiter=",")
    titles = {_excel_text(r["CIPCode"]): r["CIPTitle"] for r in rows}
    columns = ("CIP2020Code", "CIP2020Title", "SOC2018Code")
    by_soc: dict[str, dict[str, str]] = defaultdict(dict)
    for line, r in enumerate(_read_table(crosswalk, columns, delimiter=","), start=2):
        code, soc = _excel_text(r["CIP2020Code"]), _excel_text(r["SOC2018Code"])
        if code.startswith("99") or soc.startswith("99"):
            continue  # "NO MATCH" rows
        if not re.fullmatch(r"\d{2}\.\d{4}", code) or not re.fullmatch(r"\d{2}-\d{4}", soc):
            raise SourceDataError(crosswalk, f"line {line}: {code!r}/{soc!r} is not a CIP/SOC pair")
        title = " ".join((titles.get(code) or r["CIP2020Title"]).split()).rstrip(".").strip()
        by_soc[soc][code] = title or code
    return {soc: tuple(sorted(programmes.items())) for soc, programmes in by_soc.items()}


# --- matching codes across sources ----------------------------------------------------------


def _components(careers: Iterable[str], codes: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """For each career SOC, the SOC codes of another source that stand for it (see module doc)."""
    careers = set(careers)
    codes = set(codes)
    unmatched: dict[str, list[str]] = defaultdict(list)
    for soc in sorted(careers - codes):
        unmatched[soc[:6]].append(soc)
    result: dict[str, tuple[str, ...]] = {soc: (soc,) for soc in careers & codes}
    for broad, socs in unmatched.items():
        parts = tuple(sorted(c for c in codes if c[:6] == broad and c not in careers))
        if len(socs) == 1 and parts:  # with two unmatched careers the parts cannot be assigned
            result[socs[0]] = parts
    return result


def _onet_codes(onet: _Onet, careers: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Career SOC -> its O*NET-SOC codes (``.00`` and specialties), in code order."""
    by_soc: dict[str, list[str]] = defaultdict(list)
    for code in sorted(onet.titles):
        by_soc[code[:7]].append(code)
    parts = _components(careers, by_soc)
    return {soc: tuple(c for s in socs for c in by_soc[s]) for soc, socs in parts.items()}


def _primary(codes: Sequence[str]) -> tuple[str, ...]:
    """The O*NET codes a career is described by: each SOC's ``.00`` (else its first specialty)."""
    chosen: dict[str, str] = {}
    for code in codes:
        soc = code[:7]
        if soc not in chosen or code.endswith(".00"):
            chosen[soc] = code
    return tuple(chosen[soc] for soc in sorted(chosen))


# --- aliases --------------------------------------------------------------------------------


def _alias_forms(text: str) -> list[str]:
    """The aliases one O*NET title gives: "Quality Manager (QA Manager)" -> both parts."""
    text = " ".join(text.split())
    single = re.fullmatch(r"([^()]*?)\s*\(([^()]*)\)\s*([^()]*)", text)
    if single:
        before, inner, after = single.groups()
        forms = [f"{before} {after}", f"{inner} {after}"]
    elif re.fullmatch(r"[^()]*(\([^()]*\)[^()]*)+", text):  # several asides: drop them all
        forms = [re.sub(r"\s*\([^()]*\)", "", text)]
    else:
        forms = [text]
    return [" ".join(f.split()).strip(" ,;-/") for f in forms]


def _useful(alias: str, title: str) -> bool:
    if not alias or len(alias) > MAX_ALIAS_LENGTH or alias.casefold() == title.casefold():
        return False
    words = re.findall(r"[a-z0-9]+", alias.casefold())
    if not words or all(w.isdigit() for w in words):
        return False
    return not all(w in GENERIC_WORDS for w in words)


@dataclass
class _AliasClaim:
    text: str
    # 0 reported and shown in My Next Move, 1 O*NET title, 2 reported, 3 alternate title,
    # 4 short title, 5 curated only
    rank: int
    shown: bool  # shown in My Next Move
    support: int = 1  # how many of the career's O*NET titles give this alias ("CNA": 7 for 31-1131)


def _alias_claims(codes: Sequence[str], onet: _Onet, title: str) -> dict[str, _AliasClaim]:
    """Casefolded alias -> how this career's O*NET data names it."""
    claims: dict[str, _AliasClaim] = {}

    def add(raw: str, rank: int, shown: bool = False) -> None:
        for form in _alias_forms(raw):
            if not _useful(form, title):
                continue
            key = form.casefold()
            claim = claims.get(key)
            if claim is None:
                claims[key] = _AliasClaim(form, rank, shown)
            else:
                if rank < claim.rank:
                    claim.text, claim.rank = form, rank
                claim.shown = claim.shown or shown
                claim.support += 1

    for code in codes:
        for reported, shown in onet.reported.get(code, ()):
            add(reported, 0 if shown else 2, shown)
        add(onet.titles[code], 1)
        for alternate, short in onet.alternate.get(code, ()):
            add(alternate, 3)
            if short:
                add(short, 4)
    return claims


# --- building one career --------------------------------------------------------------------


@dataclass
class _Report:
    """What the build could not fill (missing) or filled indirectly (notes), by SOC."""

    missing: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    notes: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def lack(self, what: str, soc: str) -> None:
        self.missing[what].append(soc)

    def note(self, what: str, soc: str) -> None:
        self.notes[what].append(soc)


class _Flow(list[Any]):
    """A list written in YAML flow style, e.g. ``period: [2024, 2034]``."""


# libyaml's emitter when PyYAML has it (as bot.knowledge's loader): four times faster.
class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """PyYAML's safe dumper, writing :class:`_Flow` lists in flow style."""


_Dumper.add_representer(
    _Flow, lambda d, data: d.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)
)


def _slug(title: str, limit: int = MAX_ID_LENGTH) -> str:
    """Lower-case words joined by '-', cut at a word boundary to at most ``limit``."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = ""
    for word in re.findall(r"[a-z0-9]+", text.lower()):
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit:
            break
        slug = candidate
    return slug or "career"


def _career_ids(titles: Mapping[str, str]) -> dict[str, str]:
    """SOC -> unique id; a clash keeps the slug for the lower SOC and suffixes the others."""
    ids: dict[str, str] = {}
    for soc in sorted(titles):
        slug = _slug(titles[soc])
        if slug in ids.values():
            suffix = "-" + soc.replace("-", "")
            slug = _slug(titles[soc], MAX_ID_LENGTH - len(suffix)) + suffix
        ids[soc] = slug
    return ids


def _wording(change: float) -> str:
    for bound, wording in OUTLOOK_WORDING:
        if change >= bound:
            return wording
    return OUTLOOK_WORDING[-1][1]


def _thousands(value: float) -> int:
    return round(value * 1000)


def _wage(text: str) -> int | float:
    return int(text) if text.isdigit() else float(text)


@dataclass(frozen=True)
class _Sources:
    oews: _Oews
    projections: _Projections
    onet: _Onet
    programmes: Mapping[str, tuple[tuple[str, str], ...]]
    onet_codes: Mapping[str, tuple[str, ...]]  # career SOC -> O*NET-SOC codes
    crosswalk_codes: Mapping[str, tuple[str, ...]]  # career SOC -> crosswalk SOC codes
    projection_codes: Mapping[str, tuple[str, ...]]  # career SOC -> projections line items
    onet_to_career: Mapping[str, str]  # O*NET-SOC code -> career SOC


def _overview(soc: str, title: str, src: _Sources, report: _Report) -> dict[str, Any]:
    onet = src.onet
    primary = _primary(src.onet_codes.get(soc, ()))
    described = [c for c in primary if c in onet.descriptions]
    if not described:
        report.lack("overview: no O*NET description", soc)
        return {"source": SOURCE_ONET, "text": _NO_ONET_TEXT}
    if len(described) == 1:
        text = onet.descriptions[described[0]]
    else:
        report.note("overview: combined from the O*NET occupations the BLS code covers", soc)
        parts = " ".join(f"{onet.titles[c]}: {onet.descriptions[c]}" for c in described)
        text = f"{title} covers {len(described)} O*NET occupations. {parts}"
    # Tasks in turn from each O*NET occupation, so a combined career gets some of each.
    lists = [onet.tasks.get(c, ()) for c in primary]
    tasks = [t for i in range(MAX_TASKS) for ts in lists if i < len(ts) for t in (ts[i],)]
    fact: dict[str, Any] = {"source": SOURCE_ONET, "text": text}
    if tasks:
        fact["tasks"] = tasks[:MAX_TASKS]
    else:  # an "All Other" group: O*NET says only "All ... not listed separately."
        report.lack("overview.tasks: no O*NET task statements", soc)
        fact["text"] = f"{text} {_examples(src.onet_codes.get(soc, ()), primary, onet)}".strip()
    return fact


def _examples(codes: Sequence[str], primary: Sequence[str], onet: _Onet) -> str:
    """A sentence naming what a group holds: its O*NET specialties, else reported job titles."""
    specialties = [onet.titles[c] for c in codes if c not in primary]
    if specialties:
        return f"O*NET describes these specialties in the group: {_series(specialties)}."
    reported = sorted(
        (not shown, title) for c in codes for title, shown in onet.reported.get(c, ())
    )
    titles = list(dict.fromkeys(title for _, title in reported))[:MAX_TASKS]
    return f"Job titles reported in this group include {_series(titles)}." if titles else ""


def _series(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


_WIDER = "outlook, education: figures for the wider BLS group"
_SUMMED = "outlook, education: sums of the projections the OEWS code covers"


def _projection_for(soc: str, src: _Sources) -> tuple[_Projection | None, str | None, str | None]:
    """The projections row for a career; when it is not its own, the scope and summary note."""
    items = src.projections.line_items
    if soc in items:
        return items[soc], None, None
    wider = items.get(soc[:6] + "0")
    if wider is not None:
        return wider, f"Figure for the wider BLS group {wider.code} {wider.title}.", _WIDER
    parts = [items[c] for c in src.projection_codes.get(soc, ())]
    if not parts:
        return None, None, None
    start = sum(p.employment_start for p in parts)
    end = sum(p.employment_end for p in parts)
    same = {(p.education, p.experience, p.training) for p in parts}
    education, experience, training = same.pop() if len(same) == 1 else (None, None, None)
    names = ", ".join(f"{p.code} {p.title}" for p in parts)
    combined = _Projection(
        code=soc,
        title=names,
        employment_start=start,
        employment_end=end,
        change_percent=round((end - start) / start * 100, 1) if start else 0.0,
        openings=sum(p.openings for p in parts),
        education=education,
        experience=experience,
        training=training,
    )
    return combined, f"Sum of the BLS projections for {names}.", _SUMMED


def _education(soc: str, src: _Sources, report: _Report) -> list[dict[str, Any]]:
    facts: list[dict[str, Any]] = []
    projection, scope, _ = _projection_for(soc, src)
    if projection is not None:
        fact: dict[str, Any] = {"source": SOURCE_PROJECTIONS}
        for key, value in (("entry_education", projection.education),
                           ("work_experience", projection.experience),
                           ("training", projection.training)):  # fmt: skip
            if value is not None:
                fact[key] = value
        if "entry_education" in fact:
            if scope:
                fact["scope"] = scope
            facts.append(fact)
        else:
            report.lack("education: no typical entry education in the projections", soc)
    onet = src.onet
    codes = src.onet_codes.get(soc, ())
    zones = sorted({onet.zones[c] for c in _primary(codes) if c in onet.zones})
    specialties = not zones
    if specialties:  # an "All Other" group without a zone of its own: its specialties' zones
        zones = sorted({onet.zones[c] for c in codes if c in onet.zones})
    if zones:
        zone: dict[str, Any] = {"source": SOURCE_ONET, "job_zone": zones[0]}
        if zones[0] in onet.zone_names:
            zone["job_zone_name"] = onet.zone_names[zones[0]]
        what = (
            "the specialties in this group" if specialties else "the occupations this group covers"
        )
        if len(zones) > 1:
            names = [onet.zone_names.get(z, f"Job Zone {z}") for z in (zones[0], zones[-1])]
            zone["scope"] = f"O*NET rates {what} from {names[0]} to {names[1]}; this is the lowest."
            report.note(f"education.job_zone: the lowest of {what}", soc)
        elif specialties:
            zone["scope"] = f"The job zone O*NET gives {what}; the group has none of its own."
            report.note(f"education.job_zone: that of {what}", soc)
        facts.append(zone)
    else:
        report.lack("education.job_zone: no O*NET job zone", soc)
    return facts


def _outlook(soc: str, src: _Sources, report: _Report) -> list[dict[str, Any]]:
    projection, scope, how = _projection_for(soc, src)
    if projection is None:
        report.lack("outlook, education: no projections row", soc)
        return []
    if how:
        report.note(how, soc)
    fact: dict[str, Any] = {
        "source": SOURCE_PROJECTIONS,
        "period": _Flow([src.projections.start_year, src.projections.end_year]),
        "employment_start": _thousands(projection.employment_start),
        "employment_end": _thousands(projection.employment_end),
        "change_percent": projection.change_percent,
        "wording": _wording(projection.change_percent),
        "openings": _thousands(projection.openings),
    }
    if scope:
        fact["scope"] = scope
    return [fact]


def _employment(soc: str, src: _Sources, report: _Report) -> list[dict[str, Any]]:
    cell = src.oews.national.get(soc)
    value = cell.values.get("01", "") if cell else ""
    fact: dict[str, Any] = {"source": SOURCE_OEWS, "year": src.oews.year}
    if value.isdigit():
        fact["employed"] = int(value)
    else:
        report.lack("employment: national figure not published by BLS", soc)
        fact["text"] = "BLS does not publish a national employment figure for this occupation."
    industries = src.oews.industries.get(soc, ())
    if industries:
        fact["industries"] = [{"name": name, "employed": n} for name, n in industries]
    else:
        report.lack("employment.industries: no industry figures published", soc)
    return [fact]


def _wages(
    cell: _Cell, columns: Mapping[str, str], top: float | None
) -> tuple[dict[str, Any], int]:
    """Published wages of one kind (hourly or annual), and how many were not published."""
    wages: dict[str, Any] = {}
    top_coded = []
    unpublished = 0
    for key in WAGE_KEYS:
        value = cell.values.get(columns[key], "")
        top_code = cell.footnotes.get(columns[key]) == _FOOTNOTE_TOP_CODED
        if re.fullmatch(r"\d+(\.\d+)?", value):
            wages[key] = _wage(value)
        elif top_code and top is not None:
            wages[key] = int(top) if top.is_integer() else top
        else:
            unpublished += 1
            continue
        if top_code:
            top_coded.append(key)
    if top_coded:
        wages["top_coded"] = top_coded
    return wages, unpublished


def _salary(soc: str, src: _Sources, report: _Report) -> list[dict[str, Any]]:
    cell = src.oews.national.get(soc)
    if cell is None:
        report.lack("salary: no national OEWS series", soc)
        return []
    hourly, hourly_gaps = _wages(cell, _HOURLY_COLUMNS, src.oews.top_code.get("hourly"))
    annual, annual_gaps = _wages(cell, _ANNUAL_COLUMNS, src.oews.top_code.get("annual"))
    fact: dict[str, Any] = {"source": SOURCE_OEWS, "year": src.oews.year}
    if hourly:
        fact["hourly"] = hourly
    if annual:
        fact["annual"] = annual
    if not hourly and not annual:
        report.lack("salary: wages not published by BLS", soc)
        return []
    # Footnote 4: wages of those who do not generally work year-round, full time, are
    # published only hourly or only annually, depending on how they are typically paid.
    paid_so = _FOOTNOTE_HOURLY_OR_ANNUAL in cell.footnotes.values()
    if not hourly:
        fact["note"] = _ONLY_ANNUAL if paid_so else "BLS does not publish hourly wages for it."
        report.lack("salary.hourly: BLS publishes only annual wages", soc)
    elif not annual:
        fact["note"] = _ONLY_HOURLY if paid_so else "BLS does not publish annual wages for it."
        report.lack("salary.annual: BLS publishes only hourly wages", soc)
    elif hourly_gaps or annual_gaps:
        report.lack("salary: some wage figures not published by BLS", soc)
    if "top_coded" in hourly or "top_coded" in annual:
        report.note("salary: wages top-coded by BLS (shown as 'at least')", soc)
    return [fact]


def _colleges(soc: str, src: _Sources, report: _Report) -> dict[str, Any] | None:
    programmes: dict[str, str] = {}
    for code in src.crosswalk_codes.get(soc, ()):
        programmes.update(src.programmes.get(code, ()))
    if not programmes:
        report.lack("colleges: no CIP programme in the crosswalk", soc)
        return None
    return {
        "source": SOURCE_CIP,
        "programmes": [{"cip": cip, "title": title} for cip, title in sorted(programmes.items())],
    }


def _similar(soc: str, src: _Sources) -> list[str]:
    codes = src.onet_codes.get(soc, ())
    related = sorted(r for c in _primary(codes) for r in src.onet.related.get(c, ()))
    if not related:  # an "All Other" group: what its specialties relate to
        related = sorted(r for c in codes for r in src.onet.related.get(c, ()))
    similar: list[str] = []
    for _, _, code in related:
        other = src.onet_to_career.get(code)
        if other and other != soc and other not in similar:
            similar.append(other)
    return similar[:MAX_SIMILAR]


# --- curated content ------------------------------------------------------------------------

_CURATED_LISTS = ("overview", "education", "employment", "outlook", "salary")
_CURATED_FIELDS = ("soc", "aliases", *_CURATED_LISTS, "colleges")


@dataclass(frozen=True)
class _Curated:
    file: Path
    soc: str
    data: Mapping[str, Any]


def _read_curated(directory: Path, careers: Mapping[str, str]) -> dict[str, _Curated]:
    curated: dict[str, _Curated] = {}
    for file in sorted(directory.glob("*.yaml")) if directory.is_dir() else ():
        try:
            data = yaml.load(file.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise SourceDataError(file, f"cannot be read as YAML ({exc})") from None
        if not isinstance(data, dict):
            raise SourceDataError(file, "must be a mapping with a 'soc' key")
        for key in data:
            if key not in _CURATED_FIELDS:
                allowed = ", ".join(_CURATED_FIELDS)
                raise SourceDataError(
                    file, f"{key}: is not a field curated files may set ({allowed})"
                )
        soc = str(data.get("soc", ""))
        if soc not in careers:
            raise SourceDataError(file, f"soc: {soc!r} is not an OEWS detailed occupation")
        if soc in curated:
            raise SourceDataError(file, f"soc: {soc} is also curated in {curated[soc].file.name}")
        aliases = data.get("aliases", [])
        if not isinstance(aliases, list) or not all(
            isinstance(a, str) and a.strip() for a in aliases
        ):
            raise SourceDataError(file, "aliases: must be a list of non-empty strings")
        for key in _CURATED_LISTS:
            if not isinstance(data.get(key, []), list):
                raise SourceDataError(file, f"{key}: must be a list of facts")
        colleges = data.get("colleges", {})
        if not isinstance(colleges, dict) or any(k != "tools" for k in colleges):
            raise SourceDataError(file, "colleges: curated files may set only colleges.tools")
        if not isinstance(colleges.get("tools", []), list):
            raise SourceDataError(file, "colleges.tools: must be a list")
        curated[soc] = _Curated(file, soc, data)
    return curated


def _merge_aliases(base: list[str], extra: Iterable[str]) -> list[str]:
    seen = {a.casefold() for a in base}
    merged = list(base)
    for alias in extra:
        alias = " ".join(alias.split())
        if alias.casefold() not in seen:
            seen.add(alias.casefold())
            merged.append(alias)
    return merged


# --- the build ------------------------------------------------------------------------------


def _word_set(text: str) -> frozenset[str]:
    """A title's words, case and plural folded: "Financial Advisors" -> {financial, advisor}."""
    return frozenset(
        w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
        for w in re.findall(r"[a-z0-9]+", text.casefold())
    )


def _resolve_aliases(
    src: _Sources, curated: Mapping[str, _Curated]
) -> dict[str, tuple[list[str], list[str]]]:
    """SOC -> (aliases, ambiguous aliases), each alias kept by the career it fits best."""
    titles = src.oews.titles
    claims = {soc: _alias_claims(src.onet_codes.get(soc, ()), src.onet, title)
              for soc, title in titles.items()}  # fmt: skip
    for soc, entry in curated.items():
        for alias in entry.data.get("aliases", []):
            claims[soc].setdefault(alias.casefold(), _AliasClaim(alias, 5, False))
    title_of = {title.casefold(): soc for soc, title in titles.items()}
    curated_keys = {
        soc: {a.casefold() for a in c.data.get("aliases", [])} for soc, c in curated.items()
    }
    employed = {
        soc: int(cell.values["01"]) if cell.values.get("01", "").isdigit() else 0
        for soc, cell in src.oews.national.items()
    }
    holders: dict[str, list[str]] = defaultdict(list)
    for soc in sorted(claims):
        for key in claims[soc]:
            holders[key].append(soc)

    title_words = {soc: _word_set(title) for soc, title in titles.items()}

    def strength(key: str, soc: str) -> tuple[int, int, int, int, int, int]:
        claim = claims[soc][key]
        return (
            title_of.get(key) == soc,
            key in curated_keys.get(soc, ()),
            _word_set(key) <= title_words[soc],  # "financial advisor" in its title
            claim.shown,
            claim.support,
            employed.get(soc, 0),
        )

    owner: dict[str, str] = {}
    for key, socs in holders.items():
        if key in title_of:
            owner[key] = title_of[key]
        elif len(socs) == 1:
            owner[key] = socs[0]
        else:  # highest strength; min() on negated keys so that ties go to the lower SOC
            owner[key] = min(socs, key=lambda s: (tuple(-x for x in strength(key, s)), s))

    result = {}
    for soc, mine in claims.items():
        ordered = sorted(mine.items(), key=lambda kv: (kv[1].rank, kv[0], kv[1].text))
        aliases = [c.text for k, c in ordered if owner[k] == soc and c.rank < 5]
        ambiguous = [c.text for k, c in ordered
                     if owner[k] != soc and k not in curated_keys.get(soc, ())]  # fmt: skip
        if soc in curated:
            aliases = _merge_aliases(aliases, curated[soc].data.get("aliases", []))
        result[soc] = (aliases, ambiguous)
    return result


def _career(
    soc: str,
    career_id: str,
    src: _Sources,
    aliases: tuple[list[str], list[str]],
    curated: _Curated | None,
    report: _Report,
) -> dict[str, Any]:
    title = src.oews.titles[soc]
    career: dict[str, Any] = {
        "id": career_id,
        "soc": soc,
        "title": title,
        "aliases": aliases[0],
        "ambiguous_aliases": aliases[1],
        "overview": [_overview(soc, title, src, report)],
        "education": _education(soc, src, report),
        "employment": _employment(soc, src, report),
        "outlook": _outlook(soc, src, report),
        "salary": _salary(soc, src, report),
        "colleges": _colleges(soc, src, report),
        "similar": _similar(soc, src),
    }
    if curated is not None:
        for key in _CURATED_LISTS:
            career[key] = career[key] + [_flow_periods(f) for f in curated.data.get(key, [])]
        tools = curated.data.get("colleges", {}).get("tools")
        if tools:
            career["colleges"] = {**(career["colleges"] or {}), "tools": tools}
    assert tuple(career) == CAREER_FIELDS
    return {k: v for k, v in career.items() if v}


def _flow_periods(fact: Any) -> Any:
    """A curated fact as written, with its ``period`` in flow style like the generated ones."""
    if isinstance(fact, dict) and isinstance(fact.get("period"), list):
        return {**fact, "period": _Flow(fact["period"])}
    return fact


def _header(sources: Mapping[str, Source], curated: _Curated | None) -> str:
    ids = (SOURCE_OEWS, SOURCE_PROJECTIONS, SOURCE_ONET, SOURCE_CIP)
    names = "; ".join(f"{sources[s].short} {sources[s].release}" for s in ids)
    lines = [
        f"# Generated by `careerbot build-knowledge` from {names}.",
        "# Do not edit: put hand-curated content in knowledge/curated/, merged on every build.",
    ]
    if curated is not None:
        lines.append(f"# Includes the curated content of knowledge/curated/{curated.file.name}.")
    return "\n".join(lines) + "\n"


def _dump(header: str, career: Mapping[str, Any]) -> bytes:
    text = yaml.dump(
        career, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1_000_000,
        default_flow_style=False,
    )  # fmt: skip
    return (header + text).encode("utf-8")


def _load_knowledge_parts(
    knowledge_dir: Path,
) -> tuple[dict[str, Source], dict[str, Any], set[str]]:
    try:
        sources = load_sources(knowledge_dir / "sources.yaml")
        links = load_links(knowledge_dir / "links.yaml")
        groups = {g.code for g in load_groups(knowledge_dir / "groups.yaml")}
    except KnowledgeError as exc:
        raise SourceDataError(
            exc.file, f"{exc.field}: {exc.problem}" if exc.field else exc.problem
        ) from None
    for source_id in (SOURCE_OEWS, SOURCE_PROJECTIONS, SOURCE_ONET, SOURCE_CIP):
        if source_id not in sources:
            raise SourceDataError(knowledge_dir / "sources.yaml", f"has no source {source_id!r}")
    return sources, dict(links), groups


def _check_release(file: Path, what: str, year: int, source: Source) -> None:
    if year and year != source.year:
        raise SourceDataError(
            file,
            f"holds {what} {year}, but sources.yaml describes {source.id!r} as {source.release}: "
            "update sources.yaml and the importer's source ids for a new release",
        )


def build_knowledge(
    paths: SourcePaths,
    knowledge_dir: Path,
    *,
    progress: Callable[[str], None] | None = None,
) -> ImportSummary:
    """Generate ``knowledge_dir/careers/`` from the sources; see the module docstring."""
    say = progress or (lambda _message: None)
    sources, links, groups = _load_knowledge_parts(knowledge_dir)

    say(f"reading OEWS ({paths.oews.name})…")
    oews = _read_oews(paths.oews)
    _check_release(paths.oews, "OEWS data for", oews.year, sources[SOURCE_OEWS])
    if not oews.year:  # a database without a meta table: trust sources.yaml
        oews = dataclasses.replace(oews, year=sources[SOURCE_OEWS].year)
    say(f"reading Employment Projections ({paths.projections.name})…")
    projections = _read_projections(paths.projections)
    _check_release(paths.projections, "projections from", projections.start_year,
                   sources[SOURCE_PROJECTIONS])  # fmt: skip
    say(f"reading O*NET ({paths.onet})…")
    onet = _read_onet(paths.onet)
    say(f"reading the CIP-SOC crosswalk ({paths.crosswalk.name}, {paths.cip.name})…")
    programmes = _read_programmes(paths.crosswalk, paths.cip)
    say("reading curated content…")
    curated = _read_curated(knowledge_dir / "curated", oews.titles)

    careers = oews.titles
    onet_codes = _onet_codes(onet, careers)
    onet_to_career = {code: soc for soc, codes in onet_codes.items() for code in codes}
    src = _Sources(
        oews=oews,
        projections=projections,
        onet=onet,
        programmes=programmes,
        onet_codes=onet_codes,
        crosswalk_codes=_components(careers, programmes),
        projection_codes=_components(careers, projections.line_items),
        onet_to_career=onet_to_career,
    )
    for soc in careers:
        if soc[:2] + "-0000" not in groups:
            raise SourceDataError(
                paths.oews, f"{soc}: major group {soc[:2]}-0000 is not in groups.yaml"
            )

    say("matching aliases…")
    aliases = _resolve_aliases(src, curated)
    ids = _career_ids(careers)
    report = _Report()

    target = knowledge_dir / "careers"
    staging = knowledge_dir / ".careers-new"
    retired = knowledge_dir / ".careers-old"
    if retired.exists() and not target.exists():  # a previous build stopped mid-swap
        retired.rename(target)
    for leftover in (staging, retired):
        if leftover.exists():
            shutil.rmtree(leftover)
    staging.mkdir(parents=True)
    try:
        total = len(careers)
        for n, soc in enumerate(sorted(careers), start=1):
            entry = curated.get(soc)
            career = _career(soc, ids[soc], src, aliases[soc], entry, report)
            (staging / f"{ids[soc]}.yaml").write_bytes(_dump(_header(sources, entry), career))
            if n % 100 == 0 or n == total:
                say(f"writing careers {n}/{total}…")
        say("validating…")
        by_file = {f"{ids[soc]}.yaml": entry for soc, entry in curated.items()}
        for file in sorted(staging.glob("*.yaml")):
            try:
                load_career(file, sources, links)
            except KnowledgeError as exc:
                entry = by_file.get(file.name)
                where = entry.file if entry is not None else target / file.name
                problem = f"{exc.field}: {exc.problem}" if exc.field else exc.problem
                raise SourceDataError(where, f"gives an invalid career: {problem}") from None
        if target.exists():
            target.rename(retired)
        staging.rename(target)
    except BaseException:
        if staging.exists():
            shutil.rmtree(staging)
        if retired.exists() and not target.exists():
            retired.rename(target)
        raise
    if retired.exists():
        shutil.rmtree(retired)
    say("done.")
    return ImportSummary(
        careers_written=len(careers),
        careers_dir=target,
        curated=tuple(entry.file.name for _, entry in sorted(curated.items())),
        missing={k: tuple(v) for k, v in sorted(report.missing.items())},
        notes={k: tuple(v) for k, v in sorted(report.notes.items())},
    )


# --- the command ----------------------------------------------------------------------------

_REPO = Path(__file__).resolve().parents[1]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``careerbot build-knowledge``."""
    parser.add_argument(
        "--data", type=Path, default=_REPO.parent / "shared" / "data", metavar="DIR",
        help="directory laid out like ../shared/data (default: %(default)s)",
    )  # fmt: skip
    for name, what in (
        ("oews", "OEWS database (.sqlite.gz or .sqlite)"),
        ("projections", "Employment Projections Table 1.2 (CSV)"),
        ("onet", "directory of O*NET text files"),
        ("crosswalk", "CIP2020_SOC2018_Crosswalk.csv"),
        ("cip", "CIPCode2020.csv"),
    ):
        parser.add_argument(
            f"--{name}", type=Path, metavar="PATH", help=f"{what}, instead of the one in --data"
        )
    parser.add_argument(
        "--knowledge", type=Path, default=_REPO / "knowledge", metavar="DIR",
        help="knowledge directory whose careers/ is rebuilt (default: %(default)s)",
    )  # fmt: skip


def _paths(args: argparse.Namespace) -> SourcePaths:
    defaults = SourcePaths.from_data_dir(args.data)
    return SourcePaths(
        oews=args.oews or defaults.oews,
        projections=args.projections or defaults.projections,
        onet=args.onet or defaults.onet,
        crosswalk=args.crosswalk or defaults.crosswalk,
        cip=args.cip or defaults.cip,
    )


def _codes(socs: Sequence[str]) -> str:
    shown = ", ".join(socs[:SUMMARY_CODES])
    more = len(socs) - SUMMARY_CODES
    return f"{shown}, … and {more} more" if more > 0 else shown


def format_summary(summary: ImportSummary) -> str:
    """The summary ``careerbot build-knowledge`` prints."""
    lines = [f"wrote {summary.careers_written} careers to {summary.careers_dir}"]
    if summary.curated:
        lines.append(f"merged curated content: {', '.join(summary.curated)}")
    for heading, entries in (("missing", summary.missing), ("indirect", summary.notes)):
        if entries:
            lines.append(f"{heading}:")
            lines += [f"  {what} ({len(socs)}): {_codes(socs)}" for what, socs in entries.items()]
    if not summary.missing:
        lines.append("missing: nothing")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Run ``careerbot build-knowledge``: 0 on success, 2 when a source file is bad."""
    started = time.monotonic()

    def progress(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    try:
        summary = build_knowledge(_paths(args), args.knowledge, progress=progress)
    except SourceDataError as exc:
        print(f"careerbot: {exc}", file=sys.stderr)
        return 2
    print(format_summary(summary))
    print(f"took {time.monotonic() - started:.1f} s")
    return 0
