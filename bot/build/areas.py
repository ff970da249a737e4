"""The OEWS areas below the nation: the 54 state-level areas (states, DC, Guam, Puerto Rico, the
Virgin Islands) and the 528 metropolitan and nonmetropolitan areas, read from the ``area``
table, with the states each lies in, written as ``knowledge/areas.yaml``."""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from bot.build.tables import SourceDataError

# OEWS area types: S state-level, M metropolitan or nonmetropolitan (N, the nation, is skipped).
AREA_TYPES = {"S": "state", "M": "metro"}
# A metro area's name ends in the postal codes of its states: "Allentown-Bethlehem-Easton,
# PA-NJ". Nonmetropolitan areas ("Northwest Alabama nonmetropolitan area") have no such suffix.
_STATES_SUFFIX = re.compile(r", ([A-Z]{2}(?:-[A-Z]{2})*)$")


@dataclass(frozen=True)
class AreaRow:
    code: str  # 7 digits
    name: str
    type: str  # "state" or "metro"
    states: tuple[str, ...]  # postal codes


def read_areas(file: Path, db: sqlite3.Connection) -> list[AreaRow]:
    """The state-level areas by code, then the metro and nonmetro areas by code."""
    rows = db.execute(
        "SELECT area_code, areatype_code, state_code, area_name FROM area ORDER BY area_code"
    ).fetchall()
    areas = [_area(file, *row) for row in rows if row[1] in AREA_TYPES]
    if not areas:
        raise SourceDataError(file, "area: has no state-level or metropolitan areas")
    order = list(AREA_TYPES.values())
    return sorted(areas, key=lambda a: (order.index(a.type), a.code))


def _area(file: Path, code: str, kind: str, state_code: str, name: str) -> AreaRow:
    if not re.fullmatch(r"\d{7}", code or ""):
        raise SourceDataError(file, f"area: {code!r} is not a 7-digit area code")
    name = " ".join(str(name).split())
    suffix = _STATES_SUFFIX.search(name) if kind == "M" else None
    if suffix:
        states = tuple(suffix.group(1).split("-"))
    else:  # a state, or a nonmetropolitan area: the state the area table gives
        # Imported here: `us` takes about 40 ms to import, and every `careerbot` command
        # imports the build package to describe build-knowledge's options.
        import us

        state = us.states.lookup(str(state_code).zfill(2), field="fips")
        if state is None:
            raise SourceDataError(file, f"area {code}: {state_code!r} is no state FIPS code")
        states = (state.abbr,)
    return AreaRow(code, name, AREA_TYPES[kind], states)


def dump_areas(header: str, areas: list[AreaRow]) -> bytes:
    """``areas.yaml``: one flow mapping a line, keyed by the quoted area code."""
    lines = [
        f'"{a.code}": {{name: {_quoted(a.name)}, type: {a.type}, '
        f"states: [{', '.join(_quoted(s) for s in a.states)}]}}"
        for a in areas
    ]
    return (header + "\n".join(lines) + "\n").encode("utf-8")


def _quoted(text: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar.
    return json.dumps(text, ensure_ascii=False)
