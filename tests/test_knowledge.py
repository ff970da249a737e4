"""Loading and validating the knowledge base: every kind of problem names file, field, problem."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.knowledge import INTENTS, Knowledge, KnowledgeError, load_knowledge

FOUNDING = "careers/industrial-production-managers.yaml"

Change = Callable[[Any], object]  # edits a file's parsed YAML in place


def _edit(directory: Path, name: str, change: str | Change) -> Path:
    """Apply `change` (a function of the parsed YAML, or raw text) to one file."""
    path = directory / name
    if isinstance(change, str):
        path.write_text(change, encoding="utf-8")
    else:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def test_real_knowledge_base_loads(knowledge: Knowledge) -> None:
    founding = knowledge.career("11-3051")
    assert founding is not None
    assert founding.id == "industrial-production-managers"
    assert knowledge.career("industrial-production-managers") is founding
    assert set(knowledge.intents) == set(INTENTS)
    assert len(knowledge.groups) == 22


def test_vintages_are_newest_first(knowledge: Knowledge) -> None:
    founding = knowledge.career("11-3051")
    assert founding is not None
    assert [f.year for f in founding.salary] == sorted(
        (f.year for f in founding.salary), reverse=True
    )
    assert founding.salary[0].year == 2025 and founding.salary[-1].year == 2006


def _drop(key: str) -> Change:
    return lambda data: data.pop(key)


def _set(path: tuple[object, ...], value: object) -> Change:
    def change(data: Any) -> None:
        target = data
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return change


BROKEN = [
    pytest.param(FOUNDING, "id: [unclosed\n", "", "not valid YAML", id="bad-yaml"),
    pytest.param(FOUNDING, "- just\n- a list\n", "(top level)", "must be a mapping", id="not-a-mapping"),
    pytest.param(FOUNDING, _drop("title"), "title", "is missing", id="missing-title"),
    pytest.param(FOUNDING, _set(("soc",), "11-305"), "soc", "SOC code", id="bad-soc"),
    pytest.param(FOUNDING, _set(("id",), "Industrial Managers"), "id", "lower-case", id="bad-id"),
    pytest.param(FOUNDING, _set(("id",), "plant-managers"), "id", "does not match the file name", id="id-vs-file"),
    pytest.param(FOUNDING, _set(("salary", 0, "source"), "nowhere"), "salary[0].source", "unknown source", id="unknown-source"),
    pytest.param(FOUNDING, _set(("salary", 0, "annual", "median"), "lots"), "salary[0].annual.median", "must be a number", id="wage-not-number"),
    pytest.param(FOUNDING, _set(("salary", 0, "annual", "p90"), 1000), "salary[0].annual.median", "must not decrease", id="percentiles-out-of-order"),
    pytest.param(FOUNDING, _set(("employment", 0, "employed"), -5), "employment[0].employed", "at least 0", id="negative-count"),
    pytest.param(FOUNDING, _set(("outlook", 0, "period"), [2034, 2024]), "outlook[0].period", "start year", id="bad-period"),
    pytest.param(FOUNDING, _set(("colleges", "programmes", 0, "cip"), "52"), "colleges.programmes[0].cip", "CIP code", id="bad-cip"),
    pytest.param(FOUNDING, _set(("colleges", "tools", 0, "link"), "nowhere"), "colleges.tools[0].link", "unknown link", id="unknown-link"),
    pytest.param(FOUNDING, _set(("salaries",), []), "salaries", "not a known field", id="unknown-field"),
    pytest.param(FOUNDING, _set(("overview",), []), "overview", "at least one fact", id="no-overview"),
    pytest.param("sources.yaml", _set(("bls-oews-2025", "year"), "2025"), "bls-oews-2025.year", "whole number", id="source-year"),
    pytest.param("intents.yaml", lambda d: d["intents"].pop("salary"), "intents.salary", "is missing", id="missing-intent"),
    pytest.param("links.yaml", _set(("va-gi-bill", "url"), "http://example.org/{nope}"), "va-gi-bill.url", "https://", id="insecure-link"),
    pytest.param("links.yaml", _set(("va-gi-bill", "url"), "https://example.org/{nope}"), "va-gi-bill.url", "unknown placeholder", id="bad-placeholder"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "change", "field", "problem"), BROKEN)
def test_broken_file_is_reported(
    knowledge_copy: Path, name: str, change: str | Change, field: str, problem: str
) -> None:
    path = _edit(knowledge_copy, name, change)
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(knowledge_copy)
    error = caught.value
    assert Path(error.file).name == path.name
    assert error.field == field
    assert problem in error.problem


def test_duplicate_soc_is_reported(knowledge_copy: Path) -> None:
    twin = knowledge_copy / "careers" / "plant-managers.yaml"
    data = yaml.safe_load((knowledge_copy / FOUNDING).read_text(encoding="utf-8"))
    data["id"] = "plant-managers"
    twin.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(KnowledgeError, match="also used by"):
        load_knowledge(knowledge_copy)


def test_missing_careers_are_reported(knowledge_copy: Path) -> None:
    (knowledge_copy / FOUNDING).unlink()
    with pytest.raises(KnowledgeError, match="holds no career files"):
        load_knowledge(knowledge_copy)


def _careerbot(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_validate_command_accepts_the_real_knowledge_base() -> None:
    result = _careerbot("validate")
    assert result.returncode == 0, result.stderr
    assert "OK" in result.stdout


def test_validate_command_names_file_and_field_without_traceback(knowledge_copy: Path) -> None:
    _edit(knowledge_copy, FOUNDING, _drop("title"))
    result = _careerbot("validate", str(knowledge_copy))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "industrial-production-managers.yaml: title: is missing" in lines[0]


def test_start_up_refuses_a_bad_knowledge_base(knowledge_copy: Path) -> None:
    _edit(knowledge_copy, FOUNDING, _set(("soc",), "nope"))
    result = _careerbot("ask", "--knowledge", str(knowledge_copy), "welder salary")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "soc" in result.stderr
