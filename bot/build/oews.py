"""BLS OEWS: the detailed occupations (the careers), their national employment and wages, and
the industries employing the most, read from the SQLite database built from BLS's ``oe.*``
series (``oews-2025.sqlite.gz`` or the unzipped ``.sqlite``)."""

from __future__ import annotations

import gzip
import re
import sqlite3
import zlib
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.build.tables import SourceDataError

# OEWS industry level for "who employs them": display level 3 holds the NAICS 3-digit
# subsectors ("Machinery Manufacturing", "Hospitals"), which partition all industries OEWS
# covers. Level 2 is too coarse (sectors) and level 4 mixes in BLS-specific aggregates
# ("Chemical Manufacturing (3251, 3252, 3253, and 3259 only)") and ownership splits.
INDUSTRY_LEVEL = 3
TOP_INDUSTRIES = 5

# OEWS datatype codes (cell columns vNN / fNN) for each wage key.
HOURLY_COLUMNS = {"p10": "06", "p25": "07", "median": "08", "p75": "09", "p90": "10", "mean": "03"}
ANNUAL_COLUMNS = {"p10": "11", "p25": "12", "median": "13", "p75": "14", "p90": "15", "mean": "04"}
FOOTNOTE_TOP_CODED = "5"
FOOTNOTE_HOURLY_OR_ANNUAL = "4"
_EMPLOYMENT = "01"
_NATIONAL = "OEUN0000000"  # series key prefix: OEU + area type N + the national area 0000000
_ALL_INDUSTRIES = "000000"
ALL_OCCUPATIONS = "00-0000"

# The datatypes read from each cell, in column order.
_CELL_CODES = sorted(
    {c for cols in (HOURLY_COLUMNS, ANNUAL_COLUMNS) for c in cols.values()} | {_EMPLOYMENT}
)

_COLUMNS = {
    "occupation": ("occupation_code", "occupation_name", "display_level"),
    "industry": ("industry_code", "industry_name", "display_level"),
    "footnote": ("footnote_code", "footnote_text"),
    "cell": ("key", *(f"v{c:02}" for c in (1, 3, 4, *range(6, 16))),
             *(f"f{c:02}" for c in (1, 3, 4, *range(6, 16)))),
}  # fmt: skip


@dataclass(frozen=True)
class Cell:
    values: Mapping[str, str]  # datatype code ("01") -> value as published ("-" = not published)
    footnotes: Mapping[str, str]  # datatype code -> footnote code


@dataclass(frozen=True)
class Oews:
    year: int
    release: str
    titles: Mapping[str, str]  # SOC -> title, detailed occupations in code order
    national: Mapping[str, Cell]  # SOC -> national all-industry cell
    industries: Mapping[str, tuple[tuple[str, int], ...]]  # SOC -> (industry, employed), most first
    top_code: Mapping[str, float]  # "hourly"/"annual" -> the top-coding limit, if stated
    all_occupations: Cell | None = None  # the national all-occupations cell (SOC 00-0000)


def read_oews(file: Path) -> Oews:
    """The OEWS figures of the detailed occupations, nationally."""
    connection = _connect(file)
    try:
        return _query(file, connection)
    except sqlite3.Error as exc:
        raise SourceDataError(file, f"is not a readable OEWS database ({exc})") from None
    finally:
        connection.close()


def _connect(file: Path) -> sqlite3.Connection:
    """The database, unzipped into memory when ``file`` is gzipped, else opened read-only."""
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


def _query(file: Path, db: sqlite3.Connection) -> Oews:
    _check_tables(file, db)
    meta: dict[str, str] = {}
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone():
        meta = dict(db.execute("SELECT name, value FROM meta"))
    year = int(meta["data_year"]) if meta.get("data_year", "").isdigit() else 0
    titles = _detailed_occupations(file, db)
    query = "SELECT industry_code, industry_name FROM industry WHERE display_level = ?"
    industry_names = dict(db.execute(query, (INDUSTRY_LEVEL,)))
    top_code = _top_code(db)
    national, by_industry = _national_cells(file, db, titles, industry_names)
    industries = {
        soc: tuple(sorted(rows, key=lambda r: (-r[1], r[0]))[:TOP_INDUSTRIES])
        for soc, rows in by_industry.items()
    }
    everyone = national.pop(ALL_OCCUPATIONS, None)
    return Oews(year, meta.get("release", ""), titles, national, industries, top_code, everyone)


def _check_tables(file: Path, db: sqlite3.Connection) -> None:
    """Every table and column read is there."""
    for table, columns in _COLUMNS.items():
        have = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        if not have:
            raise SourceDataError(file, f"has no table {table!r}")
        lacking = [c for c in columns if c not in have]
        if lacking:
            raise SourceDataError(file, f"table {table!r} has no column {lacking[0]!r}")


def _detailed_occupations(file: Path, db: sqlite3.Connection) -> dict[str, str]:
    """SOC -> title of the detailed occupations (display level 3), in code order."""
    titles: dict[str, str] = {}
    query = "SELECT occupation_code, occupation_name FROM occupation WHERE display_level = 3"
    for code, name in db.execute(query + " ORDER BY occupation_code"):
        if not re.fullmatch(r"\d{6}", code or ""):
            raise SourceDataError(file, f"occupation: {code!r} is not a 6-digit SOC code")
        titles[f"{code[:2]}-{code[2:]}"] = " ".join(str(name).split())
    if not titles:
        raise SourceDataError(file, "occupation: has no detailed occupations (display level 3)")
    return titles


def _top_code(db: sqlite3.Connection) -> dict[str, float]:
    """The top-coding limits footnote 5 states: ``$115.00 per hour or $239,200 per year``."""
    top_code: dict[str, float] = {}
    row = db.execute(
        "SELECT footnote_text FROM footnote WHERE footnote_code = ?", (FOOTNOTE_TOP_CODED,)
    ).fetchone()
    if row:
        hourly = re.search(r"\$([\d,]+\.\d+) per hour", row[0])
        annual = re.search(r"\$([\d,]+) per year", row[0])
        if hourly:
            top_code["hourly"] = float(hourly.group(1).replace(",", ""))
        if annual:
            top_code["annual"] = float(annual.group(1).replace(",", ""))
    return top_code


def _national_cells(
    file: Path, db: sqlite3.Connection, titles: Mapping[str, str], industry_names: Mapping[str, str]
) -> tuple[dict[str, Cell], dict[str, list[tuple[str, int]]]]:
    """SOC -> its national all-industry cell, and SOC -> (industry, employed) of each industry
    of the chosen level with a published employment."""
    select = ", ".join([f"v{c}" for c in _CELL_CODES] + [f"f{c}" for c in _CELL_CODES])
    national: dict[str, Cell] = {}
    by_industry: dict[str, list[tuple[str, int]]] = defaultdict(list)
    query = f"SELECT key, {select} FROM cell WHERE key >= ? AND key < ?"
    width = len(_CELL_CODES)
    for key, *fields in db.execute(query, (_NATIONAL, _NATIONAL[:-1] + "1")):
        industry, code = key[11:17], key[17:23]
        soc = f"{code[:2]}-{code[2:]}"
        if soc not in titles and soc != ALL_OCCUPATIONS:
            continue
        values = {c: (v or "").strip() for c, v in zip(_CELL_CODES, fields[:width], strict=True)}
        employed = values[_EMPLOYMENT]
        if industry == _ALL_INDUSTRIES:
            notes = {c: f for c, f in zip(_CELL_CODES, fields[width:], strict=True) if f}
            national[soc] = Cell(values, notes)
        elif (
            soc in titles
            and industry in industry_names
            and employed.isdigit()
            and int(employed) > 0
        ):
            by_industry[soc].append((" ".join(industry_names[industry].split()), int(employed)))
    if not national:
        raise SourceDataError(file, "cell: has no national all-industry series")
    return national, by_industry
