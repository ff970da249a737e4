"""Start-up benchmark: load and index the whole knowledge base, cold and from the compiled cache.

Each measurement runs in a fresh Python process (so imports, the cache and memory are real) and
reports wall time and peak resident memory (ru_maxrss). Usage:

    .venv/bin/python benchmarks/startup.py [--runs 5] [--knowledge knowledge]
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
import json, resource, sys, time
start = time.perf_counter()
from bot.index_cache import load_understanding
knowledge, understanding = load_understanding(sys.argv[1])
elapsed = time.perf_counter() - start
understanding.interpret("what does a production manager earn")
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": elapsed, "rss_mb": rss, "careers": len(knowledge.careers)}))
"""


def _measure(knowledge: Path, cache: Path) -> dict[str, float]:
    env = {"CAREERBOT_CACHE": str(cache), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(knowledge)],
        capture_output=True, text=True, check=True, cwd=ROOT, env=env,
    )  # fmt: skip
    result: dict[str, float] = json.loads(out.stdout)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--knowledge", type=Path, default=ROOT / "knowledge")
    args = parser.parse_args()
    rows = []
    for run in range(args.runs):
        with tempfile.TemporaryDirectory() as cache:
            cold = _measure(args.knowledge, Path(cache))  # parses YAML, builds index, writes cache
            warm = _measure(args.knowledge, Path(cache))  # loads the compiled cache
        rows.append((cold, warm))
        print(
            f"run {run + 1}: cold {cold['seconds']:.2f} s, {cold['rss_mb']:.0f} MB; "
            f"cached {warm['seconds']:.2f} s, {warm['rss_mb']:.0f} MB "
            f"({int(warm['careers'])} careers)"
        )
    for label, index in (("cold (no cache)", 0), ("from cache", 1)):
        seconds = statistics.median(r[index]["seconds"] for r in rows)
        rss = statistics.median(r[index]["rss_mb"] for r in rows)
        print(f"median {label}: {seconds:.2f} s, peak RSS {rss:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
