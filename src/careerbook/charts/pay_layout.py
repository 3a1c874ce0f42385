"""Where everything of the pay chart goes, in inches, before anything is drawn: the scale,
the bars, every label with its box, and the gridlines with gaps where labels sit.

Labels never overlap and no gridline runs through one: the gridlines stop short of every
label (a knockout made of geometry, so it holds on any background and survives svg_tidy
and WeasyPrint, which a stroked halo would not: matplotlib draws stroked text as paths).

When one range's top is more than `CUT_RATIO` times another's (a $20K–$30K range beside
$1M–$5M), a shared linear axis would crush the small bars, so the axis is cut: it runs to
a round figure above the ranges within that ratio of the lowest top, and a range above it
runs into a short zone past a break, its amounts written under it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from typing import NamedTuple

from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import Bbox

from careerbook.charts.measure import (
    NAME_SIZE,
    VALUE_SIZE,
    Font,
    Label,
    VAlign,
    font,
    label,
    line_height,
    width,
    wrap,
)
from careerbook.charts.style import ChartStyle
from careerbook.lang import formatting

# The pay chart, in inches.
PAY_WIDTH = 6.2
PAY_ROW = 0.66
PAY_AXIS = 0.42
PAY_LABEL_WIDTH = 1.55
PAY_LABEL_PAD = 0.24  # a row's height beyond its label's lines: room for the values under the bar
PAY_BAR = 0.3  # of a row
OPEN_EXTENT = 0.07  # an open top runs on this share of the axis, fading out
TICK_PAD = 5  # points between the axis and its amounts
END_GAP = 10 / 72  # at least this between two amounts on one line: "32 US$ 45 US$" read as one
GRID_CLEAR = 2 / 72  # a gridline stops this far from a label
CUT_RATIO = 20  # a top more than this many times the lowest top cuts the axis
BEYOND = 0.5  # inches of the zone past the cut
BREAK_AT = 0.09  # the break's middle, this far past the last gridline
BEYOND_START = 0.02  # a range wholly above the cut starts here, broken like the rest


class Range(NamedTuple):
    """One range of the pay, as plain numbers: hashable, for the cache of drawn charts."""

    label: str
    low: float
    median: float | None
    high: float
    open_high: bool
    band_low: float | None = None  # the darker core of a bar (OEWS: 25th to 75th percentile)
    band_high: float | None = None
    median_open: bool = False  # a top-coded median: "$239.2K+"


class PayKey(NamedTuple):
    currency: str
    period: str
    ranges: tuple[Range, ...]


class Scale(NamedTuple):
    """Amounts to inches: linear from 0 at `left` to `top` at `left + run`, then (when the
    axis is cut) a zone `beyond` inches wide for what is above `top`."""

    left: float
    run: float
    top: float
    ticks: tuple[float, ...]
    beyond: float

    def x(self, value: float) -> float:
        return self.left + min(value, self.top) * self.run / self.top

    @property
    def end(self) -> float:
        return self.left + self.run + self.beyond


class Bar(NamedTuple):
    order: int  # the range's place in the order given
    y: float  # the middle, inches above the chart's bottom
    x0: float
    x1: float
    fade: float  # inches the bar fades out past x1 (an open top), else 0
    broken: bool  # runs above the cut: drawn to the scale's end, past a break
    median: float | None  # where the median's marker is (none when it is above the cut)
    band_x0: float | None = None  # the darker core, where half the workers are
    band_x1: float | None = None


class GridLine(NamedTuple):
    x: float
    y0: float
    y1: float


class PayLayout(NamedTuple):
    plot: Bbox
    scale: Scale
    bar_height: float
    bars: tuple[Bar, ...]
    labels: tuple[Label, ...]
    grid: tuple[GridLine, ...]


def _axis_ticks(highest: float, bins: int = 5) -> list[float]:
    """The axis's ticks from 0 to its end (the last), a round figure at or above `highest`."""
    ticks = [
        float(t)
        for t in MaxNLocator(nbins=bins, steps=[1, 2, 2.5, 5, 10]).tick_values(0, max(highest, 1.0))
        if t >= 0
    ]
    step = ticks[1] - ticks[0]
    while ticks[-1] < highest:
        ticks.append(ticks[-1] + step)
    return ticks


@dataclass(frozen=True)
class Axis:
    """The scale, and its ticks' labels (the amounts under the plot)."""

    scale: Scale
    labels: tuple[Label, ...]


def _axis(
    ranges: tuple[Range, ...], left: float, run: float, amount: Callable[[float], str], face: Font, y: float
) -> Axis:
    """The scale, and its ticks' labels: as many as fit side by side."""
    lowest_top = min(r.high for r in ranges)
    kept = [r for r in ranges if r.high <= CUT_RATIO * lowest_top]
    beyond = BEYOND if len(kept) < len(ranges) else 0.0
    highest = max(r.high for r in kept)
    if any(r.open_high for r in kept):
        highest *= 1 + OPEN_EXTENT * 1.6
    for bins in range(5, 0, -1):
        ticks = _axis_ticks(highest, bins)
        scale = Scale(left, run - beyond, ticks[-1], tuple(ticks), beyond)
        labels = [label(scale.x(t), y, amount(t), face, "center", "top", layer=0.5) for t in ticks]
        if not any(a.box.overlaps(b.box, END_GAP) for a, b in pairwise(labels)):
            break
    return Axis(scale=scale, labels=tuple(labels))


def _end_labels(
    face: Font, y: float, x0: float, x1: float, low: str, high: str, bounds: tuple[float, float]
) -> list[Label]:
    """Low and high under the ends of the bar: inside its span when they fit, else just
    beside its ends, else (a short bar) as one range under it, kept within `bounds`."""
    low_w, high_w = width(low, face), width(high, face)
    if x1 - x0 >= low_w + high_w + END_GAP:
        return [label(x0, y, low, face, "left", "top"), label(x1, y, high, face, "right", "top")]
    if x0 - END_GAP / 2 - low_w >= bounds[0] and x1 + END_GAP / 2 + high_w <= bounds[1]:
        return [
            label(x0 - END_GAP / 2, y, low, face, "right", "top"),
            label(x1 + END_GAP / 2, y, high, face, "left", "top"),
        ]
    text = low if low == high else f"{low}{formatting.DASH}{high}"
    return [_centred(face, y, (x0 + x1) / 2, text, "top", bounds)]


def _centred(face: Font, y: float, x: float, text: str, va: VAlign, bounds: tuple[float, float]) -> Label:
    """A label centred on `x`, or as near it as `bounds` let it be."""
    half = width(text, face) / 2
    return label(min(max(x, bounds[0] + half), bounds[1] - half), y, text, face, "center", va)


def _grid(scale: Scale, plot: Bbox, labels: list[Label]) -> list[GridLine]:
    """A gridline a tick, broken where a label sits across it."""
    lines = []
    for tick in scale.ticks:
        x = scale.x(tick)
        gaps = sorted(
            (b.y0 - GRID_CLEAR, b.y1 + GRID_CLEAR)
            for b in (lb.box for lb in labels)
            if b.x0 - GRID_CLEAR <= x <= b.x1 + GRID_CLEAR
        )
        y = plot.y0
        for low, high in gaps:
            if low > y:
                lines.append(GridLine(x, y, min(low, plot.y1)))
            y = max(y, high)
        if y < plot.y1:
            lines.append(GridLine(x, y, plot.y1))
    return [g for g in lines if g.y1 > g.y0]


def pay_layout(key: PayKey, style: ChartStyle, lang: str, median_label: str) -> PayLayout:
    """Everything of the pay chart placed, in inches from its bottom left."""

    def amount(value: float, cents: bool | None = None) -> str:
        return formatting.money(value, key.currency, lang, period=key.period, cents=cents)

    label_font = font(style, NAME_SIZE)
    value_font = font(style, VALUE_SIZE)
    median_font = font(style, VALUE_SIZE, "semibold")
    ranges = key.ranges
    wrapped = [wrap(r.label, label_font, PAY_LABEL_WIDTH) for r in ranges]
    label_width = min(max(width(t, label_font) for lines in wrapped for t in lines), PAY_LABEL_WIDTH)
    line = line_height(NAME_SIZE)

    # A row is PAY_ROW high, or as high as its label's lines need.
    spans = [max(1.0, (len(lines) * line + PAY_LABEL_PAD) / PAY_ROW) for lines in wrapped]
    middles = [sum(spans[:i]) + span / 2 for i, span in enumerate(spans)]
    left = label_width + 0.2
    plot = Bbox.from_bounds(left, PAY_AXIS, PAY_WIDTH - left - 0.3, sum(spans) * PAY_ROW)
    axis = _axis(ranges, left, plot.width, amount, value_font, plot.y0 - TICK_PAD / 72)
    scale = axis.scale
    labels = list(axis.labels)  # the ticks' first; the rows' labels and amounts are added
    bounds = (plot.x0, plot.x1)
    half = PAY_BAR * PAY_ROW / 2
    bars = []
    for index, (lines, r, middle) in enumerate(zip(wrapped, ranges, middles, strict=True)):
        y = plot.y1 - middle * PAY_ROW
        first = (len(lines) - 1) * line / 2
        labels.extend(
            label(
                left - 0.2, y + first - number * line, text, label_font, "right", "center_baseline", layer=3
            )
            for number, text in enumerate(lines)
        )
        broken = r.high > scale.top
        cut = scale.x(scale.top)
        x0 = scale.x(r.low) if r.low <= scale.top else cut + BEYOND_START
        x1 = scale.end if broken else scale.x(r.high)
        fade = OPEN_EXTENT * scale.run if r.open_high and not broken else 0.0
        median = None if r.median is None or r.median > scale.top else scale.x(r.median)
        banded = r.band_low is not None and r.band_high is not None
        bars.append(
            Bar(
                index,
                y,
                x0,
                x1,
                fade,
                broken,
                median,
                scale.x(r.band_low) if banded and r.band_low is not None else None,
                scale.x(r.band_high) if banded and r.band_high is not None else None,
            )
        )

        cents = formatting.needs_cents(r.low, r.high)
        high = amount(r.high, cents)
        labels.extend(
            _end_labels(
                value_font,
                y - half - 3 / 72,
                x0,
                x1,
                amount(r.low, cents),
                formatting.open_ended(high) if r.open_high else high,
                bounds,
            )
        )
        if r.median is not None:
            said = amount(r.median)
            text = f"{median_label} {formatting.open_ended(said) if r.median_open else said}".strip()
            labels.append(
                _centred(
                    median_font,
                    y + half + 3.5 / 72,
                    (x0 + x1) / 2 if median is None else median,
                    text,
                    "bottom",
                    bounds,
                )
            )
    return PayLayout(plot, scale, 2 * half, tuple(bars), tuple(labels), tuple(_grid(scale, plot, labels)))
