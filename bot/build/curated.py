"""Hand-curated content: ``knowledge/curated/*.yaml``, each a partial career keyed by ``soc``,
read and checked, then merged into the generated career on every build (the build never writes
there). Its aliases are added, its facts appended to the generated ones, and its
``colleges.tools`` set the career's college tools."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.build.tables import SourceDataError
from bot.build.yaml_dump import Flow

CURATED_LISTS = ("overview", "education", "employment", "outlook", "salary")
_CURATED_FIELDS = ("soc", "aliases", *CURATED_LISTS, "colleges")


@dataclass(frozen=True)
class Curated:
    file: Path
    soc: str
    data: Mapping[str, Any]


def read_curated(directory: Path, careers: Mapping[str, str]) -> dict[str, Curated]:
    """SOC -> the curated file for it, from ``directory``; ``careers`` are the SOCs allowed."""
    curated: dict[str, Curated] = {}
    for file in sorted(directory.glob("*.yaml")) if directory.is_dir() else ():
        data = _load(file)
        soc = str(data.get("soc", ""))
        if soc not in careers:
            raise SourceDataError(file, f"soc: {soc!r} is not an OEWS detailed occupation")
        if soc in curated:
            raise SourceDataError(file, f"soc: {soc} is also curated in {curated[soc].file.name}")
        _check_values(file, data)
        curated[soc] = Curated(file, soc, data)
    return curated


def _load(file: Path) -> dict[str, Any]:
    """The file's mapping, holding only fields curated files may set."""
    try:
        data = yaml.load(file.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SourceDataError(file, f"cannot be read as YAML ({exc})") from None
    if not isinstance(data, dict):
        raise SourceDataError(file, "must be a mapping with a 'soc' key")
    for key in data:
        if key not in _CURATED_FIELDS:
            allowed = ", ".join(_CURATED_FIELDS)
            raise SourceDataError(file, f"{key}: is not a field curated files may set ({allowed})")
    return data


def _check_values(file: Path, data: Mapping[str, Any]) -> None:
    """The shapes the merge relies on; the facts themselves are validated with the career."""
    aliases = data.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise SourceDataError(file, "aliases: must be a list of non-empty strings")
    for key in CURATED_LISTS:
        if not isinstance(data.get(key, []), list):
            raise SourceDataError(file, f"{key}: must be a list of facts")
    colleges = data.get("colleges", {})
    if not isinstance(colleges, dict) or any(k != "tools" for k in colleges):
        raise SourceDataError(file, "colleges: curated files may set only colleges.tools")
    if not isinstance(colleges.get("tools", []), list):
        raise SourceDataError(file, "colleges.tools: must be a list")


def merge_aliases(base: list[str], extra: Iterable[str]) -> list[str]:
    """``base``, then those of ``extra`` it does not have yet (ignoring case)."""
    seen = {a.casefold() for a in base}
    merged = list(base)
    for alias in extra:
        alias = " ".join(alias.split())
        if alias.casefold() not in seen:
            seen.add(alias.casefold())
            merged.append(alias)
    return merged


def add_curated_facts(career: dict[str, Any], curated: Curated) -> None:
    """Append the curated facts to ``career``'s lists and set its college tools, in place."""
    for key in CURATED_LISTS:
        career[key] = career[key] + [_flow_periods(f) for f in curated.data.get(key, [])]
    tools = curated.data.get("colleges", {}).get("tools")
    if tools:
        career["colleges"] = {**(career["colleges"] or {}), "tools": tools}


def _flow_periods(fact: Any) -> Any:
    """A curated fact as written, with its ``period`` in flow style like the generated ones."""
    if isinstance(fact, dict) and isinstance(fact.get("period"), list):
        return {**fact, "period": Flow(fact["period"])}
    return fact
