"""The pay chart: one horizontal bar a pay range, from low to high with the median marked,
on a shared axis of amounts; and the same ranges as alt text."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, NamedTuple

from matplotlib.artist import Artist
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import Affine2D, Bbox

from careerbook.charts.measure import (
    NAME_SIZE,
    VALUE_SIZE,
    Canvas,
    Font,
    HAlign,
    drawing,
    font,
    line_height,
    width,
    wrap,
)
from careerbook.charts.style import DEFAULT_STYLE, WHITE, ChartStyle, contrast, fill
from careerbook.content.models import Pay
from careerbook.lang import formatting

__all__ = ["pay_alt", "pay_svg"]

# The pay chart, in inches.
PAY_WIDTH = 6.2
PAY_ROW = 0.66
PAY_AXIS = 0.42
PAY_LABEL_WIDTH = 1.55
PAY_LABEL_PAD = 0.24  # a row's height beyond its label's lines: room for the values under the bar
PAY_BAR = 0.3  # of a row
OPEN_EXTENT = 0.07  # an open top runs on this share of the axis, fading out
TICK_PAD = 5  # points between the axis and its amounts


class _Range(NamedTuple):
    """One range of the pay, as plain numbers: hashable, for the cache of drawn charts."""

    label: str
    low: float
    median: float | None
    high: float
    open_high: bool


class _PayKey(NamedTuple):
    currency: str
    period: str
    ranges: tuple[_Range, ...]


class _EndLabel(NamedTuple):
    """An amount written under a bar."""

    at: float  # the amount where the text is anchored
    ha: HAlign
    text: str


def _pay_key(pay: Pay) -> _PayKey:
    return _PayKey(pay.currency, pay.period, tuple(
        _Range(r.label, float(r.low), None if r.median is None else float(r.median),
               float(r.high), bool(r.open_high)) for r in pay.ranges))


def pay_svg(pay: Pay, style: ChartStyle = DEFAULT_STYLE, *, lang: str = "en",
            median_label: str = "median") -> str:
    """Horizontal bars, one a pay range from low to high, with the median marked."""
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
    currency, period, ranges = key.currency, key.period, key.ranges

    def amount(value: float) -> str:
        return formatting.money(value, currency, lang, period=period)

    with drawing(style):
        label_font = font(style, NAME_SIZE)
        value_font = font(style, VALUE_SIZE)
        median_font = font(style, VALUE_SIZE, "semibold")
        wrapped = [wrap(r.label, label_font, PAY_LABEL_WIDTH) for r in ranges]
        label_width = min(max(width(t, label_font) for lines in wrapped for t in lines),
                          PAY_LABEL_WIDTH)

        # A row is PAY_ROW high, or as high as its label's lines need; rows count in PAY_ROWs
        # from the top, amounts from the axis's left end.
        spans = [max(1.0, (len(lines) * line_height(NAME_SIZE) + PAY_LABEL_PAD) / PAY_ROW)
                 for lines in wrapped]
        middles = [sum(spans[:i]) + span / 2 for i, span in enumerate(spans)]
        rows = sum(spans)
        left = label_width + 0.2
        right = 0.3
        axis_width = PAY_WIDTH - left - right
        plot = Bbox.from_bounds(left, PAY_AXIS, axis_width, rows * PAY_ROW)

        highest = max(r.high for r in ranges)
        has_open = any(r.open_high for r in ranges)
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
        line = line_height(NAME_SIZE)
        extension = OPEN_EXTENT * top
        for index, (lines, row, y) in enumerate(zip(wrapped, ranges, middles, strict=True)):
            low, median, high, open_high = row.low, row.median, row.high, row.open_high
            look = fill(style, index if style.patterns else 0)
            outline = style.patterns and not open_high
            shapes: list[Artist] = [Rectangle((low, y - bar / 2), high - low, bar, zorder=2,
                                              linewidth=0.8 if outline else 0, **look)]
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
            for end in _end_labels(value_font, per_point, low, high, amount(low), high_text,
                                   top):
                canvas.text(x_at(end.at), y_at(y + bar / 2) - 3 / 72, end.text, value_font,
                            end.ha, "top", zorder=5)

            if median is not None:
                canvas.add(Line2D([median], [y], marker="D", markersize=6.5,
                                  color=_marker_colour(style, look["facecolor"]),
                                  markeredgecolor=WHITE, markeredgewidth=1.1, zorder=4,
                                  linestyle="none"), transform=values, clip=plot)
                canvas.text(x_at(median), y_at(y - bar / 2) + 3.5 / 72,
                            f"{median_label} {amount(median)}".strip(), median_font, "center",
                            "bottom", zorder=5)
        return canvas.svg(plot, 0.0, PAY_WIDTH)


def _marker_colour(style: ChartStyle, bar: str) -> str:
    """The median's colour: the accent, unless it would vanish on the bar's colour."""
    if style.patterns:
        return style.ink
    for colour in (style.accent, WHITE, style.ink):
        if contrast(colour, bar) >= 2.5:
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


def _end_labels(face: Font, per_point: float, low: float, high: float, low_text: str,
                high_text: str, top: float) -> list[_EndLabel]:
    """Low and high under the ends of the bar: inside its span when they fit, else just
    beside its ends, else (a very short bar) as one range under it."""
    low_w = width(low_text, face) * 72 * per_point
    high_w = width(high_text, face) * 72 * per_point
    gap = 5 * per_point
    if high - low >= low_w + high_w + gap:
        return [_EndLabel(low, "left", low_text), _EndLabel(high, "right", high_text)]
    if low - gap / 2 - low_w >= 0 and high + gap / 2 + high_w <= top:
        return [_EndLabel(low - gap / 2, "right", low_text),
                _EndLabel(high + gap / 2, "left", high_text)]
    text = low_text if low == high else f"{low_text}{formatting.DASH}{high_text}"
    span = width(text, face) * 72 * per_point
    return [_EndLabel(min(max((low + high) / 2, span / 2), top - span / 2), "center", text)]


def pay_alt(pay: Pay, lang: str = "en", *, title: str = "Pay ranges", to: str = "to",
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
            text += f", {median} {middle}"
        parts.append(text)
    return f"{title}: {'; '.join(parts)}."
