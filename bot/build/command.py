"""``careerbot build-knowledge``: its options, running it, and the summary it prints."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from bot.build.knowledge_build import ImportSummary, SourcePaths, build_knowledge
from bot.build.tables import SourceDataError

_REPO = Path(__file__).resolve().parents[2]
SUMMARY_CODES = 8  # SOC codes listed per kind of missing field before "… and N more"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``careerbot build-knowledge``."""
    parser.add_argument(
        "--data", type=Path, default=_REPO.parent / "shared" / "data", metavar="DIR",
        help="directory laid out like ../shared/data (default: %(default)s)",
    )  # fmt: skip
    for name, what in (
        ("oews", "OEWS database (.sqlite.gz or .sqlite)"),
        ("projections", "Employment Projections Table 1.2 (CSV)"),
        ("onet", "directory of O*NET text files"),
        ("crosswalk", "CIP2020_SOC2018_Crosswalk.csv"),
        ("cip", "CIPCode2020.csv"),
    ):
        parser.add_argument(
            f"--{name}", type=Path, metavar="PATH", help=f"{what}, instead of the one in --data"
        )
    parser.add_argument(
        "--knowledge", type=Path, default=_REPO / "knowledge", metavar="DIR",
        help="knowledge directory whose careers/ is rebuilt (default: %(default)s)",
    )  # fmt: skip


def run(args: argparse.Namespace) -> int:
    """Run ``careerbot build-knowledge``: 0 on success, 2 when a source file is bad."""
    started = time.monotonic()

    def progress(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    try:
        summary = build_knowledge(_paths(args), args.knowledge, progress=progress)
    except SourceDataError as exc:
        print(f"careerbot: {exc}", file=sys.stderr)
        return 2
    print(format_summary(summary))
    print(f"took {time.monotonic() - started:.1f} s")
    return 0


def format_summary(summary: ImportSummary) -> str:
    """The summary ``careerbot build-knowledge`` prints."""
    lines = [f"wrote {summary.careers_written} careers to {summary.careers_dir}"]
    if summary.curated:
        lines.append(f"merged curated content: {', '.join(summary.curated)}")
    for heading, entries in (("missing", summary.missing), ("indirect", summary.notes)):
        if entries:
            lines.append(f"{heading}:")
            lines += [f"  {what} ({len(socs)}): {_codes(socs)}" for what, socs in entries.items()]
    if not summary.missing:
        lines.append("missing: nothing")
    if summary.areas:
        local = summary.careers_dir.parent / "local"
        lines.append(
            f"wrote {summary.areas} areas and {summary.local_rows:,} local figures to {local}"
        )
    return "\n".join(lines)


def _paths(args: argparse.Namespace) -> SourcePaths:
    defaults = SourcePaths.from_data_dir(args.data)
    return SourcePaths(
        oews=args.oews or defaults.oews,
        projections=args.projections or defaults.projections,
        onet=args.onet or defaults.onet,
        crosswalk=args.crosswalk or defaults.crosswalk,
        cip=args.cip or defaults.cip,
    )


def _codes(socs: Sequence[str]) -> str:
    shown = ", ".join(socs[:SUMMARY_CODES])
    more = len(socs) - SUMMARY_CODES
    return f"{shown}, … and {more} more" if more > 0 else shown
