"""Where each state sits on the tile map: (column, row), one square each, the 50 states and DC,
roughly as on a map (Alaska top left, Hawaii bottom left, Maine top right)."""

from __future__ import annotations

_ROWS = (
    "AK . . . . . . . . . ME",
    ". . . . . WI . . . VT NH",
    "WA ID MT ND MN IL MI . NY MA .",
    "OR NV WY SD IA IN OH PA NJ CT RI",
    "CA UT CO NE MO KY WV VA MD DE .",
    ". AZ NM KS AR TN NC SC DC . .",
    ". . . OK LA MS AL GA . . .",
    "HI . . TX . . . . FL . .",
)
COLUMNS = max(len(row.split()) for row in _ROWS)
ROWS = len(_ROWS)
GRID: dict[str, tuple[int, int]] = {
    state: (column, row)
    for row, text in enumerate(_ROWS)
    for column, state in enumerate(text.split())
    if state != "."
}
