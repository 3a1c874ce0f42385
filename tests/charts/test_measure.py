"""Measuring and wrapping text, the canvas's extent, and output the same in any process."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable

import pytest
from chart_cases import CROWDED, EIGHT, FIVE, HOURLY, LONG_LABEL, ROOT, TWELVE, TWO, parse, slices, text_boxes
from matplotlib.textpath import TextToPath

from careerbook.charts import donut, measure
from careerbook.charts.donut import time_split_svg as split_svg
from careerbook.charts.pay import pay_svg
from careerbook.charts.style import DEFAULT_STYLE, PRINT_STYLE
from careerbook.content.validate import load_career


def test_a_line_measures_as_its_words_and_spaces() -> None:
    """Wrapping adds up the widths of words (each measured once): right only as long as the
    font kerns nothing across a space, so the sum is what the whole line measures."""
    font = measure.font(DEFAULT_STYLE, measure.NAME_SIZE)
    donut.split_label_boxes(TWO)  # Inter known to matplotlib
    lines = (
        [s.activity for s in TWELVE + FIVE]
        + [r.label for r in EIGHT.ranges]
        + ["Amasado y formado", "Atención al público, pedidos y caja", "“Quoted” words… and,  more "]
    )
    for line in lines:
        whole, _, _ = TextToPath().get_text_width_height_descent(line, measure.props(font), ismath=False)
        assert measure.width(line, font) == pytest.approx(whole / 72, abs=1e-9), line


def test_svg_keeps_its_size_for_weasyprint() -> None:
    root = parse(split_svg(FIVE, DEFAULT_STYLE))
    width = float(root.attrib["width"].removesuffix("pt"))
    height = float(root.attrib["height"].removesuffix("pt"))
    assert "viewBox" in root.attrib
    assert 6.0 * 72 <= width <= 6.6 * 72
    assert 2.4 * 72 <= height <= 3.8 * 72


@pytest.mark.parametrize(
    "draw",
    [
        lambda: split_svg(TWELVE, DEFAULT_STYLE),
        lambda: split_svg(CROWDED, PRINT_STYLE),
        lambda: split_svg(slices(("Soundcheck" * 20, 60), ("Meetings", 40)), DEFAULT_STYLE),
        lambda: split_svg(load_career(ROOT / "tests/data/careers/twelve-slices.yaml").work.time_split),
        lambda: pay_svg(EIGHT, PRINT_STYLE),
        lambda: pay_svg(LONG_LABEL, DEFAULT_STYLE),
        lambda: pay_svg(HOURLY, DEFAULT_STYLE, lang="es", median_label="mediana"),
    ],
    ids=[
        "split-12",
        "split-crowded",
        "split-one-word",
        "split-overflowing",
        "pay-8",
        "pay-one-word",
        "pay-es",
    ],
)
def test_no_text_sticks_out_of_the_chart(draw: Callable[[], str]) -> None:
    """The chart's extent is worked out from the laid-out labels, without drawing: it must
    hold every text, or WeasyPrint clips it."""
    svg = draw()
    root = parse(svg)
    width = float(root.attrib["width"].removesuffix("pt"))
    height = float(root.attrib["height"].removesuffix("pt"))
    for text, left, top, right, bottom in text_boxes(svg):
        assert left >= 0 and top >= 0 and right <= width and bottom <= height, (
            text,
            left,
            top,
            right,
            bottom,
            width,
            height,
        )


def test_output_is_the_same_in_another_process() -> None:
    script = textwrap.dedent("""
        import hashlib, sys
        from careerbook.charts.donut import time_split_svg
        from careerbook.charts.pay import pay_svg
        from careerbook.charts.style import DEFAULT_STYLE
        from careerbook.content.models import TimeSlice
        from careerbook.content.pay_models import Pay, PayRange
        s = [TimeSlice(activity="A & B", percent=60), TimeSlice(activity="C", percent=40)]
        p = Pay(ranges=[PayRange(label="X", low=1000, median=2000, high=3000)])
        out = time_split_svg(s, DEFAULT_STYLE) + pay_svg(p, DEFAULT_STYLE)
        sys.stdout.write(hashlib.sha256(out.encode()).hexdigest())
    """)
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        digests.add(
            subprocess.run(
                [sys.executable, "-c", script], env=env, check=True, capture_output=True, text=True
            ).stdout
        )
    assert len(digests) == 1
