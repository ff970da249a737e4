"""The build: ``knowledge/careers/`` from the official source files.

One YAML file is written per detailed occupation of BLS OEWS (display level 3 of its
``occupation`` table), in the schema of :mod:`bot.knowledge`, from:

- BLS OEWS May 2025 (``oews-2025.sqlite.gz`` or the unzipped ``.sqlite``): national employment,
  the industries employing the most, hourly and annual wages;
- BLS Employment Projections 2024-34 (Table 1.2 as CSV): employment then and ten years on,
  change, annual openings, typical entry education, work experience and on-the-job training;
- O*NET 29.3 (a directory of its tab-separated files, either the ``*.tsv`` names of
  ``../shared/data`` or O*NET's own ``db_29_3_text`` names such as ``Occupation Data.txt``):
  description, core tasks, job zone, alternate and reported titles, related occupations;
- NCES CIP 2020 to SOC 2018 crosswalk and CIP 2020 titles: the college programmes;

and the hand-curated content of ``knowledge/curated/`` (:mod:`bot.build.curated`). From the
OEWS database it also writes ``knowledge/areas.yaml`` (:mod:`bot.build.areas`) and each
career's figures by area, ``knowledge/local/<id>.csv`` (:mod:`bot.build.local_figures`).

Output is deterministic: the same input gives byte-identical files. They are written to a
temporary directory beside ``careers/``, validated with :func:`bot.knowledge.load_career`, then
swapped in; on any problem the existing ``careers/`` is left untouched and
:class:`~bot.build.tables.SourceDataError` names the file and what is wrong with it.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.build.aliases import resolve_aliases
from bot.build.areas import dump_areas
from bot.build.careers import (
    SOURCE_CIP,
    SOURCE_OEWS,
    SOURCE_ONET,
    SOURCE_PROJECTIONS,
    Report,
    all_occupations,
    assemble_career,
)
from bot.build.cip import read_programmes
from bot.build.curated import Curated, read_curated
from bot.build.local_figures import LocalCells, read_local_cells, write_local
from bot.build.matching import Sources, match_sources
from bot.build.oews import read_oews
from bot.build.onet import read_onet
from bot.build.projections import read_projections
from bot.build.tables import SourceDataError
from bot.build.yaml_dump import Flow, dump_career, dump_yaml
from bot.knowledge import (
    ALL_OCCUPATIONS_FILE,
    MAX_ID_LENGTH,
    SHARED_NAMES_FILE,
    KnowledgeError,
    Source,
    load_career,
    load_groups,
    load_intents,
    load_links,
    load_sources,
)
from bot.local import AREAS_FILE, LOCAL_DIR, load_areas, validate_local
from bot.words import ShortForms, root, stem

Progress = Callable[[str], None]


@dataclass(frozen=True)
class SourcePaths:
    """Where the source files are; see ``../shared/data/README.md``."""

    oews: Path  # the .sqlite.gz or an unzipped .sqlite
    projections: Path  # Table 1.2 as CSV
    onet: Path  # directory of O*NET tab-separated files
    crosswalk: Path  # CIP2020_SOC2018_Crosswalk.csv
    cip: Path  # CIPCode2020.csv

    @classmethod
    def from_data_dir(cls, data_dir: Path) -> SourcePaths:
        """The layout of ``../shared/data``."""
        oews = data_dir / "bls_oews_may2025" / "oews-2025.sqlite.gz"
        if not oews.exists() and oews.with_suffix("").exists():
            oews = oews.with_suffix("")
        nces = data_dir / "nces_cip2020_soc2018"
        return cls(
            oews=oews,
            projections=data_dir
            / "bls_projections_2024-34"
            / "table_1.2_occupational_projections_2024-34.csv",
            onet=data_dir / "onet_29.3",
            crosswalk=nces / "CIP2020_SOC2018_Crosswalk.csv",
            cip=nces / "CIPCode2020.csv",
        )


@dataclass(frozen=True)
class ImportSummary:
    careers_written: int
    careers_dir: Path
    curated: tuple[str, ...]  # curated files merged
    missing: Mapping[str, tuple[str, ...]]  # "field: why" -> SOC codes without it
    notes: Mapping[str, tuple[str, ...]]  # "field: how" -> SOC codes whose figure is indirect
    areas: int = 0  # areas in areas.yaml
    local_rows: int = 0  # rows of local/*.csv: careers' figures in an area


def build_knowledge(
    paths: SourcePaths,
    knowledge_dir: Path,
    *,
    progress: Progress | None = None,
) -> ImportSummary:
    """Generate ``knowledge_dir/careers/`` from the sources; see the module docstring."""
    say = progress or (lambda _message: None)
    sources, links, groups = _load_knowledge_parts(knowledge_dir)
    src, curated = _read_sources(paths, knowledge_dir / "curated", sources, say)
    careers = src.oews.titles
    # Read before anything is written: a bad area table leaves the whole knowledge base as it was.
    say("reading OEWS areas…")
    cells = read_local_cells(paths.oews, careers, src.oews.top_code)
    for soc in careers:
        if soc[:2] + "-0000" not in groups:
            raise SourceDataError(
                paths.oews, f"{soc}: major group {soc[:2]}-0000 is not in groups.yaml"
            )
    say("matching aliases…")
    aliases = resolve_aliases(src, curated, _name_words(knowledge_dir))
    ids = career_ids(careers)
    report = Report()
    target = knowledge_dir / "careers"
    with _replacing(target) as staging:
        total = len(careers)
        for n, soc in enumerate(sorted(careers), start=1):
            entry = curated.get(soc)
            career = assemble_career(soc, ids[soc], src, aliases.by_career[soc], entry, report)
            (staging / f"{ids[soc]}.yaml").write_bytes(dump_career(_header(sources, entry), career))
            if n % 100 == 0 or n == total:
                say(f"writing careers {n}/{total}…")
        say("validating…")
        by_file = {f"{ids[soc]}.yaml": entry for soc, entry in curated.items()}
        _validate(staging, target, sources, links, by_file)
    _write_shared_names(knowledge_dir / SHARED_NAMES_FILE, sources, aliases.shared)
    _write_all_occupations(knowledge_dir / ALL_OCCUPATIONS_FILE, sources, all_occupations(src))
    _write_places(paths.oews, knowledge_dir, cells, careers, ids, sources[SOURCE_OEWS], say)
    say("done.")
    return ImportSummary(
        careers_written=len(careers),
        careers_dir=target,
        curated=tuple(entry.file.name for _, entry in sorted(curated.items())),
        missing={k: tuple(v) for k, v in sorted(report.missing.items())},
        notes={k: tuple(v) for k, v in sorted(report.notes.items())},
        areas=len(cells.areas),
        local_rows=cells.rows,
    )


def _write_places(
    oews: Path,
    knowledge_dir: Path,
    cells: LocalCells,
    titles: Mapping[str, str],
    ids: Mapping[str, str],
    source: Source,
    say: Progress,
) -> None:
    """``areas.yaml`` and ``local/``, validated as the bot reads them, then swapped in."""
    say("writing local figures…")
    areas_file = knowledge_dir / AREAS_FILE
    staged = areas_file.with_name(f".{areas_file.name}.new")
    header = (
        f"# Generated by `careerbot build-knowledge` from {source.short} {source.release}: every "
        "state-level area and\n# metropolitan or nonmetropolitan area, by its 7-digit OEWS area "
        "code.\n# Do not edit: everyday names of places are curated in place-names.yaml.\n"
    )
    staged.write_bytes(dump_areas(header, cells.areas))
    try:
        with _replacing(knowledge_dir / LOCAL_DIR) as staging:
            write_local(staging, cells, ids, titles, f"{source.short} {source.release}")
            try:
                validate_local(staging, load_areas(staged), set(ids.values()))
            except KnowledgeError as exc:
                raise SourceDataError(oews, f"gives invalid local figures: {exc}") from None
        staged.replace(areas_file)
    finally:
        staged.unlink(missing_ok=True)


def _write_shared_names(
    file: Path, sources: Mapping[str, Source], shared: Mapping[str, list[str]]
) -> None:
    """The names no career dominates, each with its careers, likeliest first; written whole."""
    header = (
        f"# Generated by `careerbot build-knowledge` from {sources[SOURCE_OEWS].short} "
        f"{sources[SOURCE_OEWS].release} and {sources[SOURCE_ONET].short} "
        f"{sources[SOURCE_ONET].release}.\n"
        "# Names several careers give, none clearly the one meant (the rule: bot/build/aliases.py"
        "):\n# the bot asks which one, offering them in this order, the likeliest first.\n"
    )
    temporary = file.with_name(f".{file.name}.new")
    temporary.write_bytes(dump_yaml(header, {k: Flow(v) for k, v in shared.items()}))
    temporary.replace(file)


def _write_all_occupations(
    file: Path, sources: Mapping[str, Source], figures: dict[str, Any] | None
) -> None:
    """The national all-occupations figures, the finder's measure of "well paid"."""
    if figures is None:
        file.unlink(missing_ok=True)
        return
    header = (
        f"# Generated by `careerbot build-knowledge` from {sources[SOURCE_OEWS].short} "
        f"{sources[SOURCE_OEWS].release}: all occupations (SOC 00-0000),\n# nationwide, all "
        "industries. The finder's “well paid” is a median above this median. Do not edit.\n"
    )
    temporary = file.with_name(f".{file.name}.new")
    temporary.write_bytes(dump_yaml(header, figures))
    temporary.replace(file)


def _name_words(knowledge_dir: Path) -> Callable[[str], frozenset[str]]:
    """A name's words as the bot reads them: short forms spelt out, plurals and forms folded."""
    try:
        _, phrasing = load_intents(knowledge_dir / "intents.yaml")
    except KnowledgeError as exc:
        raise SourceDataError(
            exc.file, f"{exc.field}: {exc.problem}" if exc.field else exc.problem
        ) from None
    short_forms = ShortForms.of(phrasing.synonyms, phrasing.acronyms)
    return lambda text: frozenset(root(stem(w)) for w in short_forms.expand(text))


def _load_knowledge_parts(
    knowledge_dir: Path,
) -> tuple[dict[str, Source], dict[str, Any], set[str]]:
    """The sources, college links and major groups the careers refer to."""
    try:
        sources = load_sources(knowledge_dir / "sources.yaml")
        links = load_links(knowledge_dir / "links.yaml")
        groups = {g.code for g in load_groups(knowledge_dir / "groups.yaml")}
    except KnowledgeError as exc:
        raise SourceDataError(
            exc.file, f"{exc.field}: {exc.problem}" if exc.field else exc.problem
        ) from None
    for source_id in (SOURCE_OEWS, SOURCE_PROJECTIONS, SOURCE_ONET, SOURCE_CIP):
        if source_id not in sources:
            raise SourceDataError(knowledge_dir / "sources.yaml", f"has no source {source_id!r}")
    return sources, dict(links), groups


def _read_sources(
    paths: SourcePaths, curated_dir: Path, sources: Mapping[str, Source], say: Progress
) -> tuple[Sources, dict[str, Curated]]:
    """Every source file and the curated content, read and checked, codes matched."""
    say(f"reading OEWS ({paths.oews.name})…")
    oews = read_oews(paths.oews)
    _check_release(paths.oews, "OEWS data for", oews.year, sources[SOURCE_OEWS])
    if not oews.year:  # a database without a meta table: trust sources.yaml
        oews = dataclasses.replace(oews, year=sources[SOURCE_OEWS].year)
    say(f"reading Employment Projections ({paths.projections.name})…")
    projections = read_projections(paths.projections)
    _check_release(paths.projections, "projections from", projections.start_year,
                   sources[SOURCE_PROJECTIONS])  # fmt: skip
    say(f"reading O*NET ({paths.onet})…")
    onet = read_onet(paths.onet)
    say(f"reading the CIP-SOC crosswalk ({paths.crosswalk.name}, {paths.cip.name})…")
    programmes = read_programmes(paths.crosswalk, paths.cip)
    say("reading curated content…")
    curated = read_curated(curated_dir, oews.titles)
    return match_sources(oews, projections, onet, programmes), curated


def _check_release(file: Path, what: str, year: int, source: Source) -> None:
    if year and year != source.year:
        raise SourceDataError(
            file,
            f"holds {what} {year}, but sources.yaml describes {source.id!r} as {source.release}: "
            "update sources.yaml and the importer's source ids for a new release",
        )


def _slug(title: str, limit: int = MAX_ID_LENGTH) -> str:
    """Lower-case words joined by '-', cut at a word boundary to at most ``limit``."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = ""
    for word in re.findall(r"[a-z0-9]+", text.lower()):
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit:
            break
        slug = candidate
    return slug or "career"


def career_ids(titles: Mapping[str, str]) -> dict[str, str]:
    """SOC -> unique id; a clash keeps the slug for the lower SOC and suffixes the others."""
    ids: dict[str, str] = {}
    for soc in sorted(titles):
        slug = _slug(titles[soc])
        if slug in ids.values():
            suffix = "-" + soc.replace("-", "")
            slug = _slug(titles[soc], MAX_ID_LENGTH - len(suffix)) + suffix
        ids[soc] = slug
    return ids


def _header(sources: Mapping[str, Source], curated: Curated | None) -> str:
    """The comment lines that open a generated file."""
    ids = (SOURCE_OEWS, SOURCE_PROJECTIONS, SOURCE_ONET, SOURCE_CIP)
    names = "; ".join(f"{sources[s].short} {sources[s].release}" for s in ids)
    lines = [
        f"# Generated by `careerbot build-knowledge` from {names}.",
        "# Do not edit: put hand-curated content in knowledge/curated/, merged on every build.",
    ]
    if curated is not None:
        lines.append(f"# Includes the curated content of knowledge/curated/{curated.file.name}.")
    return "\n".join(lines) + "\n"


def _validate(
    staging: Path,
    target: Path,
    sources: Mapping[str, Source],
    links: Mapping[str, Any],
    curated_by_file: Mapping[str, Curated],
) -> None:
    """Load every written career as the bot will; a problem names the curated file that caused
    it, else the career file it would have been."""
    for file in sorted(staging.glob("*.yaml")):
        try:
            load_career(file, sources, links)
        except KnowledgeError as exc:
            entry = curated_by_file.get(file.name)
            where = entry.file if entry is not None else target / file.name
            problem = f"{exc.field}: {exc.problem}" if exc.field else exc.problem
            raise SourceDataError(where, f"gives an invalid career: {problem}") from None


@contextmanager
def _replacing(target: Path) -> Iterator[Path]:
    """A new, empty directory beside ``target`` that replaces it when the block succeeds; on any
    error (or interrupt) it is removed and ``target`` stays as it was."""
    staging = target.parent / f".{target.name}-new"
    retired = target.parent / f".{target.name}-old"
    if retired.exists() and not target.exists():  # a previous build stopped mid-swap
        retired.rename(target)
    for leftover in (staging, retired):
        if leftover.exists():
            shutil.rmtree(leftover)
    staging.mkdir(parents=True)
    try:
        yield staging
        if target.exists():
            target.rename(retired)
        staging.rename(target)
    except BaseException:
        if staging.exists():
            shutil.rmtree(staging)
        if retired.exists() and not target.exists():
            retired.rename(target)
        raise
    if retired.exists():
        shutil.rmtree(retired)
