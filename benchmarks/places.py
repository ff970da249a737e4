"""Places benchmark: what places add to reading a question and to answering it.

Starts as the bot does (knowledge base and index from the compiled cache), then measures, over
the questions of the evaluation files (several passes, so each is measured warm):

- understanding alone (`Understanding.interpret`, the place reader included), p50 and p99;
- the place reader alone (`PlaceIndex.read`);
- a local answer against the national one for the same career and topic: pay and employment
  in each question's place (cold: the career's file read for the first time, and warm).

Usage: .venv/bin/python benchmarks/places.py [--passes 5] [FILE ...]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from bot.__main__ import _advisor
from bot.answers import answer
from bot.evaluation import load_cases
from bot.local_answers import answer_in

ROOT = Path(__file__).resolve().parent.parent
FILES = ("tests/eval/test.yaml", "tests/eval/places-dev.yaml", "tests/eval/places-test.yaml")


def _ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
    return f"p50 {statistics.median(ordered) * 1000:.3f} ms, p99 {p99 * 1000:.3f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("files", nargs="*", default=list(FILES))
    args = parser.parse_args()
    advisor = _advisor(ROOT / "knowledge")
    understanding, local = advisor.understanding, advisor.local
    assert local is not None and understanding.places is not None
    texts = [case.q for f in args.files for case in load_cases(ROOT / f)[0]]
    understanding.interpret("warm up")
    reading, places = [], []
    for _ in range(args.passes):
        for text in texts:
            start = time.perf_counter()
            understanding.interpret(text)
            reading.append(time.perf_counter() - start)
            start = time.perf_counter()
            understanding.places.read(text, understanding._known_word, understanding._everyday)
            places.append(time.perf_counter() - start)
    print(f"{len(texts)} questions × {args.passes} passes")
    print(f"understanding (places included): {_ms(reading)}")
    print(f"place reader alone:             {_ms(places)}")
    # Local answers: each question that names a place and a career, pay and employment there.
    pairs = []
    for text in texts:
        got = understanding.interpret(text)
        if got.candidates and len(got.place.areas) == 1 and got.place.areas[0] in local.areas:
            pairs.append((got.candidates[0].career_id, local.areas[got.place.areas[0]]))
    careers = {c.id: c for c in advisor.knowledge.careers}
    for label, passes in (("cold (first read of a career)", 1), ("warm", args.passes)):
        added = []
        for run in range(passes):
            for career_id, area in pairs:
                career = careers[career_id]
                if label.startswith("cold") and run == 0:
                    local._text.cache_clear()
                for topic in ("salary", "employment"):
                    start = time.perf_counter()
                    answer(career, topic, advisor.knowledge)
                    national = time.perf_counter() - start
                    start = time.perf_counter()
                    answer_in(career, topic, advisor.knowledge, local, area)
                    added.append(max(0.0, time.perf_counter() - start - national))
                if label.startswith("cold"):
                    local._text.cache_clear()
        print(f"a local answer adds, {label}: {_ms(added)} ({len(pairs)} questions)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
