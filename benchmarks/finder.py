"""Finder benchmark: how long a finder answer takes, over all 830 careers.

Loads the bot as it starts (knowledge base and index from the compiled cache), then answers
the finder questions of the dev evaluation files (`tests/eval/finder-dev*.yaml`) through the
same `Advisor.reply` the bot uses, several rounds each, and reports p50 and p99:

- nationwide questions (every career filtered and ranked);
- questions naming a place, warm (the place's figures already read);
- the first question in a place (cold: every career's file read for that place's row).

Usage:

    .venv/bin/python benchmarks/finder.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.dialogue import Advisor, ChatState  # noqa: E402
from bot.index_cache import load_understanding  # noqa: E402
from bot.local import AREAS_FILE, LocalFigures, load_areas  # noqa: E402
from bot.understanding.language import warm_up  # noqa: E402


def _questions() -> tuple[list[str], list[str]]:
    """The finder questions of the dev files: those naming no place, and those naming one."""
    national: list[str] = []
    local: list[str] = []
    for file in sorted((ROOT / "tests" / "eval").glob("finder-dev*.yaml")):
        for item in yaml.safe_load(file.read_text(encoding="utf-8"))["questions"]:
            found = item.get("find")
            if item.get("intent") == "find" and not found.get("guided"):
                (local if found.get("place") else national).append(item["q"])
    return national, local


def _timed(
    advisor: Advisor, questions: list[str], rounds: int, *, warm: bool = False
) -> list[float]:
    """Milliseconds of each answer; with `warm`, each question is asked once untimed first
    (its place's figures read)."""
    took = []
    for _ in range(rounds):
        for question in questions:
            if warm:
                advisor.reply(ChatState(), question)
            start = time.perf_counter()
            advisor.reply(ChatState(), question)
            took.append((time.perf_counter() - start) * 1000)
    return sorted(took)


def _cell(took: list[float]) -> str:
    p99 = took[min(len(took) - 1, len(took) * 99 // 100)]
    return f"{statistics.median(took):.2f} / {p99:.2f} ms ({len(took)} answers)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    root = ROOT / "knowledge"
    knowledge, understanding = load_understanding(root)
    advisor = Advisor(knowledge, understanding, LocalFigures(root, load_areas(root / AREAS_FILE)))
    national, local = _questions()
    warm_up()  # the language detector loads on first need: measured warm, as a bot runs
    _timed(advisor, national[:20], 1)
    cold = []
    for question in local:  # the first answer in each place reads the place's rows
        start = time.perf_counter()
        advisor.reply(ChatState(), question)
        cold.append((time.perf_counter() - start) * 1000)
    print(f"finder answer, p50 / p99, over {len(knowledge.careers)} careers:")
    print(f"  nationwide             {_cell(_timed(advisor, national, args.rounds))}")
    print(f"  in a place, warm       {_cell(_timed(advisor, local, args.rounds, warm=True))}")
    print(f"  in a place, first time {_cell(sorted(cold))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
