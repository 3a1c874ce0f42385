"""SVG text drawn a string at a time looks as WeasyPrint's letter-by-letter drawing does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import weasyprint
from PIL import Image, ImageChops

from careerbook.options import Options
from careerbook.render.templates import svg_uri
from careerbook.resources import styles_dir
from careerbook.speed import forking, svg_text
from pdftools import pdftotext, render

# Labels as matplotlib writes them (text-anchor start, middle and end; a weight), and texts
# the whole-string drawer must leave to WeasyPrint: positions per letter, rotation, spacing.
SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="400pt" height="200pt" viewBox="0 0 400 200">
<text style="font-size: 12px; font-family: 'Inter'; text-anchor: start; fill: #1f2933"
      x="10" y="20">Recording &amp; tracking</text>
<text style="font-weight: 600; font-size: 12px; font-family: 'Inter'; text-anchor: end"
      x="390" y="40">Artist-producer with hits</text>
<text style="font-size: 10px; font-family: 'Inter'; text-anchor: middle" x="200" y="60">$150K–$500K+</text>
<text style="font-size: 12px; font-family: 'Inter'" x="10" y="80">Avenue <tspan>WAVE</tspan> tail</text>
<text style="font-size: 12px; font-family: 'Inter'" x="10 40 70" y="110">ABC</text>
<text style="font-size: 12px; font-family: 'Inter'" x="10" y="140" rotate="30">Spin</text>
<text style="font-size: 12px; font-family: 'Inter'; letter-spacing: 6px" x="10" y="170">Wide</text>
</svg>"""


def _html() -> str:
    faces = (styles_dir() / "base.css").read_text(encoding="utf-8")
    return (
        f"<html><head><style>{faces}\n@page {{ size: 6in 3.5in; margin: 0.2in }}</style></head>"
        f'<body><img alt="labels" style="width: 400pt" src="{svg_uri(SVG)}"></body></html>'
    )


def _write(path: Path, *, whole_strings: bool) -> None:
    """The SVG as a PDF, in a fresh process: with the whole-string drawer, or WeasyPrint's own."""
    code = (
        "import sys\nfrom pathlib import Path\nfrom careerbook.speed import svg_text\n"
        "from careerbook.resources import styles_dir\nimport weasyprint\n"
        "if sys.argv[3] == '1':\n    assert svg_text.install()\n"
        "weasyprint.HTML(string=Path(sys.argv[1]).read_text(),"
        " base_url=styles_dir().as_uri() + '/').write_pdf(sys.argv[2])\n"
    )
    html = path.with_suffix(".html")
    html.write_text(_html(), encoding="utf-8")
    subprocess.run(
        [sys.executable, "-c", code, str(html), str(path), "1" if whole_strings else "0"],
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="module")
def drawn(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("svg-text")
    stock, whole = folder / "stock.pdf", folder / "whole.pdf"
    _write(stock, whole_strings=False)
    _write(whole, whole_strings=True)
    return stock, whole


def test_it_is_used_with_the_weasyprint_it_was_written_for() -> None:
    assert svg_text.install() is weasyprint.__version__.startswith(forking.WEASYPRINT_TESTED_MAJOR + ".")


def test_another_weasyprint_gets_the_one_document_booklet_and_its_own_svg_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import careerbook.build as build

    monkeypatch.setattr(forking, "WEASYPRINT_TESTED_MAJOR", "69")
    monkeypatch.setattr(svg_text, "_installed", False)
    assert not forking.weasyprint_is_tested()
    assert svg_text.install() is False
    assert build._single(Options()) is True


def _lines(image: Image.Image) -> list[tuple[int, int]]:
    """The bands of pixel rows with ink in them, top to bottom."""
    inked = [
        ImageChops.invert(image.crop((0, y, image.width, y + 1))).getbbox() is not None
        for y in range(image.height)
    ]
    bands, start = [], None
    for y, ink in enumerate([*inked, False]):
        if ink and start is None:
            start = y
        elif not ink and start is not None:
            bands.append((start, y))
            start = None
    return bands


def test_the_page_looks_the_same_as_letter_by_letter(drawn: tuple[Path, Path]) -> None:
    stock, whole = (render(path, 1, dpi=144) for path in drawn)
    lines = _lines(stock)
    assert len(lines) == 7 and _lines(whole) == lines
    # Each line's ink spans the same width: kerning moves a glyph by a fraction of a point,
    # a label anchored or placed wrongly would move by its whole width.
    for top, bottom in lines:
        ink = [
            ImageChops.invert(image.crop((0, top, image.width, bottom))).getbbox() for image in (stock, whole)
        ]
        assert ink[0] is not None and ink[1] is not None
        assert ink[0][0] == pytest.approx(ink[1][0], abs=3)
        assert ink[0][2] == pytest.approx(ink[1][2], abs=3)


def test_labels_read_back_as_words(drawn: tuple[Path, Path]) -> None:
    text = pdftotext(drawn[1])[0]
    for label in ("Recording & tracking", "Artist-producer with hits", "$150K–$500K+", "Avenue WAVE tail"):
        assert label in text


@pytest.mark.parametrize(
    ("attributes", "simple"),
    [
        ({"x": "10", "y": "20"}, True),
        ({"x": "10.5", "y": "-3"}, True),
        ({"x": "10 20", "y": "20"}, False),
        ({"x": "10,20", "y": "20"}, False),
        ({"y": "20"}, False),  # goes on from where the last text ended
        ({"x": "10", "y": "20", "dx": "2"}, False),
        ({"x": "10", "y": "20", "rotate": "30"}, False),
        ({"x": "10", "y": "20", "textLength": "80"}, False),
        ({"x": "10", "y": "20", "letter-spacing": "2px"}, False),
        ({"x": "10", "y": "20", "dominant-baseline": "middle"}, False),
        ({"x": "10", "y": "20", "direction": "rtl"}, False),
    ],
)
def test_which_texts_are_drawn_whole(attributes: dict[str, str], simple: bool) -> None:
    node = SimpleNamespace(tag="text", text="Label", attrib=attributes)
    assert svg_text._simple(node) is simple
    assert svg_text._simple(SimpleNamespace(tag="textPath", text="Label", attrib=attributes)) is False
