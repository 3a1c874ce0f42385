"""Print: bleed and crop marks for a print shop, inner margins on the fold, a booklet padded to a
multiple of 4 pages with truly blank pages, the imposed 2-up booklet, and the PDF variants."""

from __future__ import annotations

import io
import re
import shutil
import statistics
import subprocess
from pathlib import Path

import pikepdf
import pytest
import yaml
from PIL import Image

from careerbook.pdf.impose import sheet_sides
from careerbook.pdf.marks import MARK_SPACE
from commands import status
from pdftools import Pdf, read_pdf, render
from pdfua import check, read_structure

CAREERS = Path(__file__).parents[1] / "data" / "careers"
BLEED = 3 / 25.4 * 72  # 3 mm in points
EDGE = BLEED + MARK_SPACE  # from the trim to the MediaBox's edge, where the marks lie
LETTER = (612, 792)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("print")
    (root / "content").mkdir()
    for name in ("full", "minimal", "twelve-slices"):
        shutil.copy(CAREERS / f"{name}.yaml", root / "content")
    (root / "careerbook.yaml").write_text(
        yaml.safe_dump(
            {"title": "Print test", "organization": "Riverside High", "paper": "letter", "duplex": True}
        )
    )
    assert status("booklet", str(root), "--bleed", "3mm", "--crop-marks", "--imposed") == 0
    return root


@pytest.fixture(scope="module")
def booklet(project: Path) -> Pdf:
    return read_pdf(project / "output" / "booklet.pdf")


def boxes(path: Path) -> list[tuple[list[float], list[float]]]:
    with pikepdf.open(path) as pdf:
        return [([float(x) for x in p.mediabox], [float(x) for x in p.trimbox]) for p in pdf.pages]


def test_the_boxes_nest_media_beyond_bleed_beyond_trim(booklet: Pdf) -> None:
    """The TrimBox is the page, the BleedBox 3 mm beyond it (what WeasyPrint paints), and the
    MediaBox strictly larger still, with room for the crop marks outside the bleed."""
    with pikepdf.open(booklet.path) as pdf:
        for page in pdf.pages:
            media, bleed, trim = (
                [float(x) for x in page.obj[name]] for name in ("/MediaBox", "/BleedBox", "/TrimBox")
            )
            assert trim == pytest.approx([0, 0, *LETTER], abs=0.01)
            assert bleed == pytest.approx([-BLEED, -BLEED, LETTER[0] + BLEED, LETTER[1] + BLEED], abs=0.01)
            assert media == pytest.approx([-EDGE, -EDGE, LETTER[0] + EDGE, LETTER[1] + EDGE], abs=0.01)
            assert media[0] < bleed[0] < trim[0] and media[1] < bleed[1] < trim[1]
            assert media[2] > bleed[2] > trim[2] and media[3] > bleed[3] > trim[3]


def test_crop_marks_are_drawn_outside_the_bleed(booklet: Pdf) -> None:
    dpi = 144
    image = render(booklet.path, 3, dpi=dpi)  # a page of text: white in the bleed
    px = dpi / 72
    margin, trim = MARK_SPACE * px, EDGE * px  # from the page's edge: the bleed, the trim
    w, h = image.size

    def region(x0: float, y0: float, x1: float, y1: float, right: bool, bottom: bool) -> Image.Image:
        """A box given for the top-left corner, mirrored to the corner asked for."""
        xs = sorted((w - x0, w - x1)) if right else [x0, x1]
        ys = sorted((h - y0, h - y1)) if bottom else [y0, y1]
        return image.crop((round(xs[0]), round(ys[0]), round(xs[1]), round(ys[1])))

    for right in (False, True):
        for bottom in (False, True):
            where = f"{'right' if right else 'left'} {'bottom' if bottom else 'top'}"
            # In the margin beyond the bleed, on the lines of the trim: one mark each way.
            down = region(trim - 3, 0, trim + 3, margin - 1, right, bottom)
            across = region(0, trim - 3, margin - 1, trim + 3, right, bottom)
            assert down.getextrema()[0] < 160 and across.getextrema()[0] < 160, where
            # The bleed is left as the page paints it: white, on a page of text.
            bleed = region(margin + 1, margin + 1, trim - 1, trim - 1, right, bottom)
            assert bleed.getextrema() == (255, 255), f"a mark in the bleed, {where}"


def rgb(path: Path, page: int, dpi: int) -> Image.Image:
    exe = shutil.which("pdftoppm")
    assert exe
    png = subprocess.run(
        [exe, "-f", str(page), "-l", str(page), "-r", str(dpi), "-png", str(path)],
        check=True,
        capture_output=True,
    ).stdout
    return Image.open(io.BytesIO(png)).convert("RGB")


def test_the_cover_colour_runs_into_the_bleed(booklet: Pdf) -> None:
    """Beside the trim, inside the bleed, the cover is its colour wherever its block reaches the
    trim (the top, and the sides down to the foot): no white edge after trimming."""
    dpi = 150
    image = rgb(booklet.path, 1, dpi)
    px = dpi / 72
    with pikepdf.open(booklet.path) as pdf:  # where the trim is, from the page's own boxes
        media, trim = ([float(x) for x in pdf.pages[0].obj[name]] for name in ("/MediaBox", "/TrimBox"))
    trim_left, trim_top = (trim[0] - media[0]) * px, (media[3] - trim[3]) * px
    trim_right = image.width - (media[2] - trim[2]) * px
    inside = (round(trim_left + 1 * 72 * px), round(trim_top + 0.5 * 72 * px))
    colour = image.getpixel(inside)
    assert colour != (255, 255, 255) and max(colour) - min(colour) > 40  # the accent
    depth = BLEED * px  # pixels from the trim into the bleed
    for offset in (0.2, 0.5, 0.85):
        x_left, x_right = round(trim_left - offset * depth), round(trim_right + offset * depth)
        y_top = round(trim_top - offset * depth)
        for y in (y_top, *(round(trim_top + inch * 72 * px) for inch in (0.1, 2, 5))):
            for x in (x_left, x_right):
                assert image.getpixel((x, y)) == pytest.approx(colour, abs=6), (x, y)
        for x in (round(image.width / 2), round(trim_left + 0.2 * 72 * px)):
            assert image.getpixel((x, y_top)) == pytest.approx(colour, abs=6), (x, y_top)
    # The foot, on white, stays white in the bleed.
    foot = round(image.height - trim_top - 0.3 * 72 * px)
    assert image.getpixel((round(trim_left - depth / 2), foot)) == (255, 255, 255)


def test_booklet_is_padded_to_a_multiple_of_four_with_truly_blank_pages(booklet: Pdf) -> None:
    n = len(booklet.pages)
    assert n % 4 == 0
    index = next(
        i
        for i, text in enumerate(booklet.pages, start=1)
        if "Index of careers" in text and "By cluster" in text
    )
    # The index opens on a right-hand page and fits on it, so at least one page is added.
    assert index % 2 == 1 and index < n
    tagged_pages = {p for node in read_structure(booklet.path).walk() for p in node.pages}
    for blank in range(index + 1, n + 1):
        assert not booklet.pages[blank - 1].strip(), f"page {blank} has text"
        assert blank not in tagged_pages
        image = render(booklet.path, blank)
        trim = image.crop(
            (int(EDGE) + 2, int(EDGE) + 2, int(EDGE + LETTER[0]) - 2, int(EDGE + LETTER[1]) - 2)
        )
        assert trim.getextrema() == (255, 255), f"page {blank} is not blank"


def word_boxes(path: Path, page: int) -> list[tuple[float, float]]:
    """(xMin, xMax) of every word on a page, by pdftotext -bbox."""
    exe = shutil.which("pdftotext")
    assert exe
    out = subprocess.run(
        [exe, "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [
        (float(a), float(b))
        for a, b in re.findall(
            r'xMin="([\d.]+)" yMin="[\d.]+" '
            r'xMax="([\d.]+)"',
            out,
        )
    ]


def test_inner_margins_are_wider_than_outer(booklet: Pdf) -> None:
    # Right-hand (odd) pages are bound on their left edge, left-hand (even) pages on their right.
    left_edges: dict[int, list[float]] = {0: [], 1: []}
    right_edges: dict[int, list[float]] = {0: [], 1: []}
    for page in range(2, len(booklet.pages) + 1):
        words = word_boxes(booklet.path, page)
        if len(words) < 20:
            continue  # a blank or nearly blank page says nothing about margins
        left_edges[page % 2].append(min(a for a, _ in words) - EDGE)
        right_edges[page % 2].append(LETTER[0] + EDGE - max(b for _, b in words))
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
                [
                    exe,
                    "-f",
                    str(sheet),
                    "-l",
                    str(sheet),
                    "-x",
                    str(half * LETTER[0]),
                    "-y",
                    "0",
                    "-W",
                    str(LETTER[0]),
                    "-H",
                    str(LETTER[1]),
                    str(imposed.path),
                    "-",
                ],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            # The same words (pdftotext may order side-by-side columns differently in a crop).
            assert sorted(text.split()) == sorted(booklet.pages[number - 1].split()), (sheet, half, number)


def test_bleed_and_marks_keep_the_booklet_accessible(booklet: Pdf) -> None:
    assert check(booklet.path) == []


def test_archive_variant_is_pdfa3b_and_still_tagged(tmp_path: Path) -> None:
    out = tmp_path / "archive.pdf"
    assert status("handout", str(CAREERS / "minimal.yaml"), "-o", str(out), "--pdf-variant", "pdf/a-3b") == 0
    with pikepdf.open(out) as pdf, pdf.open_metadata() as xmp:
        assert xmp["pdfaid:part"] == "3" and xmp["pdfaid:conformance"] == "B"
        assert "/StructTreeRoot" in pdf.Root and "/OutputIntents" in pdf.Root
    assert check(out) == [("06-002", "the XMP metadata has no PDF/UA identifier (pdfuaid:part)")]


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--bleed", "3 furlongs"], "--bleed '3 furlongs': give a length such as 3mm"),
        (["--pdf-variant", "pdf/x-4"], "'pdf/x-4' is not one of"),
    ],
)
def test_bad_print_options_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: list[str], message: str
) -> None:
    out = tmp_path / "x.pdf"
    assert status("handout", str(CAREERS / "minimal.yaml"), "-o", str(out), *option) != 0
    assert message in capsys.readouterr().err
    assert not out.exists()
