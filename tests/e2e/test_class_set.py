"""Handouts for real printers: `--duplex` handouts, the `handouts` command's class set (one file,
each handout on a new sheet, a bookmark a career, one structure tree), and `--careers` /
`--cluster` choosing what a booklet holds."""

from __future__ import annotations

import shutil
import statistics
import subprocess
from pathlib import Path

import pikepdf
import pytest
import yaml

from commands import status
from pdftools import Pdf, pages_of, read_pdf, render
from pdfua import check, read_structure

DATA = Path(__file__).parents[1] / "data" / "careers"
BUNDLED = Path(__file__).parents[2] / "content"
# The book's order: its `careers` list (not the files' order, not the titles').
ORDER = ["twelve-slices", "music-producer", "minimal", "wildlife-biologist", "spanish"]
NURSE = "Emergency Department Nurse Practitioner and Clinical Coordinator"
TITLES = {
    "twelve-slices": NURSE,
    "music-producer": "Music Producer",
    "minimal": "Beekeeper",
    "wildlife-biologist": "Wildlife Biologist",
    "spanish": "Panadero artesano",
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("class-set")
    (root / "content").mkdir()
    for name in ("full", "minimal", "spanish", "twelve-slices"):
        shutil.copy(DATA / f"{name}.yaml", root / "content")
    shutil.copy(BUNDLED / "music-producer.yaml", root / "content")
    (root / "careerbook.yaml").write_text(
        yaml.safe_dump(
            {"title": "Class set test", "organization": "Riverside High", "paper": "letter", "careers": ORDER}
        )
    )
    return root


@pytest.fixture(scope="module")
def class_set(project: Path) -> Pdf:
    target = project / "output" / "class-set.pdf"
    assert status("handouts", "--project", str(project), "--duplex", "-o", str(target)) == 0
    return read_pdf(target)


def starts(pdf: Pdf) -> dict[str, int]:
    """Each top-level bookmark's title -> the page (1-based) it leads to."""
    return {title: page for level, title, page in pdf.outline() if level == 1}


def test_one_bookmark_a_handout_in_the_book_order_each_on_a_new_sheet(class_set: Pdf) -> None:
    found = starts(class_set)
    assert list(found) == [TITLES[s] for s in ORDER]
    assert all(page % 2 == 1 for page in found.values()), found  # right-hand: a new sheet
    assert len(class_set.pages) % 2 == 0
    # Each handout's own bookmarks under its own, on its own pages.
    outline = class_set.outline()
    bounds = [*found.values(), len(class_set.pages) + 1]
    tops = [i for i, (level, _, _) in enumerate(outline) if level == 1]
    for n, (i, end) in enumerate(zip(tops, [*tops[1:], len(outline)], strict=True)):
        children = outline[i + 1 : end]
        assert children and all(level >= 2 for level, _, _ in children)
        assert all(bounds[n] <= page < bounds[n + 1] for _, _, page in children)


def test_page_numbers_stay_each_handouts_own(class_set: Pdf) -> None:
    found = list(starts(class_set).values())
    for first in found:
        text = " ".join(class_set.pages[first - 1].split())
        assert "Page 1 of" in text or "Página 1 de" in text


def test_the_pads_are_truly_blank(class_set: Pdf) -> None:
    found = list(starts(class_set).values())
    tagged = {p for node in read_structure(class_set.path).walk() for p in node.pages}
    pads = 0
    for first, end in zip(found, [*found[1:], len(class_set.pages) + 1], strict=True):
        texts = class_set.pages[first - 1 : end - 1]
        last = max(i for i, text in enumerate(texts) if text.strip())
        for blank in range(first + last + 1, end):
            pads += 1
            assert not class_set.pages[blank - 1].strip(), f"page {blank} has text"
            assert blank not in tagged
            assert render(class_set.path, blank).getextrema() == (255, 255), f"page {blank}"
    assert pads  # five handouts of 1 to 4 pages: some need a pad


def test_margins_mirror_on_the_two_sides_of_a_sheet(class_set: Pdf) -> None:
    left: dict[int, list[float]] = {0: [], 1: []}
    for number, page in enumerate(pages_of(class_set.path), start=1):
        body = [w for w in page.words if 60 < w.y0 < page.height - 60]
        if len(body) >= 20:
            left[number % 2].append(min(w.x0 for w in body))
    assert left[0] and left[1]
    assert statistics.median(left[1]) == pytest.approx(0.8 * 72, abs=1.5)  # inner, right-hand page
    assert statistics.median(left[0]) == pytest.approx(0.6 * 72, abs=1.5)  # outer, left-hand page


def test_the_class_set_is_tagged_as_each_handout_is(class_set: Pdf) -> None:
    assert check(class_set.path) == []
    tree = read_structure(class_set.path)
    parts = tree.all("Part")
    assert len(parts) == len(ORDER)
    assert [p.lang for p in parts].count("es") == 1  # the Spanish handout keeps its language
    with pikepdf.open(class_set.path) as pdf:
        assert str(pdf.Root.Lang) == "en" and str(pdf.docinfo.Title) == "Class set test"
        assert "/Dests" not in pdf.Root.get("/Names", {})  # every handout has the same names


def test_a_duplex_handout_on_its_own(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "minimal.pdf"
    assert status("handout", str(project / "content" / "minimal.yaml"), "-o", str(out)) == 0
    single = len(read_pdf(out).pages)
    assert status("handout", str(project / "content" / "minimal.yaml"), "-o", str(out), "--duplex") == 0
    assert len(read_pdf(out).pages) == single + single % 2


def test_a_cluster_and_a_choice_of_careers(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "choice.pdf"
    assert (
        status("handouts", "spanish,minimal", "wildlife-biologist", "--project", str(project), "-o", str(out))
        == 0
    )
    assert list(starts(read_pdf(out))) == ["Beekeeper", "Wildlife Biologist", "Panadero artesano"]
    assert status("handouts", "--project", str(project), "--cluster", "health science", "-o", str(out)) == 0
    assert list(starts(read_pdf(out))) == [NURSE]


def test_booklet_takes_the_careers_chosen_in_the_book_order(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "booklet.pdf"
    assert (
        status("booklet", str(project), "--careers", "wildlife-biologist,twelve-slices", "-o", str(out)) == 0
    )
    titles = [t for level, t, _ in read_pdf(out).outline() if t in TITLES.values()]
    assert list(dict.fromkeys(titles)) == [NURSE, "Wildlife Biologist"]
    assert status("booklet", str(project), "--cluster", "Hostelería y turismo", "-o", str(out)) == 0
    titles = [t for level, t, _ in read_pdf(out).outline() if t in TITLES.values()]
    assert list(dict.fromkeys(titles)) == ["Panadero artesano"]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["--careers", "wildlife-biologst"],
            "no career with the slug 'wildlife-biologst' in this book; did you mean 'wildlife-biologist'",
        ),
        (
            ["--cluster", "Healt"],
            "no cluster with the name 'Healt' in this book; did you mean 'Health Science'",
        ),
    ],
)
def test_an_unknown_choice_names_the_close_ones(
    project: Path, tmp_path: Path, args: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert status("booklet", str(project), *args, "-o", str(tmp_path / "b.pdf")) == 1
    assert said in capsys.readouterr().err
    assert not (tmp_path / "b.pdf").exists()


def test_an_archive_class_set_keeps_the_handouts_pdfa_declaration(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "archive.pdf"
    assert (
        status(
            "handouts",
            "minimal",
            "spanish",
            "--project",
            str(project),
            "-o",
            str(out),
            "--pdf-variant",
            "pdf/a-3b",
        )
        == 0
    )
    with pikepdf.open(out) as pdf:
        assert pdf.open_metadata().get("pdfaid:part") == "3"
        assert "/DestOutputProfile" in pdf.Root.OutputIntents[0]  # the colour profile, copied
        assert len(read_structure(out).all("Part")) == 2
    assert subprocess.run(["qpdf", "--check", str(out)], capture_output=True).returncode == 0
