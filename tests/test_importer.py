"""The importer (``careerbot build-knowledge``), built once from ``../shared/data``.

The generated files are checked against the source files read independently here: the OEWS
database with sqlite3, Table 1.2 of the projections with csv.
"""

from __future__ import annotations

import csv
import gzip
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

import pytest
import yaml

from bot.build.knowledge_build import ImportSummary, SourcePaths, build_knowledge
from bot.build.tables import SourceDataError
from bot.knowledge import (
    EducationFact,
    EmploymentFact,
    Knowledge,
    OutlookFact,
    OverviewFact,
    SalaryFact,
    load_knowledge,
)

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
KNOWLEDGE_FILES = ("sources.yaml", "intents.yaml", "links.yaml", "groups.yaml")

pytestmark = pytest.mark.skipif(
    not DATA.is_dir(), reason=f"the source data is not at {DATA} (see ../shared/data/README.md)"
)

# Every 15th OEWS detailed occupation (a spread over all 22 major groups), plus ones whose
# data is unusual: the founding career, aggregate codes, annual-only and hourly-only wages.
SAMPLE = (
    "11-1011", "11-3121", "11-9131", "13-1075", "13-2052", "15-1242", "17-1011", "17-2121",
    "17-3025", "19-1041", "19-3033", "19-4043", "21-1022", "23-1023", "25-1054", "25-1113",
    "25-2023", "25-4013", "27-1023", "27-2091", "27-4021", "29-1122", "29-1212", "29-1249",
    "29-2053", "31-1120", "31-9097", "33-3051", "35-2013", "37-2011", "39-3019", "39-5093",
    "41-2022", "41-9091", "43-4021", "43-4199", "43-6014", "45-2091", "47-2042", "47-2141",
    "47-3016", "47-5032", "49-2093", "49-3052", "49-9061", "51-1011", "51-3093", "51-4071",
    "51-6021", "51-7021", "51-9011", "51-9123", "53-1041", "53-3099", "53-6041", "53-7072",
    "11-3051", "13-1020", "21-1018", "25-2021", "27-2011", "29-1141", "29-1229", "47-2111",
    "51-4121",
)  # fmt: skip

PERIOD = "2024\u201334"  # Table 1.2's headers write the period with an en dash
HOURLY = {"mean": "v03", "p10": "v06", "p25": "v07", "median": "v08", "p75": "v09", "p90": "v10"}
ANNUAL = {"mean": "v04", "p10": "v11", "p25": "v12", "median": "v13", "p75": "v14", "p90": "v15"}


def make_knowledge_dir(root: Path) -> Path:
    """A knowledge directory like the repository's, without careers."""
    root.mkdir(parents=True)
    for name in KNOWLEDGE_FILES:
        shutil.copy(REPO / "knowledge" / name, root / name)
    shutil.copytree(REPO / "knowledge" / "curated", root / "curated")
    return root


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ImportSummary]:
    root = make_knowledge_dir(tmp_path_factory.mktemp("build") / "knowledge")
    summary = build_knowledge(SourcePaths.from_data_dir(DATA), root)
    return root, summary


@pytest.fixture(scope="module")
def knowledge(built: tuple[Path, ImportSummary]) -> Knowledge:
    return load_knowledge(built[0])


@pytest.fixture(scope="module")
def oews(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    database = tmp_path_factory.mktemp("oews") / "oews.sqlite"
    with gzip.open(DATA / "bls_oews_may2025" / "oews-2025.sqlite.gz") as packed:
        database.write_bytes(packed.read())
    connection = sqlite3.connect(database)
    connection.row_factory = sqlite3.Row
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def projections() -> dict[str, dict[str, str]]:
    file = DATA / "bls_projections_2024-34" / "table_1.2_occupational_projections_2024-34.csv"
    with file.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {r["2024 National Employment Matrix code"]: r for r in rows}


Fact = TypeVar("Fact", OverviewFact, EducationFact, EmploymentFact, OutlookFact, SalaryFact)


def fact_of(facts: tuple[Fact, ...], source: str) -> Fact:
    """The one fact of a career's list that comes from ``source``."""
    found = [f for f in facts if f.source.id == source]
    assert len(found) == 1, f"expected one {source} fact, found {len(found)}"
    return found[0]


def published(value: str) -> float | None:
    return None if value == "-" else float(value)


# --- every career -----------------------------------------------------------------------------


def test_writes_every_oews_detailed_occupation(
    knowledge: Knowledge, oews: sqlite3.Connection, built: tuple[Path, ImportSummary]
) -> None:
    codes = {
        r[0] for r in oews.execute("SELECT occupation_code FROM occupation WHERE display_level = 3")
    }
    assert len(codes) == 830
    assert {c.soc.replace("-", "") for c in knowledge.careers} == codes
    assert built[1].careers_written == 830
    assert len(list((built[0] / "careers").glob("*.yaml"))) == 830


def test_every_file_passes_load_knowledge(knowledge: Knowledge) -> None:
    assert len(knowledge.careers) == 830
    assert all(c.overview for c in knowledge.careers)
    assert all(len(c.id) <= 48 for c in knowledge.careers)


def test_every_file_passes_careerbot_validate(built: tuple[Path, ImportSummary]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "validate", str(built[0])],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_files_say_they_are_generated(built: tuple[Path, ImportSummary]) -> None:
    files = sorted((built[0] / "careers").glob("*.yaml"))
    assert files
    for file in files:
        assert file.read_text(encoding="utf-8").startswith(
            "# Generated by `careerbot build-knowledge`"
        )


def test_similar_careers_exist_and_exclude_themselves(knowledge: Knowledge) -> None:
    for career in knowledge.careers:
        assert career.soc not in career.similar
        assert all(knowledge.career(code) for code in career.similar)
        assert len(career.similar) <= 6


def test_an_alias_belongs_to_one_career_only(knowledge: Knowledge) -> None:
    owners: dict[str, str] = {}
    for career in knowledge.careers:
        mine = {a.casefold() for a in career.aliases}
        assert not mine & {a.casefold() for a in career.ambiguous_aliases}, career.soc
        assert career.title.casefold() not in mine
        for alias in mine:
            assert owners.setdefault(alias, career.soc) == career.soc, alias


# --- a sample, against the sources --------------------------------------------------------------


@pytest.mark.parametrize("soc", SAMPLE)
def test_figures_match_the_sources(
    soc: str,
    knowledge: Knowledge,
    oews: sqlite3.Connection,
    projections: dict[str, dict[str, str]],
) -> None:
    career = knowledge.career(soc)
    assert career is not None
    key = "OEUN0000000000000" + soc.replace("-", "")
    cell = oews.execute("SELECT * FROM cell WHERE key = ?", (key,)).fetchone()
    title = oews.execute(
        "SELECT occupation_name FROM occupation WHERE occupation_code = ?", (soc.replace("-", ""),)
    ).fetchone()[0]
    assert career.title == title

    employment = fact_of(career.employment, "bls-oews-2025")
    assert employment.employed == int(cell["v01"])
    top = oews.execute(
        "SELECT max(CAST(c.v01 AS INTEGER)) FROM cell c JOIN industry i"
        " ON i.industry_code = substr(c.key, 12, 6)"
        " WHERE c.key LIKE 'OEUN0000000%' AND substr(c.key, 18, 6) = ? AND i.display_level = 3"
        " AND c.v01 GLOB '[0-9]*'",
        (soc.replace("-", ""),),
    ).fetchone()[0]
    industries = employment.industries
    assert (industries[0].employed if industries else None) == top

    salary = fact_of(career.salary, "bls-oews-2025")
    for wages, columns in ((salary.hourly, HOURLY), (salary.annual, ANNUAL)):
        for wage_key, column in columns.items():
            assert wages.get(wage_key) == published(cell[column]), (wage_key, column)

    row = projections[soc]
    outlook = fact_of(career.outlook, "bls-ep-2024-34")
    assert (outlook.start_year, outlook.end_year) == (2024, 2034)
    assert outlook.change_percent == float(row[f"Employment change, percent, {PERIOD}"])
    openings = float(row[f"Occupational openings, {PERIOD} annual average"])
    assert outlook.openings == round(openings * 1000)
    assert outlook.employment_start == round(float(row["Employment, 2024"]) * 1000)
    assert outlook.employment_end == round(float(row["Employment, 2034"]) * 1000)

    education = fact_of(career.education, "bls-ep-2024-34")
    assert education.entry_education == row["Typical education needed for entry"]
    assert education.work_experience == row["Work experience in a related occupation"]


@pytest.mark.parametrize(
    ("soc", "hourly", "annual"),
    [
        pytest.param("25-2021", False, True, id="teachers-annual-only"),
        pytest.param("27-2011", True, False, id="actors-hourly-only"),
        pytest.param("29-1141", True, True, id="nurses-both"),
    ],
)
def test_unpublished_wages_are_left_out_and_explained(
    knowledge: Knowledge, soc: str, hourly: bool, annual: bool
) -> None:
    career = knowledge.career(soc)
    assert career is not None
    salary = fact_of(career.salary, "bls-oews-2025")
    assert (salary.hourly.median is not None) == hourly
    assert (salary.annual.median is not None) == annual
    assert (salary.note is not None) == (not (hourly and annual))


def test_aggregate_codes_combine_their_onet_occupations(knowledge: Knowledge) -> None:
    buyers = knowledge.career("13-1020")
    assert buyers is not None
    text = buyers.overview[0].text
    assert "Wholesale and Retail Buyers, Except Farm Products" in text
    assert buyers.colleges.programmes  # the crosswalk's 13-1021..13-1023 programmes


def test_parenthesised_abbreviations_give_both_aliases(knowledge: Knowledge) -> None:
    career = knowledge.career("11-3051")
    assert career is not None
    names = {a.casefold() for a in (*career.aliases, *career.ambiguous_aliases)}
    assert {"quality assurance manager", "qa manager"} <= names


# --- the founding career --------------------------------------------------------------------------


def test_founding_career_keeps_its_seed_facts_next_to_the_current_figures(
    knowledge: Knowledge,
) -> None:
    career = knowledge.career("industrial-production-managers")
    assert career is not None
    assert career.soc == "11-3051"
    employed = {(f.source.id, f.employed) for f in career.employment}
    assert {("seed-2006", 157000), ("bls-oews-2025", 246250)} <= employed
    medians = {(f.source.id, f.annual.median, f.hourly.median) for f in career.salary}
    assert {("seed-2006", 80560, 38.73), ("bls-oews-2025", 126060, 60.61)} <= medians
    outlooks = {(f.source.id, f.start_year, f.end_year, f.change_percent) for f in career.outlook}
    assert ("seed-2006", 2006, 2016, -6) in outlooks
    assert any(f.source.id == "bls-ep-2024-34" for f in career.outlook)


def test_founding_career_carries_every_curated_fact(knowledge: Knowledge) -> None:
    curated = yaml.safe_load(
        (REPO / "knowledge" / "curated" / "industrial-production-managers.yaml").read_text("utf-8")
    )
    career = knowledge.career("11-3051")
    assert career is not None
    for field in ("overview", "education", "employment", "outlook", "salary"):
        generated = getattr(career, field)
        seeds = [f for f in generated if f.source.id == "seed-2006"]
        assert len(seeds) == len(curated.get(field, [])), field
    texts = {f.text for f in career.overview} | {f.text for f in career.education if f.text}
    assert {" ".join(f["text"].split()) for f in curated["overview"]} <= texts
    aliases = {a.casefold() for a in career.aliases}
    assert {a.casefold() for a in curated["aliases"]} <= aliases
    assert [t.link for t in career.colleges.tools] == [
        t["link"] for t in curated["colleges"]["tools"]
    ]


# --- determinism ------------------------------------------------------------------------------


def test_building_twice_gives_identical_files(
    built: tuple[Path, ImportSummary], tmp_path: Path
) -> None:
    again = make_knowledge_dir(tmp_path / "knowledge")
    build_knowledge(SourcePaths.from_data_dir(DATA), again)
    assert snapshot(again / "careers") == snapshot(built[0] / "careers")


def test_official_file_names_and_an_unzipped_database_give_the_same_files(
    built: tuple[Path, ImportSummary], oews: sqlite3.Connection, tmp_path: Path
) -> None:
    official = {
        "occupation_data.tsv": "Occupation Data.txt",
        "alternate_titles.tsv": "Alternate Titles.txt",
        "sample_of_reported_titles.tsv": "Sample of Reported Titles.txt",
        "task_statements.tsv": "Task Statements.txt",
        "related_occupations.tsv": "Related Occupations.txt",
        "job_zones.tsv": "Job Zones.txt",
        "job_zone_reference.tsv": "Job Zone Reference.txt",
    }
    onet = tmp_path / "db_29_3_text"
    onet.mkdir()
    for ours, theirs in official.items():
        (onet / theirs).symlink_to(DATA / "onet_29.3" / ours)
    database = Path(oews.execute("PRAGMA database_list").fetchone()["file"])
    paths = replace(SourcePaths.from_data_dir(DATA), oews=database, onet=onet)
    again = make_knowledge_dir(tmp_path / "knowledge")
    build_knowledge(paths, again)
    assert snapshot(again / "careers") == snapshot(built[0] / "careers")


# --- bad input --------------------------------------------------------------------------------

Breaker = Callable[[SourcePaths, Path, Path], tuple[SourcePaths, Path]]


def missing_projections(paths: SourcePaths, tmp: Path, knowledge: Path) -> tuple[SourcePaths, Path]:
    gone = tmp / "table_1.2.csv"
    return replace(paths, projections=gone), gone


def projections_without_openings(
    paths: SourcePaths, tmp: Path, knowledge: Path
) -> tuple[SourcePaths, Path]:
    broken = tmp / "table_1.2.csv"
    with paths.projections.open(encoding="utf-8", newline="") as source:
        rows = list(csv.reader(source))
    drop = rows[0].index(f"Occupational openings, {PERIOD} annual average")
    with broken.open("w", encoding="utf-8", newline="") as target:
        csv.writer(target).writerows([c for i, c in enumerate(r) if i != drop] for r in rows)
    return replace(paths, projections=broken), broken


def truncated_oews(paths: SourcePaths, tmp: Path, knowledge: Path) -> tuple[SourcePaths, Path]:
    broken = tmp / "oews-2025.sqlite.gz"
    broken.write_bytes(paths.oews.read_bytes()[:200_000])
    return replace(paths, oews=broken), broken


def onet_without_alternate_titles(
    paths: SourcePaths, tmp: Path, knowledge: Path
) -> tuple[SourcePaths, Path]:
    onet = tmp / "onet"
    onet.mkdir()
    for file in paths.onet.iterdir():
        if file.name != "alternate_titles.tsv":
            (onet / file.name).symlink_to(file)
    return replace(paths, onet=onet), onet / "alternate_titles.tsv"


def crosswalk_without_soc(
    paths: SourcePaths, tmp: Path, knowledge: Path
) -> tuple[SourcePaths, Path]:
    broken = tmp / "crosswalk.csv"
    text = paths.crosswalk.read_text(encoding="utf-8-sig")
    broken.write_text(text.replace("SOC2018Code", "SOC2010Code", 1), encoding="utf-8")
    return replace(paths, crosswalk=broken), broken


def curated_unknown_field(
    paths: SourcePaths, tmp: Path, knowledge: Path
) -> tuple[SourcePaths, Path]:
    file = knowledge / "curated" / "extra.yaml"
    file.write_text('soc: "29-1141"\nsalary_note: made up\n', encoding="utf-8")
    return paths, file


def curated_invalid_fact(
    paths: SourcePaths, tmp: Path, knowledge: Path
) -> tuple[SourcePaths, Path]:
    # Only validation finds this, after the new files are written: the swap must not happen.
    file = knowledge / "curated" / "extra.yaml"
    file.write_text(
        'soc: "29-1141"\nsalary:\n  - source: seed-2006\n    annual: {p10: 90000, median: 50000}\n',
        encoding="utf-8",
    )
    return paths, file


@pytest.mark.parametrize(
    ("breaker", "problem"),
    [
        pytest.param(missing_projections, "not found", id="missing-projections"),
        pytest.param(projections_without_openings, "openings", id="csv-missing-column"),
        pytest.param(truncated_oews, "gzip", id="truncated-gzip"),
        pytest.param(onet_without_alternate_titles, "not found", id="missing-onet-file"),
        pytest.param(crosswalk_without_soc, "SOC2018Code", id="crosswalk-missing-column"),
        pytest.param(curated_unknown_field, "salary_note", id="curated-unknown-field"),
        pytest.param(curated_invalid_fact, "percentiles", id="curated-invalid-fact"),
    ],
)
def test_bad_input_stops_and_leaves_careers_untouched(
    breaker: Breaker, problem: str, built: tuple[Path, ImportSummary], tmp_path: Path
) -> None:
    knowledge = make_knowledge_dir(tmp_path / "knowledge")
    (knowledge / "careers").mkdir()
    for name in ("industrial-production-managers.yaml", "registered-nurses.yaml"):
        shutil.copy(built[0] / "careers" / name, knowledge / "careers" / name)
    before = snapshot(knowledge / "careers")
    paths, culprit = breaker(SourcePaths.from_data_dir(DATA), tmp_path, knowledge)

    with pytest.raises(SourceDataError) as caught:
        build_knowledge(paths, knowledge)

    assert caught.value.file == str(culprit)
    assert problem in caught.value.problem
    assert str(culprit) in str(caught.value)
    assert snapshot(knowledge / "careers") == before
    assert sorted(p.name for p in knowledge.iterdir() if p.name.startswith(".")) == []
