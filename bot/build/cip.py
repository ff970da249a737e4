"""NCES CIP 2020 to SOC 2018 crosswalk and CIP 2020 titles: the college programmes that lead to
each occupation."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path

from bot.build.tables import SourceDataError, read_table

Programmes = Mapping[str, tuple[tuple[str, str], ...]]  # SOC -> (CIP code, title), by code


def read_programmes(crosswalk: Path, cip: Path) -> dict[str, tuple[tuple[str, str], ...]]:
    """SOC code -> (CIP code, title) of the programmes that lead to it, by code."""
    rows = read_table(cip, ("CIPCode", "CIPTitle"), delimiter=",")
    titles = {_excel_text(r["CIPCode"]): r["CIPTitle"] for r in rows}
    columns = ("CIP2020Code", "CIP2020Title", "SOC2018Code")
    by_soc: dict[str, dict[str, str]] = defaultdict(dict)
    for line, r in enumerate(read_table(crosswalk, columns, delimiter=","), start=2):
        code, soc = _excel_text(r["CIP2020Code"]), _excel_text(r["SOC2018Code"])
        if code.startswith("99") or soc.startswith("99"):
            continue  # "NO MATCH" rows
        if not re.fullmatch(r"\d{2}\.\d{4}", code) or not re.fullmatch(r"\d{2}-\d{4}", soc):
            raise SourceDataError(crosswalk, f"line {line}: {code!r}/{soc!r} is not a CIP/SOC pair")
        title = " ".join((titles.get(code) or r["CIP2020Title"]).split()).rstrip(".").strip()
        by_soc[soc][code] = title or code
    return {soc: tuple(sorted(programmes.items())) for soc, programmes in by_soc.items()}


def _excel_text(text: str) -> str:
    """``="14.3501"`` (how CIPCode2020.csv writes codes) -> ``14.3501``."""
    text = text.strip()
    if text.startswith('="') and text.endswith('"'):
        return text[2:-1]
    return text
