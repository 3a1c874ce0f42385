"""The pay chart: one horizontal bar a pay range, from low to high with the median marked,
on a shared axis of amounts (laid out in pay_layout.py); and the same ranges as alt text."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from matplotlib.artist import Artist
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon, Rectangle

from careerbook.charts.measure import Canvas, drawing
from careerbook.charts.pay_layout import (
    BREAK_AT,
    PAY_WIDTH,
    Bar,
    PayKey,
    PayLayout,
    Range,
    pay_layout,
)
from careerbook.charts.style import DEFAULT_STYLE, WHITE, ChartStyle, contrast, fill
from careerbook.content.pay import ResolvedPay, ResolvedRange
from careerbook.content.pay_models import OewsRange, Pay, PayRange
from careerbook.lang import formatting

__all__ = ["pay_alt", "pay_label_boxes", "pay_svg"]

BREAK_WIDTH = 0.05  # inches of the white band where a bar crosses the cut
BREAK_SLANT = 0.06  # how far the band leans, inches across a bar's height


def _ranges(pay: Pay | ResolvedPay) -> list[PayRange | ResolvedRange]:
    """The ranges with figures: typed, or resolved from BLS's (content/pay.py) beforehand."""
    drawn = [r for r in pay.ranges if not isinstance(r, OewsRange)]
    if len(drawn) != len(pay.ranges):
        raise ValueError("an OEWS range is drawn once resolved: content.pay.resolve_pay")
    return drawn


def _pay_key(pay: Pay | ResolvedPay) -> PayKey:
    return PayKey(
        pay.currency,
        pay.period,
        tuple(
            Range(
                r.label or "",
                float(r.low),
                None if r.median is None else float(r.median),
                float(r.high),
                bool(r.open_high),
                getattr(r, "band_low", None),
                getattr(r, "band_high", None),
                bool(getattr(r, "median_open", False)),
            )
            for r in _ranges(pay)
        ),
    )


def pay_svg(
    pay: Pay | ResolvedPay,
    style: ChartStyle = DEFAULT_STYLE,
    *,
    lang: str = "en",
    median_label: str = "median",
) -> str:
    """Horizontal bars, one a pay range from low to high, with the median marked (typed
    ranges, or the resolved pay of content/pay.py). A range with a band (a resolved OEWS
    range) has its middle half drawn as the bar's darker core, and a top-coded median is
    written open ("$239.2K+")."""
    return _pay_svg(_pay_key(pay), style, lang or "en", median_label)


def pay_label_boxes(
    pay: Pay | ResolvedPay,
    style: ChartStyle = DEFAULT_STYLE,
    *,
    lang: str = "en",
    median_label: str = "median",
) -> PayLayout:
    """The laid-out chart of `pay_svg` (for checking labels, gridlines and bars)."""
    with drawing(style):
        return pay_layout(_pay_key(pay), style, lang or "en", median_label)


@lru_cache(maxsize=64)
def _pay_svg(key: PayKey, style: ChartStyle, lang: str, median_label: str) -> str:
    with drawing(style):
        layout = pay_layout(key, style, lang, median_label)
        plot = layout.plot
        canvas = Canvas(style)  # in inches from the bottom left of the chart's full width
        for grid in layout.grid:  # clipped to the plot, as by an Axes: half of its end lines
            canvas.add(
                Line2D(
                    [grid.x] * 2, [grid.y0, grid.y1], color=style.muted, linewidth=0.5, alpha=0.4, zorder=0.5
                ),
                clip=plot,
            )
        for bar in layout.bars:
            canvas.add(*_bar(style, layout, bar), clip=plot)
        if layout.scale.beyond:
            canvas.add(*_axis_break(style, layout))
        for laid_out in layout.labels:
            canvas.label(laid_out)
        return canvas.svg(plot, 0.0, PAY_WIDTH)


def _bar(style: ChartStyle, layout: PayLayout, bar: Bar) -> list[Artist]:
    """The bar, its open or broken end, and its median's marker."""
    look = fill(style, bar.order if style.patterns else 0)
    height = layout.bar_height
    bottom, top = bar.y - height / 2, bar.y + height / 2
    open_side = bar.fade > 0
    outline = style.patterns and not open_side
    shapes: list[Artist] = [
        Rectangle(
            (bar.x0, bottom), bar.x1 - bar.x0, height, zorder=2, linewidth=0.8 if outline else 0, **look
        )
    ]
    if bar.band_x0 is not None and bar.band_x1 is not None:  # the ends lighter, the middle full
        shapes[0].set_alpha(None if style.patterns else 0.45)
        core = {"facecolor": style.ink, "alpha": 0.3} if style.patterns else {"facecolor": look["facecolor"]}
        shapes.append(
            Rectangle(
                (bar.band_x0, bottom), bar.band_x1 - bar.band_x0, height, zorder=2.5, linewidth=0, **core
            )
        )
    if style.patterns and open_side:  # an outline without its right side
        shapes.append(
            Line2D(
                [bar.x1, bar.x0, bar.x0, bar.x1],
                [bottom, bottom, top, top],
                color=style.ink,
                linewidth=0.8,
                zorder=2,
                solid_joinstyle="miter",
            )
        )
    if open_side:
        shapes.extend(_open_end(style, look, bar.x1, bar.fade, bottom, top))
    cut = layout.scale.x(layout.scale.top) + BREAK_AT
    if bar.broken:
        shapes.extend(_break(style, cut, bottom - 0.02, top + 0.02))
    if bar.median is not None:
        shapes.append(
            Line2D(
                [bar.median],
                [bar.y],
                marker="D",
                markersize=6.5,
                color=_marker_colour(style, look["facecolor"]),
                markeredgecolor=WHITE,
                markeredgewidth=1.1,
                zorder=4,
                linestyle="none",
            )
        )
    return shapes


def _break(style: ChartStyle, x: float, bottom: float, top: float) -> list[Artist]:
    """A leaning white band across a bar (edged in ink, in patterns): the scale jumps here."""
    half, lean = BREAK_WIDTH / 2, BREAK_SLANT / 2
    corners = [
        (x - half - lean, bottom),
        (x + half - lean, bottom),
        (x + half + lean, top),
        (x - half + lean, top),
    ]
    shapes: list[Artist] = [Polygon(corners, closed=True, facecolor=WHITE, linewidth=0, zorder=3)]
    if style.patterns:
        shapes.extend(
            Line2D([a[0], b[0]], [a[1], b[1]], color=style.ink, linewidth=0.8, zorder=3)
            for a, b in ((corners[0], corners[3]), (corners[1], corners[2]))
        )
    return shapes


def _axis_break(style: ChartStyle, layout: PayLayout) -> list[Artist]:
    """Two short leaning strokes at the foot of the plot where the scale is cut."""
    x = layout.scale.x(layout.scale.top) + BREAK_AT
    y = layout.plot.y0
    return [
        Line2D(
            [x + dx - 0.025, x + dx + 0.025], [y - 0.05, y + 0.05], color=style.muted, linewidth=0.8, zorder=1
        )
        for dx in (-0.02, 0.02)
    ]


def _marker_colour(style: ChartStyle, bar: str) -> str:
    """The median's colour: the accent, unless it would vanish on the bar's colour."""
    if style.patterns:
        return style.ink
    for colour in (style.accent, WHITE, style.ink):
        if contrast(colour, bar) >= 2.5:
            return colour
    return style.ink


def _open_end(
    style: ChartStyle, look: dict[str, Any], high: float, extension: float, bottom: float, top: float
) -> list[Artist]:
    """Past `high` the bar fades out (dashes out, in patterns): the range has no top."""
    if style.patterns:
        return [
            Line2D(
                [high, high + extension],
                [y, y],
                color=style.ink,
                linewidth=0.8,
                linestyle=(0, (2.2, 1.6)),
                zorder=2,
            )
            for y in (bottom, top)
        ]
    steps = 14
    step_width = extension / steps
    return [
        Rectangle(
            (high + step * step_width, bottom),
            step_width,
            top - bottom,
            zorder=2,
            facecolor=look["facecolor"],
            alpha=round((1 - (step + 1) / (steps + 1)) ** 1.5, 3),
            linewidth=0,
            antialiased=False,
        )
        for step in range(steps)
    ]


def pay_alt(
    pay: Pay | ResolvedPay,
    lang: str = "en",
    *,
    title: str = "Pay ranges",
    to: str = "to",
    median: str = "median",
    per_hour: str = "an hour",
) -> str:
    """`Pay ranges: Audio engineering (staff) $34K to $105K, median $66K; …`."""
    hourly = f" {per_hour}" if pay.period == "hour" and per_hour else ""
    parts = []
    for r in _ranges(pay):
        cents = formatting.needs_cents(r.low, r.high)
        low = formatting.money(r.low, pay.currency, lang, period=pay.period, cents=cents)
        high = formatting.money(r.high, pay.currency, lang, period=pay.period, cents=cents)
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
