"""Print: bleed and crop marks for a print shop, inner margins on the fold, a booklet padded to a
multiple of 4 pages with truly blank pages, the imposed 2-up booklet, and the PDF variants."""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
from pathlib import Path

import pikepdf
import pytest
import yaml

from careerbook.cli.main import main
from careerbook.pdf.impose import sheet_sides
from pdftools import Pdf, read_pdf, render
from pdfua import check, read_structure

CAREERS = Path(__file__).parents[1] / "data" / "careers"
BLEED = 3 / 25.4 * 72  # 3 mm in points
LETTER = (612, 792)


def run(*args: str) -> int:
    with pytest.raises(SystemExit) as done:
        main(["-q", *args])
    return int(done.value.code or 0)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("print")
    (root / "content").mkdir()
    for name in ("full", "minimal", "twelve-slices"):
        shutil.copy(CAREERS / f"{name}.yaml", root / "content")
    (root / "careerbook.yaml").write_text(yaml.safe_dump(
        {"title": "Print test", "organization": "Riverside High", "paper": "letter", "duplex": True}))
    assert run("booklet", str(root), "--bleed", "3mm", "--crop-marks", "--imposed") == 0
    return root


@pytest.fixture(scope="module")
def booklet(project: Path) -> Pdf:
    return read_pdf(project / "output" / "booklet.pdf")


def boxes(path: Path) -> list[tuple[list[float], list[float]]]:
    with pikepdf.open(path) as pdf:
        return [([float(x) for x in p.mediabox], [float(x) for x in p.trimbox]) for p in pdf.pages]


def test_bleed_extends_the_media_box_beyond_the_trim(booklet: Pdf) -> None:
    for media, trim in boxes(booklet.path):
        assert trim == pytest.approx([0, 0, *LETTER], abs=0.01)
        assert media == pytest.approx([-BLEED, -BLEED, LETTER[0] + BLEED, LETTER[1] + BLEED], abs=0.01)


def test_crop_marks_are_drawn_in_the_bleed(booklet: Pdf) -> None:
    image = render(booklet.path, 3, dpi=144)
    edge = round(BLEED * 2) + 1  # the bleed, in pixels, and the trim line: the marks lie on it
    w, h = image.size
    for x0, y0 in ((0, 0), (w - edge, 0), (0, h - edge), (w - edge, h - edge)):
        corner = image.crop((x0, y0, x0 + edge, y0 + edge))
        assert corner.getextrema()[0] < 128, f"no crop mark in the corner at {x0},{y0}"


def test_booklet_is_padded_to_a_multiple_of_four_with_truly_blank_pages(booklet: Pdf) -> None:
    n = len(booklet.pages)
    assert n % 4 == 0
    index = next(i for i, text in enumerate(booklet.pages, start=1) if "Index of careers" in text
                 and "By cluster" in text)
    # The index opens on a right-hand page and fits on it, so at least one page is added.
    assert index % 2 == 1 and index < n
    tagged_pages = {p for node in read_structure(booklet.path).walk() for p in node.pages}
    for blank in range(index + 1, n + 1):
        assert not booklet.pages[blank - 1].strip(), f"page {blank} has text"
        assert blank not in tagged_pages
        image = render(booklet.path, blank)
        trim = image.crop((int(BLEED) + 2, int(BLEED) + 2,
                           int(BLEED + LETTER[0]) - 2, int(BLEED + LETTER[1]) - 2))
        assert trim.getextrema() == (255, 255), f"page {blank} is not blank"


def word_boxes(path: Path, page: int) -> list[tuple[float, float]]:
    """(xMin, xMax) of every word on a page, by pdftotext -bbox."""
    exe = shutil.which("pdftotext")
    assert exe
    out = subprocess.run([exe, "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
                         check=True, capture_output=True, text=True).stdout
    return [(float(a), float(b)) for a, b in re.findall(r'xMin="([\d.]+)" yMin="[\d.]+" '
                                                        r'xMax="([\d.]+)"', out)]


def test_inner_margins_are_wider_than_outer(booklet: Pdf) -> None:
    # Right-hand (odd) pages are bound on their left edge, left-hand (even) pages on their right.
    left_edges: dict[int, list[float]] = {0: [], 1: []}
    right_edges: dict[int, list[float]] = {0: [], 1: []}
    for page in range(2, len(booklet.pages) + 1):
        words = word_boxes(booklet.path, page)
        if len(words) < 20:
            continue  # a blank or nearly blank page says nothing about margins
        left_edges[page % 2].append(min(a for a, _ in words) - BLEED)
        right_edges[page % 2].append(LETTER[0] + BLEED - max(b for _, b in words))
    assert len(left_edges[0]) >= 2 and len(left_edges[1]) >= 2
    odd_left, even_left = statistics.median(left_edges[1]), statistics.median(left_edges[0])
    assert odd_left == pytest.approx(0.85 * 72, abs=2)  # inner margin of a right-hand page
    assert even_left == pytest.approx(0.6 * 72, abs=2)  # outer margin of a left-hand page
    assert min(right_edges[0]) > max(right_edges[1])  # left-hand pages keep more room on the fold


def test_imposed_booklet_folds_into_reading_order(project: Path, booklet: Pdf) -> None:
    imposed = read_pdf(project / "output" / "booklet-imposed.pdf")
    n = len(booklet.pages)
    assert len(imposed.pages) == n // 2
    for media, trim in boxes(imposed.path):
        assert media == pytest.approx([0, 0, 2 * LETTER[0], LETTER[1]], abs=0.01)  # Tabloid, landscape
        assert trim == media
    exe = shutil.which("pdftotext")
    assert exe
    for sheet, pair in enumerate(sheet_sides(n), start=1):
        for half, number in enumerate(pair):
            assert number is not None
            text = subprocess.run(
                [exe, "-f", str(sheet), "-l", str(sheet), "-x", str(half * LETTER[0]), "-y", "0",
                 "-W", str(LETTER[0]), "-H", str(LETTER[1]), str(imposed.path), "-"],
                check=True, capture_output=True, text=True).stdout
            # The same words (pdftotext may order side-by-side columns differently in a crop).
            assert sorted(text.split()) == sorted(booklet.pages[number - 1].split()), (
                sheet, half, number)


def test_bleed_and_marks_keep_the_booklet_accessible(booklet: Pdf) -> None:
    assert check(booklet.path) == []


def test_archive_variant_is_pdfa3b_and_still_tagged(tmp_path: Path) -> None:
    out = tmp_path / "archive.pdf"
    assert run("handout", str(CAREERS / "minimal.yaml"), "-o", str(out), "--pdf-variant", "pdf/a-3b") == 0
    with pikepdf.open(out) as pdf, pdf.open_metadata() as xmp:
        assert xmp["pdfaid:part"] == "3" and xmp["pdfaid:conformance"] == "B"
        assert "/StructTreeRoot" in pdf.Root and "/OutputIntents" in pdf.Root
    assert check(out) == [("06-002", "the XMP metadata has no PDF/UA identifier (pdfuaid:part)")]


@pytest.mark.parametrize(("option", "message"), [
    (["--bleed", "3 furlongs"], "--bleed '3 furlongs': give a length such as 3mm"),
    (["--pdf-variant", "pdf/x-4"], "'pdf/x-4' is not one of"),
])
def test_bad_print_options_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       option: list[str], message: str) -> None:
    out = tmp_path / "x.pdf"
    assert run("handout", str(CAREERS / "minimal.yaml"), "-o", str(out), *option) != 0
    assert message in capsys.readouterr().err
    assert not out.exists()
