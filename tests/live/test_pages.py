"""A PDF's pages for the browser: sizes, text runs placed on the page, PNG pictures."""

from __future__ import annotations

from pathlib import Path

from careerbook.build import handout
from careerbook.live.pages import PAGE_SCALE, page_png, read_pages
from careerbook.options import Options

CAREERS = Path(__file__).parents[1] / "data" / "careers"


def test_pages_and_their_text_runs_and_pictures(tmp_path: Path) -> None:
    pdf = handout(CAREERS / "full.yaml", tmp_path / "full.pdf", Options(fork=False)).read_bytes()
    pages = read_pages(pdf)
    assert len(pages) == 4
    first = pages[0]
    assert (first.width, first.height) == (612, 792)  # US letter, in points
    assert (first.pixels.width, first.pixels.height) == (612 * PAGE_SCALE, 792 * PAGE_SCALE)
    assert "Wildlife Biologist" in " ".join(run.text for run in first.runs)
    for run in first.runs:  # placed in percent of the page
        assert 0 <= run.left < 100 and 0 <= run.top < 100 and 0 < run.width <= 100
    png = page_png(pdf, 0)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert int.from_bytes(png[16:20], "big") == 1224  # the IHDR's width
