"""The charts' colours: a palette that survives grayscale, hatching that uses only ink."""

from __future__ import annotations

from dataclasses import replace

import pytest
from chart_cases import EIGHT, FIVE, TWELVE, fills

from careerbook.charts import style
from careerbook.charts.donut import time_split_svg as split_svg
from careerbook.charts.pay import pay_svg
from careerbook.charts.style import DEFAULT_STYLE, PRINT_STYLE


def test_default_palette_survives_grayscale() -> None:
    def lightness(colour: str) -> float:
        y = style.luminance(colour)
        return 116 * y ** (1 / 3) - 16

    first_six = [lightness(c) for c in DEFAULT_STYLE.palette[:6]]
    assert min(abs(a - b) for i, a in enumerate(first_six) for b in first_six[i + 1:]) >= 10
    every = [lightness(c) for c in DEFAULT_STYLE.palette]
    assert all(abs(a - b) >= 20 for a, b in zip(every, every[1:] + every[:1], strict=True))


@pytest.mark.parametrize("chart", ["split", "pay"])
def test_patterns_use_hatching_and_only_ink(chart: str) -> None:
    style = replace(PRINT_STYLE, ink="#111111")
    svg = split_svg(TWELVE, style) if chart == "split" else pay_svg(EIGHT, style)
    assert "<pattern" in svg
    allowed = {"#111111", "#ffffff", "none"}
    painted = fills(svg)
    assert any(f.startswith("url(#") for f in painted)
    assert {f for f in painted if not f.startswith("url(#")} <= allowed


def test_default_style_fills_with_the_palette() -> None:
    painted = fills(split_svg(FIVE, DEFAULT_STYLE))
    assert {c.lower() for c in DEFAULT_STYLE.palette[:5]} <= painted
    assert "<pattern" not in split_svg(FIVE, DEFAULT_STYLE)
