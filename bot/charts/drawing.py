"""Charts drawn with matplotlib's Agg canvas (no pyplot, no GUI, no global figure state).

Readable on a phone: 1280 px wide, text of 15 pt and more. Colour-blind safe: viridis, whose
colours differ in lightness as well as hue, and every value is also written. The same chart
gives the same bytes: a fixed size and dpi, no timestamp or software name in the PNG.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable

from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PatchCollection
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.image import AxesImage
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.textpath import TextPath
from matplotlib.ticker import FuncFormatter
from matplotlib.transforms import Affine2D

from bot.charts.model import Chart, MapChart, PayChart, Range, Tile, Unit
from bot.charts.tiles import COLUMNS, ROWS

WIDTH_INCHES, DPI = 12.8, 100  # 1280 px wide
TITLE, TEXT, SMALL = 24, 17, 15  # points
INK, FAINT = "#1f2430", "#6b7280"
BOX = colormaps["viridis"](0.55)  # teal: light enough for black median marks, dark for white
CMAP = colormaps["viridis"]
NONE_FILL, NONE_EDGE = "#f3f4f6", "#9ca3af"  # a state BLS published nothing for: hatched grey
ROW_INCHES = 1.45  # a pay range with its labels
_WRAP = 60  # characters of a title line


def png(chart: Chart) -> bytes:
    """The chart as PNG bytes."""
    figure = _map(chart) if isinstance(chart, MapChart) else _pay(chart)
    FigureCanvasAgg(figure)
    out = io.BytesIO()
    # zlib level 3: a tenth larger than the default 6 and 60 ms quicker for a map.
    figure.savefig(out, format="png", dpi=DPI, metadata={"Software": None},
                   pil_kwargs={"compress_level": 3})  # fmt: skip
    return out.getvalue()


def money_label(value: float, unit: Unit, at_least: bool = False) -> str:
    text = f"${value:,.0f}" if unit == "year" else f"${value:,.2f}"
    return f"≥ {text}" if at_least else text


def short_money(value: float, unit: Unit, at_least: bool = False) -> str:
    """$81k a year, $38.90 an hour: what fits a tile."""
    text = f"${value / 1000:,.0f}k" if unit == "year" else f"${value:,.2f}"
    return f"≥{text}" if at_least else text


def _heading(figure: Figure, title: str, subtitle: str, height: float) -> float:
    """Title and subtitle at the top; the height they take, in inches."""
    lines = textwrap.wrap(title, _WRAP)
    top = 1 - 0.25 / height
    figure.text(0.025, top, "\n".join(lines), fontsize=TITLE, weight="bold", color=INK, va="top",
                parse_math=False)  # fmt: skip
    used = 0.25 + 0.45 * len(lines)
    figure.text(0.025, 1 - used / height, subtitle, fontsize=TEXT, color=FAINT, va="top",
                parse_math=False)  # fmt: skip
    return used + 0.45


def _footer(figure: Figure, lines: list[str], height: float) -> None:
    for i, text in enumerate(reversed(lines)):
        figure.text(0.025, (0.22 + 0.32 * i) / height, text, fontsize=SMALL, color=FAINT,
                    parse_math=False)  # fmt: skip


# --- pay ranges ----------------------------------------------------------------------------


def _pay(chart: PayChart) -> Figure:
    rows = len(chart.ranges)
    foot = [chart.source, *chart.notes]
    if chart.reference is not None:
        foot[0] += f" · dashed line: {chart.reference_label}"
    foot = [line for text in foot for line in textwrap.wrap(text, 110)]
    head_guess = 0.7 + 0.45 * len(textwrap.wrap(chart.title, _WRAP)) + 0.45
    height = head_guess + rows * ROW_INCHES + 0.75 + 0.32 * len(foot)
    figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI)
    head = _heading(figure, chart.title, chart.subtitle, height) + 0.35
    bottom = (0.65 + 0.32 * len(foot)) / height
    left = 0.27
    axes = figure.add_axes((left, bottom, 0.7, 1 - head / height - bottom))
    top = max(v for r in chart.ranges for v in r.values if v is not None)
    axes.set_xlim(0, max(top, chart.reference or 0) * 1.2)
    axes.set_ylim(rows - 0.45, -0.85)  # the first range at the top
    for y, bar in enumerate(chart.ranges):
        _range(axes, float(y), bar, chart.unit, every=chart.kind == "pay")
    if chart.reference is not None:
        axes.axvline(chart.reference, color=INK, linestyle="--", linewidth=1.6, zorder=1)
        said = f"all occupations {money_label(chart.reference, chart.unit)}"
        _say(axes, chart.reference, -0.7, said, ha="center", color=FAINT)
    axes.set_yticks(range(rows), [textwrap.fill(r.label, 20).replace("$", r"\$")
                                  for r in chart.ranges])  # fmt: skip
    axes.tick_params(axis="y", length=0, labelsize=TEXT, labelcolor=INK)
    axes.tick_params(axis="x", labelsize=SMALL, colors=FAINT)
    axes.xaxis.set_major_formatter(FuncFormatter(_tick(chart.unit)))
    axes.grid(axis="x", color="#e5e7eb", linewidth=1)
    axes.set_axisbelow(True)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    _footer(figure, foot, height)
    return figure


def _tick(unit: Unit) -> Callable[[float, object], str]:
    def said(value: float, _: object) -> str:
        if value == 0:
            return "$0"
        return f"${value / 1000:,.0f}k" if unit == "year" else f"${value:,.0f}"

    return said


def _range(axes: Axes, y: float, bar: Range, unit: Unit, *, every: bool) -> None:
    """One range: p10–p90 a line, the middle half a box, the median a dark mark; the median
    written above, p10 and p90 at the ends, p25 and p75 below (`every`: for a single career)."""
    p10, p25, median, p75, p90 = bar.values
    low, high = p10 if p10 is not None else p25, p90 if p90 is not None else p75
    if low is not None and high is not None:
        axes.plot([low, high], [y, y], color=INK, linewidth=2.5, solid_capstyle="butt", zorder=2)
        axes.plot([low, low], [y - 0.1, y + 0.1], color=INK, linewidth=2.5, zorder=2)
        axes.plot([high, high], [y - 0.1, y + 0.1], color=INK, linewidth=2.5, zorder=2)
    if p25 is not None and p75 is not None:
        axes.add_patch(Rectangle((p25, y - 0.17), p75 - p25, 0.34, facecolor=BOX, edgecolor=INK,
                                 linewidth=1.5, zorder=3))  # fmt: skip
    assert median is not None  # a range has a median (figures.bar)
    axes.plot([median, median], [y - 0.24, y + 0.24], color=INK, linewidth=5, zorder=4)
    label = money_label(median, unit, bar.at_least[2])
    if bar.hourly and bar.hourly[2] is not None:
        label += f" ({money_label(bar.hourly[2], 'hour')}/hr)"
    _say(
        axes,
        median,
        y - 0.3,
        f"median {label}",
        ha="center",
        va="bottom",
        fontsize=TEXT,
        weight="bold",
    )
    gap = axes.get_xlim()[1] * 0.012
    if p10 is not None:
        _say(axes, p10 - gap, y, money_label(p10, unit, bar.at_least[0]), ha="right")
    if p90 is not None:
        _say(axes, p90 + gap, y, money_label(p90, unit, bar.at_least[4]), ha="left")
    if every and p25 is not None and p75 is not None:
        for value, at_least, align in ((p25, bar.at_least[1], "right"),
                                       (p75, bar.at_least[3], "left")):  # fmt: skip
            _say(
                axes,
                value,
                y + 0.24,
                money_label(value, unit, at_least),
                ha=align,
                va="top",
                color=FAINT,
            )


def _say(
    axes: Axes,
    x: float,
    y: float,
    text: str,
    *,
    ha: str,
    va: str = "center",
    fontsize: int = SMALL,
    weight: str = "normal",
    color: str = INK,
) -> None:
    """A value written on white, over the grid and the dashed line; "$" is no math sign."""
    axes.text(x, y, text, ha=ha, va=va, fontsize=fontsize, weight=weight, color=color,
              parse_math=False, zorder=5, bbox={"facecolor": "white", "edgecolor": "none",
                                                "pad": 1})  # fmt: skip


# --- the tile map --------------------------------------------------------------------------


def _map(chart: MapChart) -> Figure:
    height = 10.6
    figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI)
    head = _heading(figure, chart.title, chart.subtitle, height)
    bottom = 0.7 / height
    axes = figure.add_axes((0.02, bottom, 0.96, 1 - head / height - bottom))
    axes.set_xlim(-0.55, COLUMNS - 0.45)
    axes.set_ylim(ROWS - 0.45, -0.55)
    axes.set_aspect("equal")
    axes.axis("off")
    values = [t.value for t in chart.tiles if t.value is not None]
    norm = Normalize(min(values), max(values) if max(values) > min(values) else min(values) + 1)
    # One collection of squares, not a patch each: adding 51 patches costs a tenth of a second.
    known = [t for t in chart.tiles if t.value is not None]
    colours = [CMAP(norm(t.value)) for t in known if t.value is not None]
    squares = [_square(t) for t in known]
    axes.add_collection(
        PatchCollection(squares, facecolors=colours, edgecolors="white", linewidths=1)
    )
    missing = [t for t in chart.tiles if t.value is None]
    if missing:
        blanks = [_square(t) for t in missing]
        axes.add_collection(
            PatchCollection(
                blanks, facecolors=NONE_FILL, edgecolors=NONE_EDGE, linewidths=1, hatch="///"
            )
        )
    labels = [
        (tile, short_money(tile.value or 0, chart.unit, tile.at_least),
         "white" if _dark(colour) else "black")
        for tile, colour in zip(known, colours, strict=True)
    ]  # fmt: skip
    labels += [(tile, "n/a", "#4b5563") for tile in missing]
    _tile_labels(axes, labels, height)
    _legend(axes, norm, chart.unit)
    _footer(figure, [chart.source], height)
    return figure


def _square(tile: Tile) -> Rectangle:
    return Rectangle((tile.column - 0.46, tile.row - 0.46), 0.92, 0.92)


def _tile_labels(axes: Axes, labels: list[tuple[Tile, str, str]], height: float) -> None:
    """Each state's code over its pay, drawn as glyph outlines in one collection: 51 texts
    drawn one by one cost about 2.5 ms each, a third of the map's time."""
    # The size of TEXT points in data units: the axes' height in points over its rows (once
    # the equal aspect has set the axes' box).
    axes.apply_aspect()
    _, _, _, tall = axes.get_position().bounds
    em = TEXT / (tall * height * 72 / (ROWS + 0.1))
    shapes, colours = [], []
    for tile, pay, colour in labels:
        for text, below in ((tile.state, -0.19), (pay, 0.21)):
            path = TextPath((0, 0), text, size=1, prop=_TILE_FONT)
            # Centred by its outline's points (its exact extents cost a tenth of a second).
            left, right = path.vertices[:, 0].min(), path.vertices[:, 0].max()
            place = (
                Affine2D()
                .translate(-(left + right) / 2, -0.35)  # the baseline a third down
                .scale(em, -em)  # the rows run down the page
                .translate(tile.column, tile.row + below)
            )
            shapes.append(PathPatch(place.transform_path(path)))
            colours.append(colour)
    axes.add_collection(PatchCollection(shapes, facecolors=colours, edgecolors="none"))


_TILE_FONT = FontProperties(family="DejaVu Sans")


def _dark(colour: tuple[float, float, float, float]) -> bool:
    red, green, blue, _ = colour
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue < 0.45


def _legend(axes: Axes, norm: Normalize, unit: Unit) -> None:
    """The colour scale and the hatched square, in the map's empty top middle. The scale is an
    image with five labels rather than a colorbar, which takes three times as long to draw."""
    low, high = norm.vmin, norm.vmax
    assert low is not None and high is not None
    left, right, top, bottom = 1.6, 7.2, -0.3, 0.0
    scale = AxesImage(axes, cmap=CMAP, norm=Normalize(0, 1), extent=(left, right, bottom, top))
    scale.set_data([[i / 255 for i in range(256)]])
    axes.add_image(scale)
    for i in range(5):
        x, value = left + (right - left) * i / 4, low + (high - low) * i / 4
        axes.text(x, 0.2, short_money(value, unit), ha="center", va="center", fontsize=SMALL,
                  color=INK, parse_math=False)  # fmt: skip
    axes.text(right + 0.25, -0.15, f"median pay {'a year' if unit == 'year' else 'an hour'}",
              fontsize=SMALL, color=FAINT, va="center")  # fmt: skip
    axes.add_patch(Rectangle((0.0, 1.0), 0.4, 0.4, facecolor=NONE_FILL, edgecolor=NONE_EDGE,
                             hatch="///", linewidth=1))  # fmt: skip
    axes.text(0.55, 1.2, "n/a: not published by BLS", fontsize=SMALL, color=INK, va="center")
