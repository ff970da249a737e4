"""Helpers of the build-knowledge tests (tests/test_build*.py): knowledge directories to build
into, and reading what was built."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TypeVar

from bot.knowledge import EducationFact, EmploymentFact, OutlookFact, OverviewFact, SalaryFact

REPO = Path(__file__).resolve().parents[1]
KNOWLEDGE_FILES = ("sources.yaml", "intents.yaml", "links.yaml", "groups.yaml")


def make_knowledge_dir(root: Path) -> Path:
    """A knowledge directory like the repository's, without careers."""
    root.mkdir(parents=True)
    for name in KNOWLEDGE_FILES:
        shutil.copy(REPO / "knowledge" / name, root / name)
    shutil.copytree(REPO / "knowledge" / "curated", root / "curated")
    return root


def snapshot(directory: Path) -> dict[str, bytes]:
    """File name -> content of every file in ``directory``."""
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


Fact = TypeVar("Fact", OverviewFact, EducationFact, EmploymentFact, OutlookFact, SalaryFact)


def fact_of(facts: tuple[Fact, ...], source: str) -> Fact:
    """The one fact of a career's list that comes from ``source``."""
    found = [f for f in facts if f.source.id == source]
    assert len(found) == 1, f"expected one {source} fact, found {len(found)}"
    return found[0]
