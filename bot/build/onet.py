"""O*NET: occupation titles and descriptions, alternate and reported titles, task statements,
related occupations and job zones, read from a directory of O*NET's tab-separated files (the
``*.tsv`` names of ``../shared/data`` or O*NET's own ``db_29_3_text`` names such as
``Occupation Data.txt``)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.build.tables import SourceDataError, integer, read_table

# Our name for each file -> (the name in ../shared/data, the name in O*NET's db_29_3_text).
_FILES = {
    "occupations": ("occupation_data.tsv", "Occupation Data.txt"),
    "alternate": ("alternate_titles.tsv", "Alternate Titles.txt"),
    "reported": ("sample_of_reported_titles.tsv", "Sample of Reported Titles.txt"),
    "tasks": ("task_statements.tsv", "Task Statements.txt"),
    "related": ("related_occupations.tsv", "Related Occupations.txt"),
    "zones": ("job_zones.tsv", "Job Zones.txt"),
    "zone_names": ("job_zone_reference.tsv", "Job Zone Reference.txt"),
    "education": (
        "education_training_and_experience.tsv",
        "Education, Training, and Experience.txt",
    ),
}
# O*NET's Required Level of Education categories (scale RL, 1-12), in short everyday words.
REQUIRED_LEVELS = {
    1: "less than high school",
    2: "high school diploma",
    3: "post-secondary certificate",
    4: "some college",
    5: "associate's degree",
    6: "bachelor's degree",
    7: "post-baccalaureate certificate",
    8: "master's degree",
    9: "post-master's certificate",
    10: "first professional degree",
    11: "doctoral degree",
    12: "post-doctoral training",
}
_CODE = "O*NET-SOC Code"
_TIERS = {"Primary-Short": 0, "Primary-Long": 1}


@dataclass(frozen=True)
class Onet:
    titles: Mapping[str, str]  # O*NET-SOC code -> title
    descriptions: Mapping[str, str]
    alternate: Mapping[str, tuple[tuple[str, str], ...]]  # code -> (alternate title, short title)
    reported: Mapping[str, tuple[tuple[str, bool], ...]]  # code -> (title, shown in My Next Move)
    tasks: Mapping[str, tuple[str, ...]]  # code -> core tasks by task id, else any tasks
    related: Mapping[str, tuple[tuple[int, int, str], ...]]  # code -> (tier, index, related code)
    zones: Mapping[str, int]
    zone_names: Mapping[int, str]
    # code -> (RL category, percent of respondents): what incumbents say the job requires.
    # Empty when the directory has no education file.
    required: Mapping[str, tuple[tuple[int, float], ...]] = field(default_factory=dict)


def read_onet(directory: Path) -> Onet:
    """What the build uses of the O*NET files in ``directory``."""
    titles, descriptions = _occupations(directory)
    return Onet(
        titles=titles,
        descriptions=descriptions,
        alternate=_alternate_titles(directory),
        reported=_reported_titles(directory),
        tasks=_tasks(directory),
        related=_related(directory),
        zones=_zones(directory),
        zone_names=_zone_names(directory),
        required=_required(directory),
    )


def _onet_file(directory: Path, name: str) -> Path:
    ours, official = _FILES[name]
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
    rows = read_table(file, columns, delimiter="\t")
    for line, row in enumerate(rows, start=2):
        if _CODE in row and not re.fullmatch(r"\d{2}-\d{4}\.\d{2}", row[_CODE]):
            raise SourceDataError(file, f"row {line}: {row[_CODE]!r} is not an O*NET-SOC code")
    return file, rows


def _occupations(directory: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Code -> title, and code -> description where there is one."""
    _, rows = _onet_table(directory, "occupations", (_CODE, "Title", "Description"))
    titles = {r[_CODE]: r["Title"] for r in rows}
    descriptions = {r[_CODE]: r["Description"] for r in rows if r["Description"]}
    return titles, descriptions


def _alternate_titles(directory: Path) -> dict[str, tuple[tuple[str, str], ...]]:
    alternate: dict[str, list[tuple[str, str]]] = defaultdict(list)
    _, rows = _onet_table(directory, "alternate", (_CODE, "Alternate Title", "Short Title"))
    for r in rows:
        alternate[r[_CODE]].append((r["Alternate Title"], r["Short Title"]))
    return {k: tuple(v) for k, v in alternate.items()}


def _reported_titles(directory: Path) -> dict[str, tuple[tuple[str, bool], ...]]:
    reported: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    columns = (_CODE, "Reported Job Title", "Shown in My Next Move")
    _, rows = _onet_table(directory, "reported", columns)
    for r in rows:
        reported[r[_CODE]].append((r["Reported Job Title"], r["Shown in My Next Move"] == "Y"))
    return {k: tuple(v) for k, v in reported.items()}


def _tasks(directory: Path) -> dict[str, tuple[str, ...]]:
    """Code -> its core tasks by task id; an occupation without core tasks keeps all of its."""
    file, rows = _onet_table(directory, "tasks", (_CODE, "Task ID", "Task", "Task Type"))
    by_code: dict[str, list[tuple[bool, int, str]]] = defaultdict(list)
    for line, r in enumerate(rows, start=2):
        task_id = integer(file, f"row {line}", "Task ID", r["Task ID"])
        if r["Task"]:
            by_code[r[_CODE]].append((r["Task Type"] == "Core", task_id, r["Task"]))
    tasks = {}
    for code, entries in by_code.items():
        core = sorted((t for t in entries if t[0]), key=lambda t: t[1])
        chosen = core or sorted(entries, key=lambda t: t[1])
        tasks[code] = tuple(t[2] for t in chosen)
    return tasks


def _related(directory: Path) -> dict[str, tuple[tuple[int, int, str], ...]]:
    """Code -> (tier, index, related code), most related first."""
    file, rows = _onet_table(
        directory, "related", (_CODE, "Related O*NET-SOC Code", "Relatedness Tier", "Index")
    )
    related: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for line, r in enumerate(rows, start=2):
        tier = _TIERS.get(r["Relatedness Tier"], len(_TIERS))
        index = integer(file, f"row {line}", "Index", r["Index"])
        related[r[_CODE]].append((tier, index, r["Related O*NET-SOC Code"]))
    return {k: tuple(sorted(v)) for k, v in related.items()}


def _zones(directory: Path) -> dict[str, int]:
    file, rows = _onet_table(directory, "zones", (_CODE, "Job Zone"))
    return {r[_CODE]: integer(file, r[_CODE], "Job Zone", r["Job Zone"]) for r in rows}


def _zone_names(directory: Path) -> dict[int, str]:
    file, rows = _onet_table(directory, "zone_names", ("Job Zone", "Name"))
    return {integer(file, "row", "Job Zone", r["Job Zone"]): r["Name"] for r in rows}


def _required(directory: Path) -> dict[str, tuple[tuple[int, float], ...]]:
    """Code -> the share of respondents naming each Required Level of Education."""
    try:
        file = _onet_file(directory, "education")
    except SourceDataError:
        return {}  # an older extract without it: the education cards do without
    columns = (_CODE, "Scale ID", "Category", "Data Value")
    rows = read_table(file, columns, delimiter="\t")
    required: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for line, r in enumerate(rows, start=2):
        if r["Scale ID"] != "RL":
            continue
        category = integer(file, f"row {line}", "Category", r["Category"])
        try:
            value = float(r["Data Value"])
        except ValueError:
            raise SourceDataError(file, f"row {line}: Data Value {r['Data Value']!r}") from None
        if category in REQUIRED_LEVELS and value > 0:
            required[r[_CODE]].append((category, value))
    return {k: tuple(v) for k, v in required.items()}
