"""Imposition: pages 2-up in saddle-stitch order, so a duplex print folded in half reads in order."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from careerbook.pdf.impose import impose, sheet_sides


def test_eight_pages_fold_into_two_sheets() -> None:
    assert sheet_sides(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]
    assert sheet_sides(4) == [(4, 1), (2, 3)]


@pytest.mark.parametrize("pages", [4, 8, 12, 24, 40])
def test_every_page_once_and_each_fold_pairs_first_with_last(pages: int) -> None:
    sides = sheet_sides(pages)
    assert len(sides) == pages // 2
    assert sorted(p for side in sides for p in side if p) == list(range(1, pages + 1))
    for left, right in sides:
        assert left and right and left + right == pages + 1
        # Folded, every odd page is a right-hand page, front and back of each sheet.
        assert right % 2 == 1 and left % 2 == 0
    # Sheet k's front and back hold the k-th outermost pages: 1 backs onto 2, n onto n - 1.
    for k in range(0, len(sides), 2):
        front, back = sides[k], sides[k + 1]
        assert (front[1], back[0]) == (k + 1, k + 2) and (front[0], back[1]) == (pages - k, pages - k - 1)


def test_a_count_that_is_not_a_multiple_of_four_gets_blank_halves() -> None:
    assert sheet_sides(6) == [(None, 1), (2, None), (6, 3), (4, 5)]


def numbered_pdf(path: Path, pages: int, size: str) -> Path:
    from weasyprint import HTML

    body = "".join(f'<p style="break-before: page">Page{n}</p>' for n in range(1, pages + 1))
    html = f"<style>@page {{ size: {size}; margin: 1in }} p {{ font-size: 40pt }}</style>{body}"
    HTML(string=html).write_pdf(path)
    return path


def half_text(path: Path, sheet: int, half: int, width: float, height: float) -> str:
    """The text in the left (0) or right (1) half of a 1-based sheet side."""
    exe = shutil.which("pdftotext")
    assert exe, "pdftotext is missing: run scripts/setup --dev (poppler-utils)"
    out = subprocess.run(
        [
            exe,
            "-f",
            str(sheet),
            "-l",
            str(sheet),
            "-x",
            str(int(half * width)),
            "-y",
            "0",
            "-W",
            str(int(width)),
            "-H",
            str(int(height)),
            str(path),
            "-",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return " ".join(out.split())


@pytest.mark.parametrize(
    ("size", "pages", "sheet"),
    [
        ("letter", 8, (1224, 792)),  # Letter pages on Tabloid landscape, 17 × 11 in
        ("A4", 4, (1190.55, 841.89)),  # A4 pages on A3 landscape
    ],
)
def test_each_sheet_side_holds_the_right_pages(
    tmp_path: Path, size: str, pages: int, sheet: tuple[float, float]
) -> None:
    source = numbered_pdf(tmp_path / "pages.pdf", pages, size)
    target = impose(source, tmp_path / "imposed.pdf")
    reader = PdfReader(target)
    assert len(reader.pages) == pages // 2
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(sheet[0], abs=0.1)
        assert float(page.mediabox.height) == pytest.approx(sheet[1], abs=0.1)
    for number, (left, right) in enumerate(sheet_sides(pages), start=1):
        halves = [half_text(target, number, half, sheet[0] / 2, sheet[1]) for half in (0, 1)]
        assert halves == [f"Page{left}", f"Page{right}"], number


def test_blank_halves_stay_blank(tmp_path: Path) -> None:
    source = numbered_pdf(tmp_path / "pages.pdf", 6, "letter")
    target = impose(source, tmp_path / "imposed.pdf")
    assert half_text(target, 1, 0, 612, 792) == ""
    assert half_text(target, 1, 1, 612, 792) == "Page1"
    assert half_text(target, 2, 1, 612, 792) == ""
