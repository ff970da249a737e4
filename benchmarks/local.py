"""Local figures benchmark: one career's figures read on first use, then looked up.

Each run is a fresh Python process that starts as the bot does (the knowledge base and its
index from the compiled cache, which the first run writes), then measures: loading
``areas.yaml``; the first read of one career's ``local/<id>.csv`` (cold for the process; the
file itself is in the operating system's page cache after the first run); ``get()`` of that
career in random areas (warm, p50 and p99); and resident memory after start-up, after the
first career, and with the cache full of the largest careers (and its peak, ru_maxrss). Usage:

    .venv/bin/python benchmarks/local.py [--runs 5] [--career registered-nurses]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_CHILD = r"""
import json, random, resource, sys, time
from pathlib import Path

def rss():  # resident memory now (Linux's /proc) and at its peak (ru_maxrss), in MB
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    now = pages * resource.getpagesize() / 2**20
    return now, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

root, career = Path(sys.argv[1]), sys.argv[2]
from bot.index_cache import load_understanding
load_understanding(root)
started = rss()
begin = time.perf_counter()
from bot.local import CACHED_CAREERS, LocalFigures, load_areas
areas = load_areas(root / "areas.yaml")
local = LocalFigures(root, areas)
areas_s = time.perf_counter() - begin
begin = time.perf_counter()
rows = len(local.for_career(career))
cold_s = time.perf_counter() - begin
one = rss()
codes, pick, took = list(areas), random.Random(5), []
for _ in range(20000):
    code = pick.choice(codes)
    begin = time.perf_counter_ns()
    local.get(career, code)
    took.append(time.perf_counter_ns() - begin)
took.sort()
files = sorted((root / "local").glob("*.csv"), key=lambda f: -f.stat().st_size)
for file in files[:CACHED_CAREERS]:
    local.for_career(file.stem)
print(json.dumps({
    "areas_ms": areas_s * 1000, "cold_ms": cold_s * 1000, "rows": rows,
    "p50_us": took[len(took) // 2] / 1000, "p99_us": took[len(took) * 99 // 100] / 1000,
    "rss_start": started[0], "rss_one": one[0], "rss_full": rss()[0], "peak": rss()[1],
    "cached": CACHED_CAREERS,
}))
"""


def _measure(knowledge: Path, career: str, cache: Path) -> dict[str, float]:
    env = {"CAREERBOT_CACHE": str(cache), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(knowledge), career],
        capture_output=True, text=True, check=True, cwd=ROOT, env=env,
    )  # fmt: skip
    result: dict[str, float] = json.loads(out.stdout)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--knowledge", type=Path, default=ROOT / "knowledge")
    parser.add_argument("--career", default="registered-nurses")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as cache:
        _measure(args.knowledge, args.career, Path(cache))  # writes the index cache
        for run in range(args.runs):
            row = _measure(args.knowledge, args.career, Path(cache))
            rows.append(row)
            print(
                f"run {run + 1}: areas.yaml {row['areas_ms']:.0f} ms; {args.career} "
                f"({int(row['rows'])} areas) {row['cold_ms']:.1f} ms; get p50 "
                f"{row['p50_us']:.2f} µs, p99 {row['p99_us']:.2f} µs; RSS "
                f"{row['rss_start']:.0f} MB started, {row['rss_one']:.0f} MB with one career, "
                f"{row['rss_full']:.0f} MB with the {int(row['cached'])} largest "
                f"(peak {row['peak']:.0f} MB)"
            )
    print(
        "median: " + ", ".join(f"{k} {statistics.median(r[k] for r in rows):.2f}" for k in rows[0])
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
