"""End to end: career files become handouts, read back from the PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from careerbook.cli.main import main
from pdftools import read_pdf, squash

ROOT = Path(__file__).parents[2]
REFERENCE = Path(__file__).parents[1] / "data" / "reference" / "music-producer-page.txt"


def build(career: Path, out: Path, *args: str) -> None:
    with pytest.raises(SystemExit) as done:
        main(["-q", "handout", str(career), "-o", str(out), *args])
    assert done.value.code == 0


def reference_fragments() -> list[str]:
    """Every sentence and figure of the reference page, as it should read in the PDF."""
    fragments = []
    for line in REFERENCE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("Related:"):
            fragments += line.removeprefix("Related:").split("·")
        elif line.startswith("Sources:"):
            body = line.removeprefix("Sources:")
            body, _, dated = body.partition("Dated")
            fragments += [part.strip(" .") for part in body.split(";")]
            fragments.append("Dated" + dated.rstrip("."))
        elif m := (re.fullmatch(r"- (\d{1,2}:\d\d)(.+)", line) or re.fullmatch(r"- (.+?)(\d+%)", line)):
            fragments += [m[1], m[2]]
        else:
            line = line.removeprefix("- ")
            fragments += re.split(r"(?<=[.?!])\s+(?=[A-Z])", line)
    return [f.strip() for f in fragments if f.strip()]


@pytest.fixture(scope="module")
def music_producer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("handout") / "mp.pdf"
    build(ROOT / "content" / "music-producer.yaml", out)
    return out


def test_every_sentence_of_the_reference_page_is_printed(music_producer: Path) -> None:
    text = squash(read_pdf(music_producer).text)
    fragments = reference_fragments()
    assert len(fragments) > 60
    missing = [f for f in fragments if squash(f) not in text]
    assert not missing


def test_times_are_printed_as_written(music_producer: Path) -> None:
    pdf = read_pdf(music_producer)
    for time in ("11:00", "12:30", "3:00", "5:00", "6:00"):
        assert re.search(rf"(?<![\d:]){re.escape(time)}(?![\d:])", pdf.text), time
    assert "660" not in pdf.text and "180" not in pdf.text


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_fits_in_four_pages_with_a_footer(tmp_path: Path, paper: str) -> None:
    out = tmp_path / f"mp-{paper}.pdf"
    build(ROOT / "content" / "music-producer.yaml", out, "--paper", paper)
    pdf = read_pdf(out)
    n = len(pdf.pages)
    assert 2 <= n <= 4
    width, height = (float(x) for x in pdf.reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == ((612, 792) if paper == "letter" else (595, 842))
    for i, page in enumerate(pdf.pages, 1):
        assert f"Page {i} of {n}" in page
        assert "Music Producer" in page
        assert "Dated June 2026" in page


def test_charts_are_labelled_vector_text(music_producer: Path) -> None:
    pdf = read_pdf(music_producer)
    text = pdf.text
    for label in (
        "Recording & tracking",
        "Mixing & editing",
        "Business & acquisition",
        "$34K",
        "$66K",
        "$105K",
        "$500K+",
    ):
        assert label in text
    assert not list(pdf.reader.pages[0].images), "charts must be vector, not raster images"


def test_sections_follow_the_reference_order(music_producer: Path) -> None:
    text = squash(read_pdf(music_producer).text)
    order = [
        "Music Producer",
        "Related",
        "Worth a look if",
        "What you’d actually do all day",
        "A typical early-career day",
        "Would you actually like it?",
        "Start here",
        "The real money and market",
        "Where it’s going",
        "Right now",
        "Sources",
        "Dated June 2026",
        "The only way to know is to try it.",
    ]
    at = 0
    for heading in order:
        found = text.find(squash(heading), at)
        assert found >= 0, f"{heading!r} is missing or out of order"
        at = found


def test_outline_has_the_career_and_its_sections(music_producer: Path) -> None:
    outline = read_pdf(music_producer).outline()
    assert outline[0][:2] == (1, "Music Producer")
    titles = [t for _, t, _ in outline]
    assert "What you’d actually do all day" in titles
    assert "The real money and market" in titles


@pytest.mark.parametrize("name", ["minimal", "full", "spanish", "twelve-slices"])
def test_unseen_career_files_build_and_print_every_field(tmp_path: Path, name: str) -> None:
    from careerbook.content.validate import load_career

    source = Path(__file__).parents[1] / "data" / "careers" / f"{name}.yaml"
    career = load_career(source)
    out = tmp_path / f"{name}.pdf"
    build(source, out)
    pdf = read_pdf(out)
    text = squash(pdf.text)
    assert squash(career.title) in text
    for s in career.work.time_split:
        assert squash(s.activity) in text
    for step in career.typical_day.steps if career.typical_day else []:
        assert squash(step.time) in text and squash(step.title) in text
    for r in career.pay.ranges if career.pay else []:
        assert squash(r.label) in text
    for source_ in career.sources or []:
        assert squash(source_.url or "") in text
    assert len(pdf.pages) <= 6


def test_without_fork_a_build_forks_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What preview and watch ask for: no chart drawer and no worker pool forked from a
    process that runs other threads (a child may inherit a lock held by one, and hang)."""
    import os
    import shutil

    from careerbook import build as pipeline
    from careerbook.content.project import open_project

    def no_fork() -> int:
        raise AssertionError("a process was forked")

    root = tmp_path / "project"
    (root / "content").mkdir(parents=True)
    shutil.copy(ROOT / "tests" / "data" / "careers" / "minimal.yaml", root / "content" / "bees.yaml")
    (root / "careerbook.yaml").write_text("title: Bees\n")
    monkeypatch.setenv("CAREERBOOK_CACHE_DIR", str(tmp_path / "cache"))  # no chart drawn yet
    monkeypatch.setattr(os, "fork", no_fork)
    options = pipeline.Options(fork=False, jobs=2)
    handout = pipeline.handout(root / "content" / "bees.yaml", tmp_path / "bees.pdf", options)
    booklet = pipeline.booklet(open_project(root), tmp_path / "booklet.pdf", options)
    assert "Beekeeper" in read_pdf(handout).text and "Beekeeper" in read_pdf(booklet).text
