"""The time-split donut: a career's activities as slices of a ring, labelled outside it,
and the same split as alt text."""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from matplotlib.lines import Line2D
from matplotlib.patches import Wedge
from matplotlib.transforms import Bbox

from careerbook.charts.measure import (
    NAME_SIZE,
    Canvas,
    HAlign,
    drawing,
    font,
    line_height,
    width,
    wrap,
)
from careerbook.charts.style import DEFAULT_STYLE, ChartStyle, ring_fills
from careerbook.content.models import TimeSlice
from careerbook.lang import formatting

__all__ = ["SplitLabel", "split_label_boxes", "time_split_alt", "time_split_svg"]

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


class _Draft(NamedTuple):
    """A label before the labels of its side are spread out."""

    order: int
    side: int
    angle: float
    lines: tuple[str, ...]
    percent: str
    wanted: float  # where its leader line meets the elbow's circle, inches above the centre


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


def _split_layout(slices: Sequence[tuple[str, float]], style: ChartStyle, lang: str) -> list[SplitLabel]:
    name_font = font(style, NAME_SIZE)
    percent_font = font(style, NAME_SIZE, "semibold")
    line = line_height(NAME_SIZE)
    total = sum(p for _, p in slices)
    start = 0.0
    drafts: list[_Draft] = []
    for index, (activity, value) in enumerate(slices):
        middle = 90.0 - 360.0 * (start + value / 2) / total
        start += value
        radians = math.radians(middle)
        side = 1 if math.cos(radians) >= -1e-9 else -1
        lines = tuple(wrap(activity, name_font, NAME_WIDTH))
        drafts.append(
            _Draft(index, side, middle, lines, formatting.percent(value, lang), ELBOW * math.sin(radians))
        )
    labels: list[SplitLabel] = []
    limit = SPLIT_HEIGHT / 2 - 0.02
    for side in (1, -1):
        mine = sorted((d for d in drafts if d.side == side), key=lambda d: -d.wanted)
        heights = [len(d.lines) * line for d in mine]
        # A label's first line is centred on its leader line.
        tops = _spread([d.wanted + line / 2 for d in mine], heights, -limit, limit)
        percent_width = max((width(d.percent, percent_font) for d in mine), default=0.0)
        for d, top, height in zip(mine, tops, heights, strict=True):
            name_width = max(width(text, name_font) for text in d.lines)
            extent = percent_width + PERCENT_GAP + name_width
            if side > 0:
                left, right, name_x = COLUMN, COLUMN + extent, COLUMN + extent - name_width
            else:
                left, right, name_x = -COLUMN - extent, -COLUMN, -COLUMN - extent + name_width
            labels.append(
                SplitLabel(d.order, side, d.angle, d.lines, d.percent, top, top - height, left, right, name_x)
            )
    return sorted(labels, key=lambda label: label.order)


def split_label_boxes(
    slices: Sequence[TimeSlice], style: ChartStyle = DEFAULT_STYLE, *, lang: str = "en"
) -> list[SplitLabel]:
    """The laid-out labels of `time_split_svg` (for checking that none overlap)."""
    with drawing(style):
        return _split_layout(_split_key(slices), style, lang)


def _split_key(slices: Sequence[TimeSlice]) -> tuple[tuple[str, float], ...]:
    return tuple((s.activity, float(s.percent)) for s in slices)


def time_split_svg(
    slices: Sequence[TimeSlice], style: ChartStyle = DEFAULT_STYLE, *, lang: str = "en"
) -> str:
    """A donut of the time split: slices in the order given, clockwise from 12 o'clock,
    each labelled outside the ring with its activity and percent."""
    return _time_split_svg(_split_key(slices), style, lang or "en")


@lru_cache(maxsize=64)
def _time_split_svg(slices: tuple[tuple[str, float], ...], style: ChartStyle, lang: str) -> str:
    with drawing(style):
        labels = _split_layout(slices, style, lang)
        canvas = Canvas(style)  # in inches from the donut's centre
        total = sum(p for _, p in slices)
        start = 90.0
        edge = 0.8 if style.patterns else 1.4
        for look, (_, value) in zip(ring_fills(style, len(slices)), slices, strict=True):
            sweep = 360.0 * value / total
            canvas.add(
                Wedge(
                    (0, 0),
                    RADIUS,
                    start - sweep,
                    start,
                    width=RADIUS * RING,
                    linewidth=edge,
                    joinstyle="miter",
                    **look,
                )
            )
            start -= sweep

        name_font = font(style, NAME_SIZE)
        percent_font = font(style, NAME_SIZE, "semibold")
        line = line_height(NAME_SIZE)
        for label in labels:
            radians = math.radians(label.angle)
            cos, sin = math.cos(radians), math.sin(radians)
            y = label.top - line / 2
            near = COLUMN - 0.05
            canvas.add(
                Line2D(
                    [(RADIUS + 0.025) * cos, ELBOW * cos, label.side * (near - 0.1), label.side * near],
                    [(RADIUS + 0.025) * sin, ELBOW * sin, y, y],
                    color=style.muted,
                    linewidth=0.6,
                    solid_capstyle="butt",
                    solid_joinstyle="round",
                )
            )
            ha: HAlign = "left" if label.side > 0 else "right"
            canvas.text(
                label.left if label.side > 0 else label.right,
                y,
                label.percent,
                percent_font,
                ha,
                "center_baseline",
            )
            for number, text in enumerate(label.lines):
                canvas.text(label.name_x, y - number * line, text, name_font, ha, "center_baseline")

        frame = Bbox.from_bounds(-SPLIT_WIDTH / 2, -SPLIT_HEIGHT / 2, SPLIT_WIDTH, SPLIT_HEIGHT)
        return canvas.svg(frame, frame.x0, frame.x1)


def time_split_alt(slices: Sequence[TimeSlice], lang: str = "en", *, title: str = "Time split") -> str:
    """`Time split: Mixing & editing 30%, Recording & tracking 25%, …`, largest first."""
    ordered = sorted(slices, key=lambda s: -s.percent)
    parts = ", ".join(f"{s.activity} {formatting.percent(s.percent, lang)}" for s in ordered)
    return f"{title}: {parts}."
