"""``careerbot build-knowledge`` on the small test data of tests/data (see its README): what a
user sees — the files written, their ids, aliases and figures, the summary, and errors that
name the bad file and leave the knowledge base untouched. Runs anywhere; the full data is
tested in tests/test_build_full_data.py."""

from __future__ import annotations

import ast
import csv
import gzip
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from knowledge_builds import (
    REPO,
    careerbot_validate,
    fact_of,
    make_knowledge_dir,
    onet_with_official_names,
    snapshot,
)

from bot.__main__ import main
from bot.build.cip import read_programmes
from bot.build.command import format_summary
from bot.build.knowledge_build import ImportSummary, SourcePaths, build_knowledge, career_ids
from bot.build.tables import SourceDataError
from bot.knowledge import CAREER_FIELDS, Career, Knowledge, load_knowledge

TEST_DATA = Path(__file__).resolve().parent / "data"
OEWS_FILE = Path("bls_oews_may2025") / "oews-2025.sqlite.gz"
PERIOD = "2024\u201334"  # Table 1.2's headers write the period with an en dash

IDS = {
    "11-1021": "general-and-operations-managers",
    "11-3051": "industrial-production-managers",
    "11-9199": "managers-all-other",
    "13-1020": "buyers-and-purchasing-agents",
    "21-1018": "substance-abuse-behavioral-disorder-and-mental",  # cut to 48 characters at most
    "25-2021": "elementary-school-teachers-except-special",
    "27-2011": "actors",
    "29-1211": "anesthesiologists",
}


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/data laid out like ../shared/data, with the OEWS database make_oews.py writes."""
    root = tmp_path_factory.mktemp("data") / "data"
    shutil.copytree(TEST_DATA, root, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    script = TEST_DATA / "make_oews.py"
    subprocess.run([sys.executable, str(script), str(root / OEWS_FILE)], check=True)
    return root


@pytest.fixture(scope="module")
def paths(data_dir: Path) -> SourcePaths:
    return SourcePaths.from_data_dir(data_dir)


@pytest.fixture(scope="module")
def built(
    tmp_path_factory: pytest.TempPathFactory, paths: SourcePaths
) -> tuple[Path, ImportSummary]:
    root = make_knowledge_dir(tmp_path_factory.mktemp("build") / "knowledge")
    return root, build_knowledge(paths, root)


@pytest.fixture(scope="module")
def knowledge(built: tuple[Path, ImportSummary]) -> Knowledge:
    return load_knowledge(built[0])


def career_of(knowledge: Knowledge, soc: str) -> Career:
    career = knowledge.career(soc)
    assert career is not None, soc
    return career


def folded(names: tuple[str, ...]) -> set[str]:
    return {name.casefold() for name in names}


# --- the files written ------------------------------------------------------------------------


def test_writes_one_file_per_detailed_occupation_named_by_its_id(
    built: tuple[Path, ImportSummary], knowledge: Knowledge
) -> None:
    root, summary = built
    assert sorted(p.name for p in (root / "careers").iterdir()) == sorted(
        f"{i}.yaml" for i in IDS.values()
    )
    assert {c.soc: c.id for c in knowledge.careers} == IDS
    assert summary.careers_written == len(IDS)
    assert summary.careers_dir == root / "careers"
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".")) == []


def test_ids_are_slugs_cut_at_a_word_boundary_and_a_clash_gets_the_soc() -> None:
    ids = career_ids({
        "11-1111": "Pilots, Café & Bar",
        "22-2222": "Pilots, Cafe and Bar",
        "33-3333": "Pilots Cafe Bar",
        "44-4444": "A Very Long Title Made of Many Words That Goes On Beyond Forty-Eight",
        "55-5555": "A Very Long Title Made of Many Words That Goes On and On",
    })  # fmt: skip
    assert ids == {
        "11-1111": "pilots-cafe-bar",
        "22-2222": "pilots-cafe-and-bar",
        "33-3333": "pilots-cafe-bar-333333",
        "44-4444": "a-very-long-title-made-of-many-words-that-goes",
        "55-5555": "a-very-long-title-made-of-many-words-that-555555",
    }
    assert all(len(i) <= 48 for i in ids.values())


def test_every_file_passes_careerbot_validate(built: tuple[Path, ImportSummary]) -> None:
    result = careerbot_validate(built[0])
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"OK ({len(IDS)} careers" in result.stdout


def test_files_say_they_are_generated_and_which_curated_file_they_include(
    built: tuple[Path, ImportSummary],
) -> None:
    files = sorted((built[0] / "careers").glob("*.yaml"))
    assert len(files) == len(IDS)
    curated = (
        "# Includes the curated content of knowledge/curated/industrial-production-managers.yaml."
    )
    for file in files:
        lines = file.read_text(encoding="utf-8").splitlines()
        assert lines[0] == (
            "# Generated by `careerbot build-knowledge` from BLS OEWS May 2025; "
            "BLS Employment Projections 2024–34; O*NET 29.3 (May 2025); "
            "NCES CIP–SOC crosswalk CIP 2020 / SOC 2018."
        )
        assert lines[1].startswith("# Do not edit")
        assert (lines[2] == curated) == (file.name == "industrial-production-managers.yaml")


def test_files_are_yaml_in_schema_order_with_whole_numbers_and_flow_periods(
    built: tuple[Path, ImportSummary],
) -> None:
    text = (built[0] / "careers" / "anesthesiologists.yaml").read_text(encoding="utf-8")
    keys = [line.split(":")[0] for line in text.splitlines() if line[:1].isalpha()]
    assert keys == [f for f in CAREER_FIELDS if f not in ("ambiguous_aliases", "similar")]
    assert "  period: [2024, 2034]\n" in text
    assert "    median: 115\n" in text  # the top-coding limit, as BLS states it
    assert "    median: 239200\n" in text
    assert "    mean: 111.29\n" in text
    task = "Monitor patient before, during, and after anesthesia and counteract adverse reactions or complications."
    assert f"  - {task}\n" in text  # never wrapped


def test_summary_says_what_is_missing_and_what_is_indirect(
    built: tuple[Path, ImportSummary],
) -> None:
    summary = built[1]
    assert summary.curated == ("industrial-production-managers.yaml",)
    assert summary.missing == {
        "colleges: no CIP programme in the crosswalk": ("11-9199",),
        "employment.industries: no industry figures published": ("21-1018",),
        "outlook, education: no projections row": ("11-9199",),
        "overview.tasks: no O*NET task statements": ("11-9199",),
        "salary.annual: BLS publishes only hourly wages": ("27-2011",),
        "salary.hourly: BLS publishes only annual wages": ("25-2021",),
    }
    assert summary.notes == {
        "education.job_zone: that of the specialties in this group": ("11-9199",),
        "education.job_zone: the lowest of the occupations this group covers": ("13-1020",),
        "outlook, education: sums of the projections the OEWS code covers": ("21-1018",),
        "overview: combined from the O*NET occupations the BLS code covers": (
            "13-1020",
            "21-1018",
        ),
        "salary: wages top-coded by BLS (shown as 'at least')": ("29-1211",),
    }
    text = format_summary(summary)
    assert text.splitlines()[:3] == [
        f"wrote 8 careers to {summary.careers_dir}",
        "merged curated content: industrial-production-managers.yaml",
        "missing:",
    ]
    assert "  salary.hourly: BLS publishes only annual wages (1): 25-2021" in text
    assert "indirect:" in text


def test_summary_lists_eight_codes_and_counts_the_rest(tmp_path: Path) -> None:
    socs = tuple(f"11-{n:04}" for n in range(10))
    summary = ImportSummary(10, tmp_path, (), {"salary: none": socs}, {})
    line = format_summary(summary).splitlines()[2]
    assert line == "  salary: none (10): " + ", ".join(socs[:8]) + ", … and 2 more"


def test_the_command_builds_and_prints_the_summary(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_knowledge_dir(tmp_path / "knowledge")
    code = main(["build-knowledge", "--data", str(data_dir), "--knowledge", str(root)])
    out, err = capsys.readouterr()
    assert code == 0
    assert out.startswith(f"wrote 8 careers to {root / 'careers'}\n")
    assert "\ntook " in out
    progress = err.splitlines()
    assert progress[0] == "reading OEWS (oews-2025.sqlite.gz)…"
    assert "writing careers 8/8…" in progress
    assert progress[-3:] == ["validating…", "writing local figures…", "done."]
    assert len(list((root / "careers").glob("*.yaml"))) == len(IDS)


def test_the_command_names_a_bad_file_and_exits_2(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_knowledge_dir(tmp_path / "knowledge")
    gone = tmp_path / "nowhere.csv"
    argv = ["build-knowledge", "--data", str(data_dir), "--knowledge", str(root)]
    code = main([*argv, "--projections", str(gone)])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert err.splitlines()[-1] == f"careerbot: {gone}: file not found"
    assert not (root / "careers").exists()


# --- aliases ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("alias", "owner", "other"),
    [
        # The rule of bot/build/aliases.py, case by case.
        pytest.param("Plant Manager", "11-3051", "11-1021", id="curated-claim"),
        # 11-1021 employs 14 times more, but counselors' title says "Counselor".
        pytest.param("Counselor", "21-1018", "25-2021", id="own-title-outweighs-size"),
        # Neither title says it; 11-9199 employs 2.5 times more: dominant.
        pytest.param("Program Manager", "11-9199", "11-3051", id="more-employed"),
    ],
)
def test_a_shared_alias_belongs_to_one_career_and_the_other_can_offer_it(
    knowledge: Knowledge, alias: str, owner: str, other: str
) -> None:
    assert alias in career_of(knowledge, owner).aliases
    assert alias not in career_of(knowledge, owner).ambiguous_aliases
    assert alias in career_of(knowledge, other).ambiguous_aliases
    assert alias not in career_of(knowledge, other).aliases


def test_a_name_no_career_dominates_is_shared_and_listed_likeliest_first(
    knowledge: Knowledge, built: tuple[Path, ImportSummary]
) -> None:
    # "Team Lead": two careers of the same size, neither title says it.
    for soc in ("21-1018", "13-1020"):
        assert "Team Lead" in career_of(knowledge, soc).ambiguous_aliases
        assert "Team Lead" not in career_of(knowledge, soc).aliases
    assert knowledge.shared_names["team lead"] == ("21-1018", "13-1020")
    text = (built[0] / "shared-names.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Generated by `careerbot build-knowledge`")
    assert "Team Lead: [21-1018, 13-1020]" in text


def test_an_alias_belongs_to_one_career_only(knowledge: Knowledge) -> None:
    owners: dict[str, str] = {}
    for career in knowledge.careers:
        mine = folded(career.aliases)
        assert not mine & folded(career.ambiguous_aliases), career.soc
        assert career.title.casefold() not in mine
        for alias in mine:
            assert owners.setdefault(alias, career.soc) == career.soc, alias
    assert len(owners) > len(IDS)


def test_aliases_come_from_onet_titles_and_parenthesised_abbreviations_give_both_parts(
    knowledge: Knowledge,
) -> None:
    production = career_of(knowledge, "11-3051")
    assert {"quality assurance manager", "qa manager", "plant general manager", "plant gm"} <= (
        folded(production.aliases) | folded(production.ambiguous_aliases)
    )
    assert {"general manager", "gm", "store manager"} <= folded(
        career_of(knowledge, "11-1021").aliases
    )
    # An aggregate code is also named by its O*NET occupations' titles.
    assert {"wholesale and retail buyers, except farm products", "buyer"} <= folded(
        career_of(knowledge, "13-1020").aliases
    )


def test_generic_aliases_and_the_title_itself_are_dropped(knowledge: Knowledge) -> None:
    names = {a for c in knowledge.careers for a in (*c.aliases, *c.ambiguous_aliases)}
    assert "senior manager" not in {n.casefold() for n in names}
    anesthesiologists = career_of(knowledge, "29-1211")
    assert "Anesthesiologists" not in anesthesiologists.aliases
    assert "Anesthesiologist" in anesthesiologists.aliases


def test_curated_aliases_are_added_after_the_generated_ones(knowledge: Knowledge) -> None:
    aliases = career_of(knowledge, "11-3051").aliases
    assert aliases[-2:] == ("Manufacturing Director", "Operations Manager (manufacturing plant)")
    assert "Plant Director" in aliases


# --- figures ----------------------------------------------------------------------------------


def test_founding_career_figures_match_the_sources(knowledge: Knowledge) -> None:
    career = career_of(knowledge, "industrial-production-managers")
    employment = fact_of(career.employment, "bls-oews-2025")
    assert (employment.year, employment.employed) == (2025, 246250)
    # Subsectors (display level 3) only, most first, five at most; "-" is not a figure.
    assert [(i.name, i.employed) for i in employment.industries] == [
        ("Transportation Equipment Manufacturing", 25800),
        ("Fabricated Metal Product Manufacturing", 23450),
        ("Chemical Manufacturing", 21440),
        ("Food Manufacturing", 19440),
        ("Machinery Manufacturing", 17600),
    ]
    salary = fact_of(career.salary, "bls-oews-2025")
    assert (salary.hourly.p10, salary.hourly.median, salary.hourly.mean) == (37.5, 60.61, 64.5)
    assert (salary.annual.p25, salary.annual.median, salary.annual.p90) == (98160, 126060, 205520)
    assert salary.note is None
    outlook = fact_of(career.outlook, "bls-ep-2024-34")
    assert (outlook.start_year, outlook.end_year) == (2024, 2034)
    assert (outlook.employment_start, outlook.employment_end) == (241900, 246500)
    assert (outlook.change_percent, outlook.openings, outlook.scope) == (1.9, 17100, None)
    education = fact_of(career.education, "bls-ep-2024-34")
    assert (education.entry_education, education.work_experience, education.training) == (
        "Bachelor's degree",
        "5 years or more",
        "None",
    )
    zone = fact_of(career.education, "onet-29.3")
    assert (zone.job_zone, zone.job_zone_name, zone.scope) == (
        4,
        "Job Zone Four: Considerable Preparation Needed",
        None,
    )
    # Core tasks by task id; the supplemental one is left out.
    assert fact_of(career.overview, "onet-29.3").tasks == (
        "Direct or coordinate production, processing, distribution, or marketing activities of industrial organizations.",
        "Set and monitor product standards, examining samples of raw products or directing testing during processing, to ensure finished products are of prescribed quality.",
    )
    assert career.similar == ("11-1021",)


def test_programmes_come_from_the_crosswalk_with_their_cip_titles(knowledge: Knowledge) -> None:
    colleges = career_of(knowledge, "11-3051").colleges
    assert colleges.source is not None and colleges.source.id == "nces-cip-soc-2020"
    assert [(p.cip, p.title) for p in colleges.programmes] == [
        ("14.3501", "Industrial Engineering"),
        ("15.1501", "Engineering/Industrial Management"),  # not in CIPCode2020.csv
        ("52.0201", "Business Administration and Management, General"),
    ]
    assert career_of(knowledge, "11-9199").colleges.programmes == ()


def test_programmes_are_matched_by_code_with_the_titles_of_cipcode2020(tmp_path: Path) -> None:
    crosswalk = tmp_path / "CIP2020_SOC2018_Crosswalk.csv"
    crosswalk.write_text(
        "\ufeffCIP2020Code,CIP2020Title,SOC2018Code,SOC2018Title\r\n"
        '52.0201,"Business Administration and Management, General.",29-1071,Physician Assistants\r\n'
        "51.0912,Physician Assistant.,29-1071,Physician Assistants\r\n"
        "01.0508,Taxidermy/Taxidermist.,99-9999,NO MATCH\r\n"
        "99.9999,NO MATCH,13-1074,Farm Labor Contractors\r\n",
        encoding="utf-8",
        newline="",
    )
    cip = tmp_path / "CIPCode2020.csv"
    cip.write_text(
        '"CIPFamily","CIPCode","CIPTitle"\r\n="51",="51.0912","Physician Associate/Assistant."\r\n',
        encoding="utf-8",
        newline="",
    )
    # CIPCode2020.csv's title where it has one (Excel-style code), else the crosswalk's.
    assert read_programmes(crosswalk, cip) == {
        "29-1071": (
            ("51.0912", "Physician Associate/Assistant"),
            ("52.0201", "Business Administration and Management, General"),
        )
    }
    crosswalk.write_text(
        "CIP2020Code,CIP2020Title,SOC2018Code,SOC2018Title\n14.35,Industrial Engineering.,11-3051,x\n",
        encoding="utf-8",
    )
    with pytest.raises(SourceDataError) as caught:
        read_programmes(crosswalk, cip)
    assert str(caught.value) == f"{crosswalk}: line 2: '14.35'/'11-3051' is not a CIP/SOC pair"


@pytest.mark.parametrize(
    ("soc", "hourly", "annual", "note"),
    [
        pytest.param(
            "25-2021", False, True, "BLS publishes only annual wages", id="teachers-annual-only"
        ),
        pytest.param(
            "27-2011", True, False, "BLS publishes only hourly wages", id="actors-hourly-only"
        ),
        pytest.param("11-1021", True, True, None, id="managers-both"),
    ],
)
def test_unpublished_wages_are_left_out_and_explained(
    knowledge: Knowledge, soc: str, hourly: bool, annual: bool, note: str | None
) -> None:
    salary = fact_of(career_of(knowledge, soc).salary, "bls-oews-2025")
    for wages, published in ((salary.hourly, hourly), (salary.annual, annual)):
        values = [wages.get(key) for key in ("p10", "p25", "median", "p75", "p90", "mean")]
        assert all((v is not None) == published for v in values), values
    if note is None:
        assert salary.note is None
    else:
        assert salary.note is not None and salary.note.startswith(note)


def test_top_coded_wages_are_the_limit_and_say_so(knowledge: Knowledge) -> None:
    salary = fact_of(career_of(knowledge, "29-1211").salary, "bls-oews-2025")
    assert (salary.hourly.p25, salary.hourly.median, salary.hourly.p90) == (99.52, 115, 115)
    assert (salary.annual.p25, salary.annual.median, salary.annual.p90) == (207000, 239200, 239200)
    assert salary.hourly.top_coded == salary.annual.top_coded == {"median", "p75", "p90"}
    assert salary.annual.mean == 231480


def test_an_aggregate_code_combines_its_onet_occupations_and_programmes(
    knowledge: Knowledge,
) -> None:
    buyers = career_of(knowledge, "13-1020")
    text = fact_of(buyers.overview, "onet-29.3").text
    assert text.startswith("Buyers and Purchasing Agents covers 3 O*NET occupations. ")
    for title in (
        "Buyers and Purchasing Agents, Farm Products",
        "Wholesale and Retail Buyers, Except Farm Products",
        "Purchasing Agents, Except Wholesale, Retail, and Farm Products",
    ):
        assert f"{title}: " in text
    assert [p.cip for p in buyers.colleges.programmes] == ["01.0105", "19.0905", "52.0202"]
    outlook = fact_of(buyers.outlook, "bls-ep-2024-34")  # its own line item in the projections
    assert (outlook.employment_start, outlook.employment_end, outlook.scope) == (
        522200,
        552300,
        None,
    )
    zone = fact_of(buyers.education, "onet-29.3")
    assert zone.job_zone == 3
    assert zone.scope == (
        "O*NET rates the occupations this group covers from Job Zone Three: Medium Preparation"
        " Needed to Job Zone Four: Considerable Preparation Needed; this is the lowest."
    )


def test_projections_of_the_codes_an_oews_code_covers_are_summed_and_say_so(
    knowledge: Knowledge,
) -> None:
    counselors = career_of(knowledge, "21-1018")
    scope = (
        "Sum of the BLS projections for 21-1011 Substance abuse and behavioral disorder "
        "counselors, 21-1014 Mental health counselors."
    )
    outlook = fact_of(counselors.outlook, "bls-ep-2024-34")
    assert (outlook.employment_start, outlook.employment_end) == (483500, 564600)
    assert (outlook.change_percent, outlook.openings, outlook.scope) == (16.8, 48300, scope)
    education = fact_of(counselors.education, "bls-ep-2024-34")
    assert (education.entry_education, education.scope) == ("Master's degree", scope)
    employment = fact_of(counselors.employment, "bls-oews-2025")
    assert (employment.employed, employment.industries) == (491930, ())
    assert [p.cip for p in counselors.colleges.programmes] == ["42.2803", "51.1501", "51.1508"]


def test_an_all_other_group_names_its_specialties(knowledge: Knowledge) -> None:
    others = career_of(knowledge, "11-9199")
    overview = fact_of(others.overview, "onet-29.3")
    assert overview.text == (
        "All managers not listed separately. O*NET describes these specialties in the group: "
        "Regulatory Affairs Managers and Compliance Managers."
    )
    assert overview.tasks == ()
    zone = fact_of(others.education, "onet-29.3")
    assert (zone.job_zone, zone.scope) == (
        4,
        "The job zone O*NET gives the specialties in this group; the group has none of its own.",
    )
    assert others.outlook == ()
    assert [f.source.id for f in others.education] == ["onet-29.3"]


@pytest.mark.parametrize(
    ("soc", "change", "wording"),
    [
        ("21-1018", 16.8, "much faster than average"),
        ("13-1020", 5.8, "faster than average"),
        ("29-1211", 3.2, "about as fast as average"),
        ("11-3051", 1.9, "slower than average"),
        ("27-2011", 0.3, "little or no change"),
        ("25-2021", -2, "decline"),
    ],
)
def test_outlook_wording_follows_the_handbook(
    knowledge: Knowledge, soc: str, change: float, wording: str
) -> None:
    outlook = fact_of(career_of(knowledge, soc).outlook, "bls-ep-2024-34")
    assert (outlook.change_percent, outlook.wording) == (change, wording)


def test_founding_career_keeps_its_curated_facts_next_to_the_generated_ones(
    knowledge: Knowledge,
) -> None:
    career = career_of(knowledge, "11-3051")
    sources = [
        {f.source.id for f in career.overview},
        {f.source.id for f in career.education},
        {f.source.id for f in career.employment},
        {f.source.id for f in career.outlook},
        {f.source.id for f in career.salary},
    ]
    assert sources == [
        {"onet-29.3", "seed-2006"},
        {"bls-ep-2024-34", "onet-29.3", "seed-2006"},
        {"bls-oews-2025", "seed-2006"},
        {"bls-ep-2024-34", "seed-2006"},
        {"bls-oews-2025", "seed-2006"},
    ]
    employed = {(f.source.id, f.employed) for f in career.employment}
    assert employed == {("seed-2006", 157000), ("bls-oews-2025", 246250)}
    outlooks = {(f.source.id, f.start_year, f.end_year) for f in career.outlook}
    assert outlooks == {("bls-ep-2024-34", 2024, 2034), ("seed-2006", 2006, 2016)}
    assert [t.link for t in career.colleges.tools] == [
        "va-gi-bill",
        "college-scorecard",
        "college-navigator",
    ]


# --- determinism and the swap -------------------------------------------------------------------


def test_building_twice_gives_identical_files(
    built: tuple[Path, ImportSummary], paths: SourcePaths, tmp_path: Path
) -> None:
    again = make_knowledge_dir(tmp_path / "knowledge")
    build_knowledge(paths, again)
    assert snapshot(again / "careers") == snapshot(built[0] / "careers")


def test_official_onet_names_and_an_unzipped_database_give_the_same_files(
    built: tuple[Path, ImportSummary], paths: SourcePaths, tmp_path: Path
) -> None:
    onet = onet_with_official_names(paths.onet, tmp_path / "db_29_3_text")
    database = tmp_path / "oews-2025.sqlite"
    database.write_bytes(gzip.decompress(paths.oews.read_bytes()))
    again = make_knowledge_dir(tmp_path / "knowledge")
    build_knowledge(replace(paths, oews=database, onet=onet), again)
    assert snapshot(again / "careers") == snapshot(built[0] / "careers")


def test_a_build_replaces_careers_as_a_whole(paths: SourcePaths, tmp_path: Path) -> None:
    knowledge = make_knowledge_dir(tmp_path / "knowledge")
    (knowledge / "careers").mkdir()
    (knowledge / "careers" / "retired-career.yaml").write_text("soc: 99-9999\n", encoding="utf-8")
    build_knowledge(paths, knowledge)
    assert sorted(p.stem for p in (knowledge / "careers").iterdir()) == sorted(IDS.values())
    assert sorted(p.name for p in knowledge.iterdir() if p.name.startswith(".")) == []


def test_a_build_recovers_from_one_stopped_mid_swap(paths: SourcePaths, tmp_path: Path) -> None:
    knowledge = make_knowledge_dir(tmp_path / "knowledge")
    (knowledge / ".careers-old").mkdir()  # the old careers, moved aside; the new never moved in
    (knowledge / ".careers-old" / "actors.yaml").write_text("old\n", encoding="utf-8")
    (knowledge / ".careers-new").mkdir()
    build_knowledge(paths, knowledge)
    assert len(list((knowledge / "careers").glob("*.yaml"))) == len(IDS)
    assert (knowledge / "careers" / "actors.yaml").read_text(encoding="utf-8") != "old\n"
    assert sorted(p.name for p in knowledge.iterdir() if p.name.startswith(".")) == []


# --- bad input ----------------------------------------------------------------------------------

Breaker = Callable[[SourcePaths, Path, Path], tuple[SourcePaths, Path]]


def missing_projections(paths: SourcePaths, tmp: Path, knowledge: Path) -> tuple[SourcePaths, Path]:
    gone = tmp / "table_1.2.csv"
    return replace(paths, projections=gone), gone


def rewrite_projections(
    paths: SourcePaths, tmp: Path, change: Callable[[list[list[str]]], list[list[str]]]
) -> tuple[SourcePaths, Path]:
    broken = tmp / "table_1.2.csv"
    with paths.projections.open(encoding="utf-8", newline="") as source:
        rows = list(csv.reader(source))
    with broken.open("w", encoding="utf-8", newline="") as target:
        csv.writer(target).writerows(change(rows))
    return replace(paths, projections=broken), broken


def projections_without_openings(
    paths: SourcePaths, tmp: Path, knowledge: Path
) -> tuple[SourcePaths, Path]:
    def drop(rows: list[list[str]]) -> list[list[str]]:
        column = rows[0].index(f"Occupational openings, {PERIOD} annual average")
        return [[c for i, c in enumerate(r) if i != column] for r in rows]

    return rewrite_projections(paths, tmp, drop)


def projections_with_a_word_for_a_number(
    paths: SourcePaths, tmp: Path, knowledge: Path
) -> tuple[SourcePaths, Path]:
    def spoil(rows: list[list[str]]) -> list[list[str]]:
        line = next(r for r in rows if r[1] == "27-2011")
        line[3] = "lots"
        return rows

    return rewrite_projections(paths, tmp, spoil)


def truncated_oews(paths: SourcePaths, tmp: Path, knowledge: Path) -> tuple[SourcePaths, Path]:
    broken = tmp / "oews-2025.sqlite.gz"
    data = paths.oews.read_bytes()
    broken.write_bytes(data[: len(data) // 2])
    return replace(paths, oews=broken), broken


def edited_database(paths: SourcePaths, target: Path, sql: str) -> tuple[SourcePaths, Path]:
    """The OEWS database, unzipped to ``target`` and changed by ``sql``."""
    target.write_bytes(gzip.decompress(paths.oews.read_bytes()))
    db = sqlite3.connect(target)
    try:
        db.execute(sql)
        db.commit()
    finally:
        db.close()
    return replace(paths, oews=target), target


def oews_without_cells(paths: SourcePaths, tmp: Path, knowledge: Path) -> tuple[SourcePaths, Path]:
    return edited_database(paths, tmp / "oews-2025.sqlite", "DROP TABLE cell")


def oews_of_another_year(
    paths: SourcePaths, tmp: Path, knowledge: Path
) -> tuple[SourcePaths, Path]:
    sql = "UPDATE meta SET value = '2024' WHERE name = 'data_year'"
    return edited_database(paths, tmp / "oews-2024.sqlite", sql)


def onet_without_alternate_titles(
    paths: SourcePaths, tmp: Path, knowledge: Path
) -> tuple[SourcePaths, Path]:
    onet = tmp / "onet"
    onet.mkdir()
    for file in paths.onet.iterdir():
        if file.name != "alternate_titles.tsv":
            (onet / file.name).symlink_to(file)
    return replace(paths, onet=onet), onet / "alternate_titles.tsv"


def onet_with_a_bad_code(
    paths: SourcePaths, tmp: Path, knowledge: Path
) -> tuple[SourcePaths, Path]:
    onet = tmp / "onet"
    shutil.copytree(paths.onet, onet)
    zones = onet / "job_zones.tsv"
    zones.write_text(zones.read_text("utf-8").replace("27-2011.00", "27-2011", 1), "utf-8")
    return replace(paths, onet=onet), zones


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
    file.write_text('soc: "27-2011"\nsalary_note: made up\n', encoding="utf-8")
    return paths, file


def curated_unknown_career(
    paths: SourcePaths, tmp: Path, knowledge: Path
) -> tuple[SourcePaths, Path]:
    file = knowledge / "curated" / "extra.yaml"
    file.write_text('soc: "29-1141"\naliases: [RN]\n', encoding="utf-8")
    return paths, file


def curated_invalid_fact(
    paths: SourcePaths, tmp: Path, knowledge: Path
) -> tuple[SourcePaths, Path]:
    # Only validation finds this, after the new files are written: the swap must not happen.
    file = knowledge / "curated" / "extra.yaml"
    file.write_text(
        'soc: "27-2011"\nsalary:\n  - source: seed-2006\n    annual: {p10: 90000, median: 50000}\n',
        encoding="utf-8",
    )
    return paths, file


def groups_without_healthcare(
    paths: SourcePaths, tmp: Path, knowledge: Path
) -> tuple[SourcePaths, Path]:
    groups = knowledge / "groups.yaml"
    lines = groups.read_text(encoding="utf-8").splitlines(keepends=True)
    groups.write_text("".join(s for s in lines if not s.startswith('"29-0000"')), "utf-8")
    return paths, paths.oews


@pytest.mark.parametrize(
    ("breaker", "problem"),
    [
        pytest.param(missing_projections, "not found", id="missing-projections"),
        pytest.param(projections_without_openings, "openings", id="csv-missing-column"),
        pytest.param(
            projections_with_a_word_for_a_number, "'lots' is not a number", id="csv-bad-number"
        ),
        pytest.param(truncated_oews, "gzip", id="truncated-gzip"),
        pytest.param(oews_without_cells, "has no table 'cell'", id="oews-missing-table"),
        pytest.param(oews_of_another_year, "holds OEWS data for 2024", id="oews-other-release"),
        pytest.param(onet_without_alternate_titles, "not found", id="missing-onet-file"),
        pytest.param(
            onet_with_a_bad_code, "'27-2011' is not an O*NET-SOC code", id="onet-bad-code"
        ),
        pytest.param(crosswalk_without_soc, "SOC2018Code", id="crosswalk-missing-column"),
        pytest.param(curated_unknown_field, "salary_note", id="curated-unknown-field"),
        pytest.param(
            curated_unknown_career, "not an OEWS detailed occupation", id="curated-unknown-soc"
        ),
        pytest.param(curated_invalid_fact, "percentiles", id="curated-invalid-fact"),
        pytest.param(
            groups_without_healthcare, "29-0000 is not in groups.yaml", id="group-missing"
        ),
    ],
)
def test_bad_input_stops_and_leaves_careers_untouched(
    breaker: Breaker,
    problem: str,
    built: tuple[Path, ImportSummary],
    paths: SourcePaths,
    tmp_path: Path,
) -> None:
    knowledge = make_knowledge_dir(tmp_path / "knowledge")
    (knowledge / "careers").mkdir()
    for name in ("industrial-production-managers.yaml", "actors.yaml"):
        shutil.copy(built[0] / "careers" / name, knowledge / "careers" / name)
    before = snapshot(knowledge / "careers")
    broken, culprit = breaker(paths, tmp_path, knowledge)

    with pytest.raises(SourceDataError) as caught:
        build_knowledge(broken, knowledge)

    assert caught.value.file == str(culprit)
    assert problem in caught.value.problem
    assert str(culprit) in str(caught.value)
    assert snapshot(knowledge / "careers") == before
    assert sorted(p.name for p in knowledge.iterdir() if p.name.startswith(".")) == []


# --- what the package may import ----------------------------------------------------------------

BUILD = REPO / "bot" / "build"


def test_the_build_imports_only_the_core_model_yaml_us_and_the_standard_library() -> None:
    files = sorted(BUILD.glob("*.py"))
    assert len(files) > 10
    for file in files:
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                allowed = (
                    top in sys.stdlib_module_names
                    or top in ("yaml", "us")
                    or name in ("bot.knowledge", "bot.build", "bot.words", "bot.local")
                    or name.startswith("bot.build.")
                )
                assert allowed, f"{file.name} imports {name}"


def test_building_loads_no_part_of_the_bot() -> None:
    probe = (
        "import importlib, pkgutil, sys\n"
        "import bot.build\n"
        "for module in pkgutil.iter_modules(bot.build.__path__):\n"
        "    importlib.import_module('bot.build.' + module.name)\n"
        "banned = ('telegram', 'starlette', 'uvicorn', 'redis', 'bot.understanding', 'bot.dialogue')\n"
        "print(sum(m.startswith('bot.build.') for m in sys.modules))\n"
        "print(sorted(m for m in sys.modules if m.startswith(banned)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True
    )
    loaded, banned = result.stdout.splitlines()
    assert int(loaded) > 10
    assert banned == "[]"
