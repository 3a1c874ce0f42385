"""matplotlib's SVG, tidied: the same picture in WeasyPrint, in half the nodes and without CSS."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
import weasyprint
from PIL import ImageChops

from careerbook.charts import donut, measure
from careerbook.charts import pay as pay_chart
from careerbook.charts.donut import time_split_svg
from careerbook.charts.pay import pay_svg
from careerbook.charts.style import DEFAULT_STYLE, PRINT_STYLE
from careerbook.charts.svg_tidy import tidy
from careerbook.content.models import TimeSlice
from careerbook.content.pay_models import Pay, PayRange
from careerbook.render.templates import svg_uri
from careerbook.resources import styles_dir
from pdftools import render

SPLIT = [
    TimeSlice(activity=a, percent=p)
    for a, p in (
        ("Recording & tracking", 25),
        ("Mixing & editing", 30),
        ("Production & arrangement", 15),
        ("Artist/client & sessions", 10),
        ("Business & acquisition", 20),
    )
]
PAY = Pay(
    ranges=[
        PayRange(label="Audio engineering (staff)", low=34000, median=66000, high=105000),
        PayRange(label="Artist-producer with hits", low=150000, high=500000, open_high=True),
    ]
)
DRAWINGS = {
    "split": lambda style: time_split_svg(SPLIT, style),
    "pay": lambda style: pay_svg(PAY, style),
}
STYLES = {"default": DEFAULT_STYLE, "ink-saver": PRINT_STYLE}


@pytest.fixture
def untidy(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Charts as matplotlib writes them."""
    monkeypatch.setattr(measure, "tidy", lambda svg: svg)
    donut._time_split_svg.cache_clear()
    pay_chart._pay_svg.cache_clear()
    yield
    donut._time_split_svg.cache_clear()
    pay_chart._pay_svg.cache_clear()


def _both(untidy_svg: str) -> tuple[str, str]:
    return untidy_svg, tidy(untidy_svg)


def _picture(svg: str, path: Path) -> Path:
    faces = (styles_dir() / "base.css").read_text(encoding="utf-8")
    html = (
        f"<html><head><style>{faces}\n@page {{ size: 7in 4in; margin: 0.2in }}</style></head>"
        f'<body><img alt="chart" style="width: 6.5in" src="{svg_uri(svg)}"></body></html>'
    )
    weasyprint.HTML(string=html, base_url=styles_dir().as_uri() + "/").write_pdf(path)
    return path


@pytest.mark.parametrize("style", sorted(STYLES))
@pytest.mark.parametrize("chart", sorted(DRAWINGS))
def test_the_tidy_chart_looks_the_same(untidy: None, tmp_path: Path, chart: str, style: str) -> None:
    before, after = _both(DRAWINGS[chart](STYLES[style]))
    one = render(_picture(before, tmp_path / "before.pdf"), 1, dpi=100)
    other = render(_picture(after, tmp_path / "after.pdf"), 1, dpi=100)
    assert ImageChops.invert(one).getbbox() is not None  # something is drawn
    changed = sum(1 for v in ImageChops.difference(one, other).get_flattened_data() if v > 32)
    assert changed == 0


@pytest.mark.parametrize("chart", sorted(DRAWINGS))
def test_the_tidy_chart_has_half_the_nodes_and_no_css(untidy: None, chart: str) -> None:
    before, after = _both(DRAWINGS[chart](PRINT_STYLE))
    old, new = ET.fromstring(before), ET.fromstring(after)
    assert len(list(new.iter())) * 1.6 < len(list(old.iter()))
    assert not [e for e in new.iter() if e.tag.endswith(("}style", "}metadata"))]
    assert not [e for e in new.iter() if "style" in e.attrib]
    assert new.get("stroke-linejoin") == "round"  # matplotlib's `*` rule, now inherited
    ids = {e.get("id") for e in new.iter() if e.get("id")}
    assert ids and all(f"#{i}" in after for i in ids)  # only what is referenced keeps its id
    assert [t.text for t in new.iter() if t.tag.endswith("}text")] == [
        t.text for t in old.iter() if t.tag.endswith("}text")
    ]


def test_an_svg_with_other_css_is_left_as_it_is() -> None:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg"><style>rect { fill: red }</style>'
        '<g id="a"><rect width="1" height="1" style="stroke: blue"/></g></svg>'
    )
    assert tidy(svg) == svg
