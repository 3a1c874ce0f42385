"""Charts of a career as deterministic vector SVG: the time-split donut and the pay ranges.

Only matplotlib's object API is used (never pyplot): no global figure state, and
the rcParams are set inside an `rc_context` for each drawing. Text stays text
(`svg.fonttype = "none"`) in the bundled Inter, which matplotlib is taught to
measure with, so that WeasyPrint draws the labels exactly where they were laid
out and they can be found in the PDF. The same input gives byte-identical SVG.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

import matplotlib
from matplotlib import font_manager
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle, Wedge
from matplotlib.text import Text
from matplotlib.textpath import TextToPath
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import Affine2D, Bbox, Transform, TransformedBbox

from careerbook.charts.svg_tidy import tidy
from careerbook.content.models import TimeSlice
from careerbook.lang import formatting
from careerbook.resources import fonts_dir

if TYPE_CHECKING:
    from careerbook.content.pay import ResolvedPay

__all__ = [
    "DEFAULT_STYLE",
    "PRINT_STYLE",
    "ChartStyle",
    "pay_alt",
    "pay_svg",
    "time_split_alt",
    "time_split_svg",
]


@dataclass(frozen=True)
class ChartStyle:
    """Colours and type of the charts. `patterns=True` is the ink-saving theme:
    everything in `ink` on white, told apart by hatching instead of colour."""

    palette: tuple[str, ...]
    ink: str
    muted: str
    accent: str
    background: str = "none"
    patterns: bool = False
    font_family: str = "Inter"


# Deep indigo and teal, ordered so that neighbours differ strongly in lightness
# (CIE L* 25, 64, 38, 90, 51, 77, then 33, 70, 46, 93, 22, 58): the first six are
# 13 apart from each other, so the slices stay apart in grayscale too.
DEFAULT_STYLE = ChartStyle(
    palette=(
        "#233a6b", "#40aba4", "#285f78", "#dce2f5", "#7770be", "#7eccbd",
        "#14565c", "#9ea9de", "#247973", "#deefea", "#312f5f", "#4f92be",
    ),
    ink="#1f2933",
    muted="#9aa5b1",
    accent="#d9822b",
)

PRINT_STYLE = ChartStyle(
    palette=("#ffffff",), ink="#000000", muted="#8c8c8c", accent="#000000", patterns=True)

# Hatches for the ink-saving theme, in order of use: open ones first, each distinct.
HATCHES = ("////", "....", "\\\\\\\\", "", "xx", "----", "||||", "oo", "++", "//..",
           "--..", "||..")

WHITE = "#ffffff"
NAME_SIZE = 8.5  # points, at the chart's natural size
VALUE_SIZE = 8.0
LINE_SPACING = 1.2
HASH_SALT = "careerbook"
SVG_METADATA: dict[str, Any] = {"Date": None, "Creator": None}

# The donut, in inches (its data units are inches).
SPLIT_WIDTH = 6.2
SPLIT_HEIGHT = 3.4
RADIUS = 1.02
RING = 0.36  # of the radius
ELBOW = RADIUS + 0.13  # where the leader line turns towards its label
COLUMN = RADIUS + 0.36  # where the labels start, each side
NAME_WIDTH = 1.5  # longest line of an activity name before it wraps
LABEL_GAP = 0.035  # between two labels on one side
PERCENT_GAP = 0.07  # between a percent and its activity

# The pay chart, in inches.
PAY_WIDTH = 6.2
PAY_ROW = 0.66
PAY_AXIS = 0.42
PAY_LABEL_WIDTH = 1.55
PAY_LABEL_PAD = 0.24  # a row's height beyond its label's lines: room for the values under the bar
PAY_BAR = 0.3  # of a row
OPEN_EXTENT = 0.07  # an open top runs on this share of the axis, fading out
TICK_PAD = 5  # points between the axis and its amounts


@cache
def _register_fonts() -> None:
    """Teach matplotlib the bundled Inter, once, so it measures what WeasyPrint draws."""
    for path in sorted(fonts_dir().glob("*.[ot]tf")):
        font_manager.fontManager.addfont(str(path))


@contextmanager
def _drawing(style: ChartStyle) -> Iterator[None]:
    _register_fonts()
    with matplotlib.rc_context({
        "svg.fonttype": "none",
        "svg.hashsalt": HASH_SALT,
        "svg.image_inline": True,
        "font.family": style.font_family,
        "font.size": NAME_SIZE,
        "text.color": style.ink,
        "hatch.color": style.ink,
        "hatch.linewidth": 0.55,
        "path.simplify": True,
        "axes.unicode_minus": True,
        "text.parse_math": False,  # a "$" is money, never the start of mathtext
    }):
        yield


class Font(NamedTuple):
    """A face of the chart's type: hashable, so measurements can be cached."""

    family: str
    size: float  # points
    weight: str = "normal"


def _font(style: ChartStyle, size: float, weight: str = "normal") -> Font:
    return Font(style.font_family, size, weight)


@cache
def _props(font: Font) -> FontProperties:
    return FontProperties(family=font.family, size=font.size, weight=font.weight)


_TEXT_TO_PATH = TextToPath()


def _width(text: str, font: Font) -> float:
    """Width of one line of text, in inches, as the font measures it: its words' and spaces'
    widths added up, which is exact as Inter kerns nothing across a space (in the face that
    wraps; a test checks). Measuring is slow and words recur, so each is measured once."""
    words = text.split(" ")
    return sum(map(_word_width, words, [font] * len(words))) + \
        (len(words) - 1) * _word_width(" ", font)


@lru_cache(maxsize=8192)
def _word_width(text: str, font: Font) -> float:
    if not text:
        return 0.0
    width, _, _ = _TEXT_TO_PATH.get_text_width_height_descent(text, _props(font), ismath=False)
    return float(width) / 72


def _wrap(text: str, font: Font, width: float) -> list[str]:
    """Break text into lines no wider than `width` inches, at spaces, and inside a word
    that is wider than a line by itself."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        for piece in _pieces(word, font, width):
            candidate = f"{line} {piece}" if line else piece
            if line and _width(candidate, font) > width:
                lines.append(line)
                line = piece
            else:
                line = candidate
    lines.append(line)
    return lines


def _pieces(word: str, font: Font, width: float) -> list[str]:
    """A word cut into pieces no wider than `width` (a whole word when it fits)."""
    if _width(word, font) <= width:
        return [word]
    pieces, piece = [], ""
    for character in word:
        if piece and _width(piece + character, font) > width:
            pieces.append(piece)
            piece = character
        else:
            piece += character
    return [*pieces, piece]


def _line_height(size: float) -> float:
    return size * LINE_SPACING / 72


HAlign = Literal["left", "center", "right"]
VAlign = Literal["top", "bottom", "center_baseline"]

# Measures the labels as matplotlib lays them out for the charts' extent (hinted, as Agg
# draws), as the extent always has been measured; one renderer, so that matplotlib's cache
# of text measurements stays warm from one chart to the next.
_MEASURE = RendererAgg(1, 1, 72)


class Canvas:
    """A figure drawn on in inches from an origin of the chart's choosing, straight on the
    figure (an Axes is slow to make). Its size is settled last (`svg`), from the labels'
    extent, as labels may stick out of the plot."""

    def __init__(self, style: ChartStyle) -> None:
        self.style = style
        self.figure = Figure(dpi=72)
        _background(self.figure, style)
        self._origin = Affine2D()  # where the chart's origin is on the figure, in inches
        self.inches = self._origin + self.figure.dpi_scale_trans
        self._texts: list[Text] = []

    def add(self, *artists: Artist, transform: Transform | None = None,
            clip: Bbox | None = None) -> None:
        """Artists drawn in inches (or through `transform`), clipped to `clip` inches."""
        clip_box = None if clip is None else TransformedBbox(clip, self.inches)
        for artist in artists:
            artist.set_transform(self.inches if transform is None else transform)
            if clip_box is not None:
                artist.set_clip_box(clip_box)
            self.figure.add_artist(artist)

    def text(self, x: float, y: float, text: str, font: Font, ha: HAlign, va: VAlign,
             zorder: float = 3) -> None:
        label = Text(x, y, text, color=self.style.ink, fontproperties=_props(font),
                     horizontalalignment=ha, verticalalignment=va, parse_math=False,
                     zorder=zorder)
        self.add(label)
        self._texts.append(label)

    def extent(self, frame: Bbox, left: float, right: float, pad: float = 0.04) -> Bbox:
        """The drawing's own height, and the full width from `left` to `right` (wider only
        if the labels need it), so that every chart of a kind prints its text at the same
        size. `frame`, the plot, is always inside."""
        to_inches = self.inches.inverted()
        tight = Bbox.union([frame, *(text.get_window_extent(_MEASURE).transformed(to_inches)
                                     for text in self._texts if text.get_text())])
        return Bbox.from_extents(min(left, tight.x0 - pad), tight.y0 - pad,
                                 max(right, tight.x1 + pad), tight.y1 + pad)

    def svg(self, frame: Bbox, left: float, right: float) -> str:
        """The SVG of the drawing's `extent`."""
        extent = self.extent(frame, left, right)
        self.figure.set_size_inches(extent.width, extent.height)
        self._origin.clear().translate(-extent.x0, -extent.y0)
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="svg", metadata=SVG_METADATA,
                            facecolor=self.figure.get_facecolor(), edgecolor="none")
        return tidy(buffer.getvalue().decode("utf-8"))


def _fill(style: ChartStyle, index: int) -> dict[str, Any]:
    """Face, edge and hatch of the index-th slice or bar."""
    if style.patterns:
        return {"facecolor": WHITE, "edgecolor": style.ink,
                "hatch": HATCHES[index % len(HATCHES)]}
    return {"facecolor": style.palette[index % len(style.palette)], "edgecolor": WHITE}


def _background(fig: Figure, style: ChartStyle) -> None:
    fig.patch.set_facecolor(style.background)
    fig.patch.set_alpha(None if style.background != "none" else 0.0)


# --- the time split donut -------------------------------------------------------------


class SplitLabel(NamedTuple):
    """Where one activity's label sits, in inches from the donut's centre."""

    order: int  # the slice's place in the order given
    side: int  # +1 right of the donut, -1 left
    angle: float  # the middle of the slice, degrees counterclockwise from 3 o'clock
    lines: tuple[str, ...]  # the activity's name, wrapped
    percent: str
    top: float
    bottom: float
    left: float
    right: float
    name_x: float  # where the name's lines start (right) or end (left)


def _spread(wanted: list[float], heights: list[float], low: float, high: float) -> list[float]:
    """Tops for boxes stacked top to bottom, each as near its wanted top as can be
    without overlapping: overlapping neighbours are merged into a block centred on
    where its members want to be, then the blocks are kept inside [low, high]."""
    blocks: list[list[int]] = []  # runs of consecutive boxes that touch

    def extent(block: list[int]) -> float:
        return sum(heights[i] for i in block) + LABEL_GAP * (len(block) - 1)

    def top_of(block: list[int]) -> float:
        offset, total = 0.0, 0.0
        for i in block:
            total += wanted[i] + offset
            offset += heights[i] + LABEL_GAP
        top = total / len(block)
        size = extent(block)
        if size > high - low:  # too many to fit: centre the block
            return (high + low + size) / 2
        return min(max(top, low + size), high)

    for i in range(len(wanted)):
        blocks.append([i])
        # Merge while the newest block runs into the one above it.
        while len(blocks) > 1:
            above, below = blocks[-2], blocks[-1]
            if top_of(below) + LABEL_GAP > top_of(above) - extent(above) - 1e-9:
                blocks[-2:] = [above + below]
            else:
                break
    tops = [0.0] * len(wanted)
    for block in blocks:
        top = top_of(block)
        for i in block:
            tops[i] = top
            top -= heights[i] + LABEL_GAP
    return tops


def _split_layout(
    slices: Sequence[tuple[str, float]], style: ChartStyle, lang: str
) -> list[SplitLabel]:
    name_font = _font(style, NAME_SIZE)
    percent_font = _font(style, NAME_SIZE, "semibold")
    line = _line_height(NAME_SIZE)
    total = sum(p for _, p in slices)
    start = 0.0
    drafts = []
    for index, (activity, value) in enumerate(slices):
        middle = 90.0 - 360.0 * (start + value / 2) / total
        start += value
        radians = math.radians(middle)
        side = 1 if math.cos(radians) >= -1e-9 else -1
        lines = tuple(_wrap(activity, name_font, NAME_WIDTH))
        drafts.append((index, side, middle, lines, formatting.percent(value, lang),
                       ELBOW * math.sin(radians)))
    labels: list[SplitLabel] = []
    limit = SPLIT_HEIGHT / 2 - 0.02
    for side in (1, -1):
        mine = sorted((d for d in drafts if d[1] == side), key=lambda d: -d[5])
        heights = [len(d[3]) * line for d in mine]
        # A label's first line is centred on its leader line.
        tops = _spread([d[5] + line / 2 for d in mine], heights, -limit, limit)
        percent_width = max((_width(d[4], percent_font) for d in mine), default=0.0)
        for d, top, height in zip(mine, tops, heights, strict=True):
            name_width = max(_width(text, name_font) for text in d[3])
            extent = percent_width + PERCENT_GAP + name_width
            if side > 0:
                left, right, name_x = COLUMN, COLUMN + extent, COLUMN + extent - name_width
            else:
                left, right, name_x = -COLUMN - extent, -COLUMN, -COLUMN - extent + name_width
            labels.append(SplitLabel(d[0], side, d[2], d[3], d[4], top, top - height, left,
                                     right, name_x))
    return sorted(labels, key=lambda label: label.order)


def split_label_boxes(slices: Sequence[TimeSlice], style: ChartStyle = DEFAULT_STYLE,
                      *, lang: str = "en") -> list[SplitLabel]:
    """The laid-out labels of `time_split_svg` (for checking that none overlap)."""
    with _drawing(style):
        return _split_layout(_split_key(slices), style, lang)


def _split_key(slices: Sequence[TimeSlice]) -> tuple[tuple[str, float], ...]:
    return tuple((s.activity, float(s.percent)) for s in slices)


def time_split_svg(slices: Sequence[TimeSlice], style: ChartStyle = DEFAULT_STYLE,
                   *, lang: str = "en") -> str:
    """A donut of the time split: slices in the order given, clockwise from 12 o'clock,
    each labelled outside the ring with its activity and percent."""
    return _time_split_svg(_split_key(slices), style, lang or "en")


@lru_cache(maxsize=64)
def _time_split_svg(slices: tuple[tuple[str, float], ...], style: ChartStyle, lang: str) -> str:
    with _drawing(style):
        labels = _split_layout(slices, style, lang)
        canvas = Canvas(style)  # in inches from the donut's centre
        total = sum(p for _, p in slices)
        start = 90.0
        edge = 0.8 if style.patterns else 1.4
        for index, (_, value) in enumerate(slices):
            sweep = 360.0 * value / total
            canvas.add(Wedge((0, 0), RADIUS, start - sweep, start, width=RADIUS * RING,
                             linewidth=edge, joinstyle="miter", **_fill(style, index)))
            start -= sweep

        name_font = _font(style, NAME_SIZE)
        percent_font = _font(style, NAME_SIZE, "semibold")
        line = _line_height(NAME_SIZE)
        for label in labels:
            radians = math.radians(label.angle)
            cos, sin = math.cos(radians), math.sin(radians)
            y = label.top - line / 2
            near = COLUMN - 0.05
            canvas.add(Line2D(
                [(RADIUS + 0.025) * cos, ELBOW * cos, label.side * (near - 0.1), label.side * near],
                [(RADIUS + 0.025) * sin, ELBOW * sin, y, y],
                color=style.muted, linewidth=0.6, solid_capstyle="butt", solid_joinstyle="round"))
            ha: HAlign = "left" if label.side > 0 else "right"
            canvas.text(label.left if label.side > 0 else label.right, y, label.percent,
                        percent_font, ha, "center_baseline")
            for number, text in enumerate(label.lines):
                canvas.text(label.name_x, y - number * line, text, name_font, ha,
                            "center_baseline")

        frame = Bbox.from_bounds(-SPLIT_WIDTH / 2, -SPLIT_HEIGHT / 2, SPLIT_WIDTH, SPLIT_HEIGHT)
        return canvas.svg(frame, frame.x0, frame.x1)


def time_split_alt(slices: Sequence[TimeSlice], lang: str = "en", *,
                   title: str = "Time split") -> str:
    """`Time split: Mixing & editing 30%, Recording & tracking 25%, …`, largest first."""
    ordered = sorted(slices, key=lambda s: -s.percent)
    parts = ", ".join(f"{s.activity} {formatting.percent(s.percent, lang)}" for s in ordered)
    return f"{title}: {parts}."


# --- the pay ranges ---------------------------------------------------------------------


_Band = tuple[float, float] | None  # the darker core of a bar (OEWS: 25th to 75th percentile)
_PayKey = tuple[str, str, tuple[tuple[str, float, float | None, float, bool, _Band, bool], ...]]


def _band(r: Any) -> _Band:
    low, high = getattr(r, "band_low", None), getattr(r, "band_high", None)
    return None if low is None or high is None else (float(low), float(high))


def _pay_key(pay: ResolvedPay) -> _PayKey:
    return (pay.currency, pay.period, tuple(
        (r.label, float(r.low), None if r.median is None else float(r.median), float(r.high),
         bool(r.open_high), _band(r), bool(getattr(r, "median_open", False)))
        for r in pay.ranges))


def pay_svg(pay: ResolvedPay, style: ChartStyle = DEFAULT_STYLE, *, lang: str = "en",
            median_label: str = "median") -> str:
    """Horizontal bars, one a pay range from low to high, with the median marked (a Pay of
    typed ranges draws as well as the resolved pay, content/pay.py). A range with a band (a
    resolved OEWS range) has its middle half drawn as the bar's darker core, and a top-coded
    median is written open ("$239.2K+")."""
    return _pay_svg(_pay_key(pay), style, lang or "en", median_label)


def _axis_top(highest: float) -> tuple[float, list[float]]:
    """The axis's end, a round figure at or above `highest`, and its ticks from 0."""
    ticks = [float(t) for t in MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10])
             .tick_values(0, max(highest, 1.0)) if t >= 0]
    step = ticks[1] - ticks[0]
    while ticks[-1] < highest:
        ticks.append(ticks[-1] + step)
    return ticks[-1], ticks


@lru_cache(maxsize=64)
def _pay_svg(key: _PayKey, style: ChartStyle, lang: str, median_label: str) -> str:
    currency, period, ranges = key

    def amount(value: float) -> str:
        return formatting.money(value, currency, lang, period=period)

    with _drawing(style):
        label_font = _font(style, NAME_SIZE)
        value_font = _font(style, VALUE_SIZE)
        median_font = _font(style, VALUE_SIZE, "semibold")
        wrapped = [_wrap(r[0], label_font, PAY_LABEL_WIDTH) for r in ranges]
        label_width = min(max(_width(t, label_font) for lines in wrapped for t in lines),
                          PAY_LABEL_WIDTH)

        # A row is PAY_ROW high, or as high as its label's lines need; rows count in PAY_ROWs
        # from the top, amounts from the axis's left end.
        spans = [max(1.0, (len(lines) * _line_height(NAME_SIZE) + PAY_LABEL_PAD) / PAY_ROW)
                 for lines in wrapped]
        middles = [sum(spans[:i]) + span / 2 for i, span in enumerate(spans)]
        rows = sum(spans)
        left = label_width + 0.2
        right = 0.3
        axis_width = PAY_WIDTH - left - right
        plot = Bbox.from_bounds(left, PAY_AXIS, axis_width, rows * PAY_ROW)

        highest = max(r[3] for r in ranges)
        has_open = any(r[4] for r in ranges)
        top, ticks = _axis_top(highest * (1 + OPEN_EXTENT * 1.6) if has_open else highest)
        canvas = Canvas(style)  # in inches from the bottom left of the chart's full width
        # Amounts, and rows from the top, to the figure (shapes) or to inches (labels).
        values = Affine2D().scale(axis_width / top, -PAY_ROW).translate(left, plot.y1) \
            + canvas.inches

        def x_at(value: float) -> float:
            return left + value * axis_width / top

        def y_at(row: float) -> float:
            return plot.y1 - row * PAY_ROW

        for tick in ticks:  # the grid is clipped to the plot, as by an Axes: half of its end lines
            canvas.add(Line2D([x_at(tick)] * 2, [plot.y0, plot.y1], color=style.muted,
                              linewidth=0.5, alpha=0.4, zorder=0.5), clip=plot)
            canvas.text(x_at(tick), plot.y0 - TICK_PAD / 72, amount(tick), value_font,
                        "center", "top", zorder=0.5)

        per_point = top / (axis_width * 72)  # currency units per point
        bar = PAY_BAR
        line = _line_height(NAME_SIZE)
        extension = OPEN_EXTENT * top
        for index, (lines, (_, low, median, high, open_high, band, median_open), y) in enumerate(
                zip(wrapped, ranges, middles, strict=True)):
            look = _fill(style, index if style.patterns else 0)
            outline = style.patterns and not open_high
            shapes: list[Artist] = [Rectangle((low, y - bar / 2), high - low, bar, zorder=2,
                                              linewidth=0.8 if outline else 0, **look)]
            if band is not None:  # the ends lighter, the middle half in the full colour
                shapes[0].set_alpha(None if style.patterns else 0.45)
                core = ({"facecolor": style.ink, "alpha": 0.3} if style.patterns
                        else {"facecolor": look["facecolor"]})
                shapes.append(Rectangle((band[0], y - bar / 2), band[1] - band[0], bar, zorder=2.5,
                                        linewidth=0, **core))
            if style.patterns and open_high:  # an outline without its right side
                shapes.append(Line2D([high, low, low, high],
                                     [y - bar / 2, y - bar / 2, y + bar / 2, y + bar / 2],
                                     color=style.ink, linewidth=0.8, zorder=2,
                                     solid_joinstyle="miter"))
            if open_high:
                shapes.extend(_open_end(style, look, high, extension, y, bar))
            canvas.add(*shapes, transform=values, clip=plot)

            first = (len(lines) - 1) * line / 2
            for number, text in enumerate(lines):
                canvas.text(left - 0.2, y_at(y) + first - number * line, text, label_font,
                            "right", "center_baseline")

            high_text = formatting.open_ended(amount(high)) if open_high else amount(high)
            for x, ha, text in _end_labels(value_font, per_point, low, high, amount(low),
                                           high_text, top):
                canvas.text(x_at(x), y_at(y + bar / 2) - 3 / 72, text, value_font, ha, "top",
                            zorder=5)

            if median is not None:
                canvas.add(Line2D([median], [y], marker="D", markersize=6.5,
                                  color=_marker_colour(style, look["facecolor"]),
                                  markeredgecolor=WHITE, markeredgewidth=1.1, zorder=4,
                                  linestyle="none"), transform=values, clip=plot)
                middle = formatting.open_ended(amount(median)) if median_open else amount(median)
                canvas.text(x_at(median), y_at(y - bar / 2) + 3.5 / 72,
                            f"{median_label} {middle}".strip(), median_font, "center",
                            "bottom", zorder=5)
        return canvas.svg(plot, 0.0, PAY_WIDTH)


def _luminance(colour: str) -> float:
    red, green, blue = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
                        for c in to_rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _contrast(one: str, other: str) -> float:
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _marker_colour(style: ChartStyle, bar: str) -> str:
    """The median's colour: the accent, unless it would vanish on the bar's colour."""
    if style.patterns:
        return style.ink
    for colour in (style.accent, WHITE, style.ink):
        if _contrast(colour, bar) >= 2.5:
            return colour
    return style.ink


def _open_end(style: ChartStyle, look: dict[str, Any], high: float, extension: float,
              y: float, bar: float) -> list[Artist]:
    """Past `high` the bar fades out (dashes out, in patterns): the range has no top."""
    bottom, top = y - bar / 2, y + bar / 2
    if style.patterns:
        return [Line2D([high, high + extension], [y, y], color=style.ink, linewidth=0.8,
                       linestyle=(0, (2.2, 1.6)), zorder=2) for y in (bottom, top)]
    steps = 14
    width = extension / steps
    return [Rectangle((high + step * width, bottom), width, top - bottom, zorder=2,
                      facecolor=look["facecolor"],
                      alpha=round((1 - (step + 1) / (steps + 1)) ** 1.5, 3), linewidth=0,
                      antialiased=False)
            for step in range(steps)]


def _end_labels(font: Font, per_point: float, low: float, high: float, low_text: str,
                high_text: str, top: float) -> list[tuple[float, HAlign, str]]:
    """Low and high under the ends of the bar: inside its span when they fit, else just
    beside its ends, else (a very short bar) as one range under it. (amount, ha, text)"""
    low_w = _width(low_text, font) * 72 * per_point
    high_w = _width(high_text, font) * 72 * per_point
    gap = 5 * per_point
    if high - low >= low_w + high_w + gap:
        return [(low, "left", low_text), (high, "right", high_text)]
    if low - gap / 2 - low_w >= 0 and high + gap / 2 + high_w <= top:
        return [(low - gap / 2, "right", low_text), (high + gap / 2, "left", high_text)]
    text = low_text if low == high else f"{low_text}{formatting.DASH}{high_text}"
    width = _width(text, font) * 72 * per_point
    return [(min(max((low + high) / 2, width / 2), top - width / 2), "center", text)]


def pay_alt(pay: ResolvedPay, lang: str = "en", *, title: str = "Pay ranges", to: str = "to",
            median: str = "median", per_hour: str = "an hour") -> str:
    """`Pay ranges: Audio engineering (staff) $34K to $105K, median $66K; …`."""
    hourly = f" {per_hour}" if pay.period == "hour" and per_hour else ""
    parts = []
    for r in pay.ranges:
        low = formatting.money(r.low, pay.currency, lang, period=pay.period)
        high = formatting.money(r.high, pay.currency, lang, period=pay.period)
        if r.open_high:
            high = formatting.open_ended(high)
        text = f"{r.label} {low} {to} {high}{hourly}"
        if r.median is not None:
            middle = formatting.money(r.median, pay.currency, lang, period=pay.period)
            if getattr(r, "median_open", False):
                middle = formatting.open_ended(middle)
            text += f", {median} {middle}"
        parts.append(text)
    return f"{title}: {'; '.join(parts)}."
