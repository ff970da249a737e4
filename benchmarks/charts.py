"""Chart benchmark: how long a chart takes to draw once warm, and the memory the first adds.

Each run is a fresh Python process (cwd: the repository, so its `bot` is imported) that loads
the bot as `careerbot run` does, measures resident memory (VmRSS) and the peak (VmHWM), draws
one chart (matplotlib imported then), measures again, then draws, warm, each chart of a set:
pay ranges, pay in a place, comparisons and maps of the states, for careers across the SOC
groups. It reports the p50 and p95 of drawing (data included) per kind and overall. Usage:

    .venv/bin/python benchmarks/charts.py [--runs 3] [--careers 24]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_CHILD = r"""
import json, sys, time
from pathlib import Path

def memory():
    status = dict(line.split(":", 1) for line in open("/proc/self/status"))
    return [int(status[k].split()[0]) / 1024 for k in ("VmRSS", "VmHWM")]

from bot.__main__ import _advisor
from bot.charts import figures, render
advisor = _advisor(Path("knowledge"))
knowledge, local = advisor.knowledge, advisor.local
careers = [c for c in knowledge.careers if figures.unit_of(figures.today(c))]
step = max(1, len(careers) // int(sys.argv[1]))
chosen = careers[::step][: int(sys.argv[1])]
texas = local.areas["4800000"]
first = figures.pay_chart(chosen[0], knowledge, local, None)
before = memory()
t = time.perf_counter()
render(first)
cold = time.perf_counter() - t
after = memory()
makers = {
    "pay": lambda c, i: figures.pay_chart(c, knowledge, local, None),
    "pay in a place": lambda c, i: figures.pay_chart(c, knowledge, local, texas),
    "comparison": lambda c, i: figures.comparison_chart(chosen[i : i + 3], knowledge, local, None),
    "map": lambda c, i: figures.places_chart(c, local),
}
times = {kind: [] for kind in makers}
for i, career in enumerate(chosen):
    for kind, make in makers.items():
        t = time.perf_counter()
        chart = make(career, i)
        if chart is not None:
            render(chart)
            times[kind].append(time.perf_counter() - t)
print(json.dumps({"before": before, "after": after, "cold": cold, "times": times}))
"""


def _run(careers: int) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(careers)],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )  # fmt: skip
    result: dict[str, object] = json.loads(done.stdout)
    return result


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--careers", type=int, default=24, help="careers drawn, per kind")
    args = parser.parse_args()
    added, peaks, colds = [], [], []
    every: dict[str, list[float]] = {}
    for run in range(args.runs):
        result = _run(args.careers)
        before, after = result["before"], result["after"]
        assert isinstance(before, list) and isinstance(after, list)
        added.append(after[0] - before[0])
        peaks.append(after[1] - before[1])
        cold = float(result["cold"])  # type: ignore[arg-type]
        colds.append(cold)
        times = result["times"]
        assert isinstance(times, dict)
        for kind, values in times.items():
            every.setdefault(kind, []).extend(values)
        print(
            f"run {run + 1}: RSS {before[0]:.0f} -> {after[0]:.0f} MB (+{added[-1]:.0f}), "
            f"peak +{peaks[-1]:.0f} MB; first chart {cold * 1000:.0f} ms"
        )
    print(f"memory added by the first chart, median of {args.runs}: {statistics.median(added):.0f}"
          f" MB (peak +{statistics.median(peaks):.0f} MB); first chart "
          f"{statistics.median(colds) * 1000:.0f} ms")  # fmt: skip
    for kind, values in [*every.items(), ("all", [v for vs in every.values() for v in vs])]:
        print(
            f"{kind:>15}: p50 {_quantile(values, 0.5) * 1000:4.0f} ms, "
            f"p95 {_quantile(values, 0.95) * 1000:4.0f} ms ({len(values)} charts)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
