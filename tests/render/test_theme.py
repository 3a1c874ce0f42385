"""Themes, branding and a project's own files, read back from the PDFs and their pixels."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from PIL import Image, ImageDraw

from careerbook.render.theme import available_themes, load_theme, soften
from commands import status
from pdftools import read_pdf, squash

ROOT = Path(__file__).parents[2]
ACCENT = "#7a1f5c"  # the school's colour in the book file
CHART = ["#c2185b", "#1565c0", "#f9a825", "#2e7d32", "#6a1b9a"]
TEAL = "#0f6e6e"  # the default theme's accent


def make_project(root: Path, book: str) -> Path:
    """A project with the Music Producer (fit cards, a start-here box, two charts)."""
    (root / "content").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "music-producer.yaml", root / "content")
    (root / "careerbook.yaml").write_text(book, encoding="utf-8")
    return root


def draw_logo(path: Path, *, outline: bool = False) -> None:
    """A PNG logo: a filled square with a triangle, or (for grayscale printing) outlines only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", (240, 80), "white")
    draw = ImageDraw.Draw(image)
    if outline:
        draw.rectangle((2, 2, 77, 77), outline="black", width=4)
        draw.polygon([(20, 60), (40, 20), (60, 60)], outline="black", width=4)
    else:
        draw.rectangle((0, 0, 79, 79), fill=(0x7A, 0x1F, 0x5C))
        draw.polygon([(20, 60), (40, 20), (60, 60)], fill="white")
    image.save(path)


def colours(pdf: Path) -> set[str]:
    """Every fill and stroke colour drawn anywhere in the PDF (pages, forms, patterns), as #rrggbb."""
    found = set()
    with pikepdf.open(pdf) as doc:
        for obj in doc.objects:
            if (
                not isinstance(obj, pikepdf.Stream)
                or obj.get("/Subtype") == "/Image"
                or "/Length1" in obj
                or obj.get("/Type") in ("/XRef", "/ObjStm", "/Metadata")
            ):
                continue
            try:
                data = obj.read_bytes()
            except pikepdf.PdfError:
                continue
            for r, g, b in re.findall(
                rb"(?<![\w.])([\d.]+) ([\d.]+) ([\d.]+) (?:rg|RG|sc|SC|scn|SCN)\b", data
            ):
                found.add("#" + "".join(f"{round(float(c) * 255):02x}" for c in (r, g, b)))
    return found


def filled_areas(pdf: Path, pages: int = 99, dpi: int = 100, block: int = 16) -> list[int]:
    """For each of the first `pages`, how many blocks of block×block pixels (about 11 points)
    hold no white pixel at all: a filled background, never text, rules or hatching."""
    out_dir = pdf.parent / f"{pdf.stem}-pixels"
    shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.mkdir()
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-gray", "-l", str(pages), "-png", str(pdf), str(out_dir / "p")],
        check=True,
    )
    counts = []
    for png in sorted(out_dir.glob("p-*.png")):
        pixels = np.asarray(Image.open(png).convert("L"))
        rows, cols = (n // block for n in pixels.shape)
        blocks = pixels[: rows * block, : cols * block].reshape(rows, block, cols, block)
        counts.append(int((blocks.max(axis=(1, 3)) < 250).sum()))
    return counts


# --- branding and colours from the book file ------------------------------------------------


@pytest.fixture(scope="module")
def branded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(
        tmp_path_factory.mktemp("branded"),
        (
            "title: Careers to Try\n"
            "organization: Riverside High School\n"
            "contact: counseling@riverside.example\n"
            "logo: assets/logo.png\n"
            f'colors:\n  accent: "{ACCENT}"\n  chart: [{", ".join(f"{c!r}" for c in CHART)}]\n'
        ),
    )
    draw_logo(root / "assets" / "logo.png")
    assert status("build", str(root)) == 0
    return root


def test_logo_and_school_in_every_handout_footer(branded: Path) -> None:
    pdf = read_pdf(branded / "output" / "music-producer.pdf")
    assert len(pdf.pages) >= 2
    for number, page in enumerate(pdf.pages):
        flat = " ".join(page.split())
        assert "Riverside High School · counseling@riverside.example" in flat
        assert len(pdf.reader.pages[number].images) == 1, f"no logo on page {number + 1}"


def test_logo_and_school_on_the_booklet_cover(branded: Path) -> None:
    pdf = read_pdf(branded / "output" / "booklet.pdf")
    cover = pdf.pages[0]
    for text in ("Careers to Try", "Riverside High School", "counseling@riverside.example"):
        assert text in cover
    assert len(pdf.reader.pages[0].images) == 1


def test_book_colours_recolour_the_page_and_the_charts(branded: Path) -> None:
    drawn = colours(branded / "output" / "music-producer.pdf")
    assert ACCENT in drawn, "the accent (headings, rules) did not change"
    assert soften(ACCENT) in drawn, "the boxes did not take a tint of the new accent"
    assert set(CHART) <= drawn, "the chart did not take the book's palette"
    assert TEAL not in drawn and "#0f4c5c" not in drawn, "the default theme's colours remain"


def test_colour_overrides_reach_the_chart_style() -> None:
    from careerbook.content.models import Colors

    theme = load_theme(None, colors=Colors(accent="#123", chart=["#123456"]))
    assert theme.chart_style().palette == ("#123456",) and theme.chart_style().accent == "#123"
    assert "--accent: #123;" in theme.css_variables()
    assert "--accent-soft: #e7e9eb" in theme.css_variables()  # a tint of the new accent
    kept = load_theme(None, colors=Colors(accent_soft="#fafafa"))
    assert kept.colors.accent == TEAL and "--accent-soft: #fafafa" in kept.css_variables()


def test_a_bad_colour_is_named_with_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(
        tmp_path, 'title: X\ncolors:\n  accent: "red; } body { display: none"\n  chart: ["#123456", "#12"]\n'
    )
    assert status("handout", str(root / "content" / "music-producer.yaml")) == 1
    err = capsys.readouterr().err
    assert re.search(r"careerbook\.yaml:3:\d+: colors\.accent: .* is not a hex colour", err)
    assert re.search(r"careerbook\.yaml:4:\d+: colors\.chart\[1\]: '#12' is not a hex colour", err)
    assert not (root / "output").exists()


# --- the ink-saving theme -------------------------------------------------------------------


@pytest.fixture(scope="module")
def ink_saver(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(
        tmp_path_factory.mktemp("ink"),
        ("title: Careers to Try\norganization: Riverside High School\nlogo: logo.png\n"),
    )
    draw_logo(root / "logo.png", outline=True)
    assert status("build", str(root), "--theme", "ink-saver") == 0
    return root


def test_ink_saver_fills_nothing(ink_saver: Path) -> None:
    # Every page of the handout; the booklet's own pages (cover, its back, contents).
    for name, pages in (("music-producer.pdf", 99), ("booklet.pdf", 3)):
        counts = filled_areas(ink_saver / "output" / name, pages)
        assert counts == [0] * len(counts), f"{name}: filled areas on pages {counts}"


def test_default_theme_fills_are_detected(branded: Path) -> None:
    """The check above can fail: the default theme's cover and boxes are filled."""
    assert filled_areas(branded / "output" / "booklet.pdf", 1)[0] > 1000, "the cover is a colour block"
    assert filled_areas(branded / "output" / "music-producer.pdf", 1)[0] > 50, "the boxes are tinted"


def test_ink_saver_draws_in_gray_with_patterns(ink_saver: Path) -> None:
    drawn = colours(ink_saver / "output" / "music-producer.pdf")
    assert drawn and all(c[1:3] == c[3:5] == c[5:7] for c in drawn), f"colours in ink-saver: {drawn}"
    with pikepdf.open(ink_saver / "output" / "music-producer.pdf") as doc:
        patterns = [
            o
            for o in doc.objects
            if isinstance(o, pikepdf.Dictionary | pikepdf.Stream) and o.get("/PatternType") == 1
        ]
    assert patterns, "the charts are not hatched"
    text = read_pdf(ink_saver / "output" / "music-producer.pdf").text
    assert "Mixing & editing" in text and "$66K" in text


def test_themes_are_listed_with_their_folders() -> None:
    themes = available_themes()
    assert {"default", "ink-saver"} <= set(themes)
    assert load_theme("ink-saver").patterns and not load_theme("default").patterns


def test_an_unknown_theme_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    career = ROOT / "content" / "music-producer.yaml"
    assert status("handout", str(career), "-o", str(tmp_path / "x.pdf"), "--theme", "neon") == 1
    assert "unknown theme 'neon'; available: default, ink-saver" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


# --- a project's own templates and styles -----------------------------------------------------


@pytest.fixture(scope="module")
def overridden(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("override"), "title: Our Guide\n")
    (root / "templates" / "sections").mkdir(parents=True)
    (root / "templates" / "sections" / "start_here.html").write_text(
        '<section class="start-here"><p class="eyebrow">Your first step</p>\n'
        "<h2>{{ career.start_here.title }}</h2>\n"
        "<p>Bring what you make to the counseling office: we will look at it with you.</p>\n"
        "</section>\n",
        encoding="utf-8",
    )
    (root / "styles" / "default").mkdir(parents=True)
    (root / "styles" / "default" / "theme.css").write_text(".closing { color: #ab12cd; }\n", encoding="utf-8")
    out = root / "output" / "mp.pdf"
    assert status("handout", str(root / "content" / "music-producer.yaml"), "-o", str(out)) == 0
    return out


def test_one_template_overridden_the_rest_of_the_theme_applies(overridden: Path) -> None:
    pdf = read_pdf(overridden)
    text = squash(pdf.text)
    assert squash("Your first step") in text
    assert squash("Bring what you make to the counseling office") in text
    assert squash("AI Music Track + Cover Art") in text  # the override's own use of the career
    assert squash("Start here") not in text  # the bundled start_here.html is not used
    for kept in (
        "What you’d actually do all day",
        "Would you actually like it?",
        "The real money and market",
        "Sources",
        "Page 1 of",
    ):
        assert squash(kept) in text, kept


def test_one_stylesheet_overridden_the_rest_of_the_theme_applies(overridden: Path) -> None:
    drawn = colours(overridden)
    assert "#ab12cd" in drawn, "the project's theme.css was not used"
    assert TEAL in drawn, "the theme's colours (theme.yaml) no longer apply"
    with pikepdf.open(overridden) as doc:
        fonts = {
            str(f.get("/BaseFont"))
            for page in doc.pages
            for f in (page.Resources.get("/Font") or {}).values()
        }
    assert any("Inter" in f for f in fonts), f"base.css (the Inter font) no longer applies: {fonts}"


# --- a project's own theme ----------------------------------------------------------------------


def test_a_theme_may_give_only_an_accent(tmp_path: Path) -> None:
    folder = tmp_path / "styles" / "school"
    folder.mkdir(parents=True)
    (folder / "theme.yaml").write_text('colors:\n  accent: "#7a1f5c"\n', encoding="utf-8")
    (folder / "theme.css").write_text("", encoding="utf-8")
    theme = load_theme("school", tmp_path)
    style = theme.chart_style()
    default = load_theme("default").chart_style()
    assert style.accent == ACCENT
    assert (style.ink, style.muted, style.palette) == (default.ink, default.muted, default.palette)
    assert f"--accent-soft: {soften(ACCENT)}" in theme.css_variables()  # a tint of its own accent


def test_a_theme_missing_colours_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path, "title: X\n")
    folder = root / "styles" / "default"  # the project's own default: nothing below it
    folder.mkdir(parents=True)
    (folder / "theme.yaml").write_text('colors:\n  accent: "#7a1f5c"\n', encoding="utf-8")
    assert status("handout", str(root / "content" / "music-producer.yaml")) == 1
    err = capsys.readouterr().err
    assert "styles/default/theme.yaml: colors: give ink, muted, chart" in err
    assert "Traceback" not in err and not (root / "output").exists()


def test_a_broken_template_the_handout_does_not_use_does_not_stop_it(tmp_path: Path) -> None:
    # Templates are compiled ahead of time while the charts are drawn (render.prepare);
    # one that cannot be read or compiled matters only when it is used.
    root = make_project(tmp_path, "title: Our Guide\n")
    (root / "templates").mkdir()
    (root / "templates" / "notes.html").write_bytes(b"\xff\xfe not UTF-8 {{")
    (root / "templates" / "booklet.html").write_text("{% if %}", encoding="utf-8")
    out = root / "output" / "mp.pdf"
    assert status("handout", str(root / "content" / "music-producer.yaml"), "-o", str(out)) == 0
    assert "Music Producer" in read_pdf(out).text
