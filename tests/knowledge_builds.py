"""Helpers of the build-knowledge tests (tests/test_build*.py): knowledge directories to build
into, and reading what was built."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import TypeVar

from bot.knowledge import EducationFact, EmploymentFact, OutlookFact, OverviewFact, SalaryFact

REPO = Path(__file__).resolve().parents[1]
KNOWLEDGE_FILES = ("sources.yaml", "intents.yaml", "links.yaml", "groups.yaml")
FOUNDING_CURATED = "industrial-production-managers.yaml"


def make_knowledge_dir(root: Path, *, all_curated: bool = False) -> Path:
    """A knowledge directory like the repository's, without careers. Its curated files: all of
    the repository's (for the full data), or the founding career's only, the one career of the
    synthetic data (tests/data) that has one."""
    root.mkdir(parents=True)
    for name in KNOWLEDGE_FILES:
        shutil.copy(REPO / "knowledge" / name, root / name)
    (root / "curated").mkdir()
    for file in sorted((REPO / "knowledge" / "curated").glob("*.yaml")):
        if all_curated or file.name == FOUNDING_CURATED:
            shutil.copy(file, root / "curated" / file.name)
    return root


# O*NET's own file names (db_29_3_text) for the .tsv names of ../shared/data.
OFFICIAL_ONET_NAMES = {
    "occupation_data.tsv": "Occupation Data.txt",
    "alternate_titles.tsv": "Alternate Titles.txt",
    "sample_of_reported_titles.tsv": "Sample of Reported Titles.txt",
    "task_statements.tsv": "Task Statements.txt",
    "related_occupations.tsv": "Related Occupations.txt",
    "job_zones.tsv": "Job Zones.txt",
    "job_zone_reference.tsv": "Job Zone Reference.txt",
    "education_training_and_experience.tsv": "Education, Training, and Experience.txt",
}


def onet_with_official_names(onet: Path, target: Path) -> Path:
    """`target`, made to hold `onet`'s files under O*NET's own names (as links)."""
    target.mkdir()
    for ours, theirs in OFFICIAL_ONET_NAMES.items():
        (target / theirs).symlink_to(onet / ours)
    return target


def careerbot_validate(directory: Path) -> subprocess.CompletedProcess[str]:
    """`careerbot validate DIRECTORY`, run as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "bot", "validate", str(directory)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )


def snapshot(directory: Path) -> dict[str, bytes]:
    """File name -> content of every file in ``directory``."""
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


Fact = TypeVar("Fact", OverviewFact, EducationFact, EmploymentFact, OutlookFact, SalaryFact)


def fact_of(facts: tuple[Fact, ...], source: str) -> Fact:
    """The one fact of a career's list that comes from ``source``."""
    found = [f for f in facts if f.source.id == source]
    assert len(found) == 1, f"expected one {source} fact, found {len(found)}"
    return found[0]
