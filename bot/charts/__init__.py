"""Charts: pictures of answers (pay ranges, comparisons, a map of the states).

What a chart shows is pure data (:mod:`.model`), made from the knowledge base and the local
figures (:mod:`.figures`), so tests compare it with the knowledge base, not pixels. Drawing it
(:mod:`.drawing`) needs matplotlib, which is imported only when a chart is drawn: importing this
package, or starting the bot, does not load it. May import :mod:`bot.knowledge`,
:mod:`bot.local`, :mod:`bot.answers`, :mod:`bot.local_answers`, :mod:`bot.replies`; never a
transport.
"""

from __future__ import annotations

from pathlib import Path

from bot.charts.model import Chart, MapChart, PayChart, Range, Tile, key

__all__ = ["Chart", "MapChart", "PayChart", "Range", "Tile", "key", "render", "write"]


def render(chart: Chart) -> bytes:
    """The chart as PNG bytes: the same chart, the same bytes."""
    from bot.charts import drawing  # matplotlib, loaded on the first chart only

    return drawing.png(chart)


def write(chart: Chart, directory: Path, name: str | None = None) -> Path:
    """Draw the chart into `directory` (as `name`, else the chart's own file name); its path."""
    path = directory / (name or f"{chart.name}.png")
    path.write_bytes(render(chart))
    return path
