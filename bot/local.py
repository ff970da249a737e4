"""Local figures: each career's OEWS employment and wages in each state-level and metro area.

``knowledge/areas.yaml`` names the areas; ``knowledge/local/<career-id>.csv`` holds one career's
figures, one row an area (the format: ``knowledge/README.md``). A career's file is read on first
use and kept in a bounded cache, so start-up reads none of the 830 files; ``careerbot validate``
reads them all. Every problem is a :class:`~bot.knowledge.KnowledgeError` naming file, line and
column, and what is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from bot.knowledge import KnowledgeError, Wages, _read_yaml, _Reader

AREAS_FILE = "areas.yaml"
LOCAL_DIR = "local"
AREA_TYPES = ("state", "metro")
NOT_RELEASED = "NR"  # BLS footnote 8, "Estimate not released"
TOP_CODED = "+"  # suffix of a wage BLS top-coded (footnote 5): "at least"
WAGE_ORDER = ("mean", "p10", "p25", "median", "p75", "p90")
COLUMNS = (
    "area", "employed", "per_1000", "quotient",
    *(f"hourly_{key}" for key in WAGE_ORDER), *(f"annual_{key}" for key in WAGE_ORDER),
)  # fmt: skip
HEADER = ",".join(COLUMNS)
# Careers whose figures stay loaded: at most about 15 MB (the 32 largest files; about 800
# bytes an area). A conversation seldom touches more than a few careers, and a miss costs one
# file read of about 10 ms.
TEXTS_CACHED = 256  # careers whose file text is kept: about 6 MB
CACHED_CAREERS = 32
AREAS_CACHED = 16  # places whose every career's figures stay parsed, for the finder: ~0.5 MB each

_AREA_RE = re.compile(r"\d{7}")
_STATE_RE = re.compile(r"[A-Z]{2}")
_ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")


@dataclass(frozen=True, slots=True)
class Area:
    code: str  # the 7-digit OEWS area code, e.g. "4800000"
    name: str  # BLS's name: "Texas", "Allentown-Bethlehem-Easton, PA-NJ"
    type: str  # "state" (state-level: also DC, Guam, Puerto Rico, Virgin Islands) or "metro"
    states: tuple[str, ...]  # postal codes of the states it lies in


@dataclass(frozen=True, slots=True)
class LocalFigure:
    area: str  # area code
    employed: int | None = None
    per_1000: float | None = None  # jobs in the career per 1,000 jobs in the area
    quotient: float | None = None  # location quotient: its share of jobs here / nationally
    hourly: Wages = field(default_factory=Wages)
    annual: Wages = field(default_factory=Wages)
    released: bool = True  # False when BLS marked any of these estimates not released
    not_released: frozenset[str] = frozenset()  # the columns so marked, e.g. {"employed"}


def load_areas(file: Path) -> dict[str, Area]:
    """``areas.yaml``: area code -> :class:`Area`, in file order."""
    top = _Reader(file, _read_yaml(file))
    areas: dict[str, Area] = {}
    for key in top.data:
        if not isinstance(key, str) or not _AREA_RE.fullmatch(key):
            raise top.fail(str(key), 'area codes are 7 digits, quoted: "4800000"')
        entry = top.child(key, required=True)
        assert entry is not None
        entry.unknown(("name", "type", "states"))
        kind = entry.req_text("type")
        if kind not in AREA_TYPES:
            raise entry.fail("type", f"must be one of {', '.join(AREA_TYPES)}, not {kind!r}")
        states = entry.texts("states")
        if not states or not all(_STATE_RE.fullmatch(s) for s in states):
            raise entry.fail("states", "must list postal codes of states, e.g. [PA, NJ]")
        areas[key] = Area(key, entry.req_text("name"), kind, states)
    if not areas:
        raise KnowledgeError(file, "", "defines no areas")
    return areas


class LocalFigures:
    """Every career's local figures, each career's read on first use and cached."""

    def __init__(
        self, directory: Path | str, areas: Mapping[str, Area], *, cached: int = CACHED_CAREERS
    ) -> None:
        self.directory = Path(directory) / LOCAL_DIR
        self.areas = areas
        self._for_career = lru_cache(maxsize=cached)(self._read)
        # A question needs one row, or one column for a ranking: both are cut from the file's
        # text (a tenth of a millisecond) rather than parsing its ~600 rows (about 10 ms).
        self._text = lru_cache(maxsize=TEXTS_CACHED)(self._read_text)
        self._area = lru_cache(maxsize=AREAS_CACHED)(self._read_area)
        self._texts: dict[str, str] | None = None  # every career's text, once the finder needs it

    def for_career(self, career_id: str) -> Mapping[str, LocalFigure]:
        """Area code -> the career's figures there, for each area BLS has a cell for."""
        return self._for_career(career_id)

    def get(self, career_id: str, area_code: str) -> LocalFigure | None:
        """The career's figures in one area; None when BLS has none there."""
        if not _AREA_RE.fullmatch(area_code):
            return None
        text = self._text(career_id)
        start = text.find(f"\n{area_code},")
        if start < 0:
            return None
        end = text.find("\n", start + 1)
        line = text[start + 1 : end if end >= 0 else len(text)]
        file = self.directory / f"{career_id}.csv"
        plain = _plain(line) if _PLAIN_ROW_RE.fullmatch(line) else None
        return plain or _row(file, text.count("\n", 0, start) + 2, line)

    def column(self, career_id: str, name: str) -> dict[str, float]:
        """Area code -> one published figure of the career ("annual_median", "employed");
        areas where BLS published none are left out, top-coded values kept as their limit."""
        position = COLUMNS.index(name)
        values: dict[str, float] = {}
        for line in self._text(career_id).splitlines():
            if line[:1].isdigit():
                cell = line.split(",")[position].rstrip(TOP_CODED)
                if cell and cell != NOT_RELEASED:
                    values[line[:7]] = float(cell)
        return values

    def area(self, area_code: str, career_ids: Sequence[str]) -> Mapping[str, LocalFigure]:
        """Career id -> its figures in one area, for each career BLS has a cell for there.
        The first call reads every career's file once (about 0.1 s, 21 MB kept); an area is
        then cut from memory in a few milliseconds, and the last few areas are kept."""
        return self._area(area_code, tuple(career_ids))

    def _read_area(self, area_code: str, career_ids: tuple[str, ...]) -> Mapping[str, LocalFigure]:
        rows: dict[str, LocalFigure] = {}
        if not _AREA_RE.fullmatch(area_code):
            return rows
        texts = self._every_text(career_ids)
        for career_id in career_ids:
            text = texts.get(career_id, "")
            start = text.find(f"\n{area_code},")
            if start >= 0:
                end = text.find("\n", start + 1)
                line = text[start + 1 : end if end >= 0 else len(text)]
                plain = _plain(line) if _PLAIN_ROW_RE.fullmatch(line) else None
                if plain is None:  # a row with marks: read it in full, naming file and line
                    file, number = self._file(career_id), text.count("\n", 0, start) + 1
                    plain = _row(file, number, line)
                rows[career_id] = plain
        return MappingProxyType(rows)

    def _every_text(self, career_ids: tuple[str, ...]) -> Mapping[str, str]:
        """Every career's file text, read once for the finder's rankings in a place (not
        through the text cache, which a scan of every career would empty)."""
        if self._texts is None or set(self._texts) != set(career_ids):
            texts = {}
            for career_id in career_ids:
                try:
                    texts[career_id] = "\n" + self._file(career_id).read_text(encoding="utf-8")
                except FileNotFoundError:
                    continue
            self._texts = texts
        return self._texts

    def _read(self, career_id: str) -> Mapping[str, LocalFigure]:
        return MappingProxyType(read_local(self._file(career_id), self.areas))

    def _read_text(self, career_id: str) -> str:
        file = self._file(career_id)
        try:
            text = file.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise KnowledgeError(file, "", "file not found") from None
        except UnicodeDecodeError as exc:
            raise KnowledgeError(file, "", f"is not UTF-8 text ({exc.reason})") from None
        if f"\n{HEADER}\n" not in f"\n{text}":
            raise KnowledgeError(file, "", f"has no header row ({HEADER})")
        return "\n" + text  # every row starts after a newline, the first too

    def _file(self, career_id: str) -> Path:
        if not _ID_RE.fullmatch(career_id):  # never a path outside the directory
            raise KnowledgeError(self.directory, career_id, "is not a career id")
        return self.directory / f"{career_id}.csv"


def read_local(file: Path, areas: Mapping[str, Area]) -> dict[str, LocalFigure]:
    """One career's file: area code -> figures. Lines starting with ``#`` are comments."""
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KnowledgeError(file, "", "file not found") from None
    except UnicodeDecodeError as exc:
        raise KnowledgeError(file, "", f"is not UTF-8 text ({exc.reason})") from None
    figures: dict[str, LocalFigure] = {}
    header = False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("#"):
            continue
        if not header:
            if line != HEADER:
                raise KnowledgeError(file, f"line {number}", f"the header must be {HEADER}")
            header = True
            continue
        plain = _plain(line) if _PLAIN_ROW_RE.fullmatch(line) else None
        figure = plain or _row(file, number, line)
        if figure.area not in areas:
            raise KnowledgeError(
                file, f"line {number}: area", f"{figure.area!r} is not in {AREAS_FILE}"
            )
        if figures and figure.area <= next(reversed(figures)):
            raise KnowledgeError(
                file, f"line {number}: area", "rows must be in area-code order, one an area"
            )
        figures[figure.area] = figure
    if not header:
        raise KnowledgeError(file, "", f"has no header row ({HEADER})")
    return figures


# The syntax of each cell after the area: the employment a whole number, jobs per 1,000 and the
# quotient numbers, then the 12 wages, which alone may be top-coded; any may be empty or NR.
_COUNT = r"(?:\d+|NR|)"
_FIGURE = r"(?:\d+(?:\.\d+)?|NR|)"
_WAGE = r"(?:\d+(?:\.\d+)?\+?|NR|)"
_CELL_RES = tuple(re.compile(p) for p in (_COUNT, _FIGURE, _FIGURE, *[_WAGE] * 12))
# Most rows have every figure published: numbers only, read the quick way (_plain). Checking
# each cell of every row (_row) would take three times as long.
_PLAIN_ROW_RE = re.compile(r"\d{7},\d+(?:,\d+(?:\.\d+)?){14}")
_NO_WAGES = Wages()
_NONE: frozenset[str] = frozenset()


def _plain(line: str) -> LocalFigure | None:
    """A row of :data:`_PLAIN_ROW_RE`; None when its percentiles are out of order."""
    area, employed, *figures = line.split(",")
    per_1000, quotient, hm, h10, h25, h50, h75, h90, am, a10, a25, a50, a75, a90 = map(
        float, figures
    )
    if not (h10 <= h25 <= h50 <= h75 <= h90 and a10 <= a25 <= a50 <= a75 <= a90):
        return None  # _row says which
    hourly = Wages(h10, h25, h50, h75, h90, hm)
    annual = Wages(a10, a25, a50, a75, a90, am)
    return LocalFigure(area, int(employed), per_1000, quotient, hourly, annual, True, _NONE)


def _row(file: Path, number: int, line: str) -> LocalFigure:
    """One row: an area and its figures, each cell checked."""
    where = f"line {number}"
    cells = line.split(",")
    values = _values(file, where, cells)
    held = _marked(COLUMNS[1:], cells[1:], NOT_RELEASED)
    marks = cells[4:] if TOP_CODED in line else None
    employed = values[0]
    return LocalFigure(
        area=cells[0],
        employed=None if employed is None else int(employed),
        per_1000=values[1],
        quotient=values[2],
        hourly=_wages(file, f"{where}: hourly", values[3:9], marks and marks[:6]),
        annual=_wages(file, f"{where}: annual", values[9:15], marks and marks[6:]),
        released=not held,
        not_released=held,
    )


def _values(file: Path, where: str, cells: list[str]) -> list[float | None]:
    """The figures of a row with empty, not released or top-coded cells, checked one by one."""
    if len(cells) != len(COLUMNS):
        raise KnowledgeError(file, where, f"has {len(cells)} columns, not {len(COLUMNS)}")
    if not _AREA_RE.fullmatch(cells[0]):
        raise KnowledgeError(file, f"{where}: area", f"{cells[0]!r} is not a 7-digit area code")
    for column, text, pattern in zip(COLUMNS[1:], cells[1:], _CELL_RES, strict=True):
        if pattern.fullmatch(text):
            continue
        if text.endswith(TOP_CODED) and pattern.fullmatch(text[:-1]):
            problem = f"{text!r}: only a wage may be top-coded ({TOP_CODED})"
        elif column == "employed" and _NUMBER_RE.fullmatch(text):
            problem = f"{text!r} is not a whole number"
        else:
            problem = f"{text!r} is not a number (nor empty, or {NOT_RELEASED})"
        raise KnowledgeError(file, f"{where}: {column}", problem)
    return [float(t.rstrip(TOP_CODED)) if t and t != NOT_RELEASED else None for t in cells[1:]]


def _marked(columns: Sequence[str], cells: Sequence[str], mark: str) -> frozenset[str]:
    """The columns whose cell is ``mark`` or ends in it."""
    return frozenset(c for c, text in zip(columns, cells, strict=True) if text.endswith(mark))


def _wages(file: Path, where: str, values: list[float | None], marks: list[str] | None) -> Wages:
    """One kind of wages, in :data:`WAGE_ORDER`; ``marks`` their texts if any is top-coded."""
    mean, p10, p25, median, p75, p90 = values
    if marks is None:
        known = [v for v in (p10, p25, median, p75, p90) if v is not None]
        coded = _NONE
    else:  # a top-coded wage is a lower bound: only the exact ones must be in order
        coded = _marked(WAGE_ORDER, marks, TOP_CODED)
        pairs = zip(WAGE_ORDER[1:], values[1:], strict=True)
        known = [v for k, v in pairs if v is not None and k not in coded]
    if known != sorted(known):
        raise KnowledgeError(
            file, f"{where}_median", "percentiles must not decrease from p10 to p90"
        )
    if not known and mean is None and not coded:
        return _NO_WAGES
    return Wages(p10, p25, median, p75, p90, mean, top_coded=coded)


def validate_local(directory: Path, areas: Mapping[str, Area], career_ids: Collection[str]) -> int:
    """Check every file of a ``local/`` directory: one for each career and no other, each valid.
    Returns the number of rows."""
    if not directory.is_dir():
        raise KnowledgeError(directory, "", "is not a directory")
    ids = set(career_ids)
    files = sorted(directory.glob("*.csv"))
    for file in files:
        if file.stem not in ids:
            raise KnowledgeError(file, "", "names no career (no careers/<id>.yaml of that id)")
    missing = sorted(ids - {file.stem for file in files})
    if missing:
        raise KnowledgeError(directory / f"{missing[0]}.csv", "", "file not found")
    return sum(len(read_local(file, areas)) for file in files)


@dataclass(frozen=True)
class Checked:
    """What :func:`validate_places` checked."""

    areas: int
    careers: int  # local files
    rows: int


def validate_places(knowledge_dir: Path, career_ids: Collection[str]) -> Checked | None:
    """``areas.yaml`` and ``local/`` of a knowledge directory; None when it has neither."""
    areas_file, local_dir = knowledge_dir / AREAS_FILE, knowledge_dir / LOCAL_DIR
    if not areas_file.exists() and not local_dir.exists():
        return None
    areas = load_areas(areas_file)
    if not local_dir.exists():
        return Checked(len(areas), 0, 0)
    rows = validate_local(local_dir, areas, career_ids)
    return Checked(len(areas), len(career_ids), rows)
