"""Pages that flow: every career's charts stay with their words, and no heading ends a page.

Real handouts of many careers (the bundled ones, the test fixtures, generated ones with long
texts), on Letter and A4, in English and Spanish, and the bundled booklet, read back: the
structure tree says on which page each chart's image and its caption (data table, note,
source) are drawn, and `pdftotext -bbox` where every line of text is.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from benchmarks.generate import career as generated_career
from benchmarks.generate import paragraph

from careerbook.build import booklet, handout
from careerbook.content.project import open_project
from careerbook.lang.i18n import translations
from careerbook.options import Options
from pdftools import Page, TaggedFigure, Word, pages_of, pdftotext, squash, tagged_figures

ROOT = Path(__file__).parents[2]
DATA = Path(__file__).parents[1] / "data" / "careers"
HEADING = 16.0  # pt: a word box this tall is a heading's (h2 is 13.5pt; body text 9.6pt)
FOOTER = 54.0  # pt: the bottom margin, where the footer is


def long_career(i: int) -> dict:
    """A generated career with long texts: many paragraphs, slices, steps and ranges."""
    rng = random.Random(1000 + i)
    titles = [f"Long Career {n}" for n in range(3)]
    data = generated_career(i, titles, seed=7)
    data.pop("related", None)
    data["work"]["summary"] = "\n\n".join(paragraph(rng, 5) for _ in range(2 + i))
    data["work"]["time_split_note"] = paragraph(rng, 3)
    data["pay"]["summary"] = "\n\n".join(paragraph(rng, 4) for _ in range(1 + i))
    for step in data["typical_day"]["steps"]:
        step["text"] = paragraph(rng, 2 + i)
    if "signals" in data:
        data["signals"]["intro"] = paragraph(rng, 3)
    return data


@dataclass(frozen=True)
class Case:
    """A career file to print: a name for the test, its data, the paper and the language."""

    name: str
    data: dict
    paper: str
    lang: str


def cases() -> list[Case]:
    files = sorted((ROOT / "content").glob("*.yaml")) + sorted(DATA.glob("*.yaml"))
    sources = [(path.stem, yaml.safe_load(path.read_text(encoding="utf-8"))) for path in files]
    sources += [(f"long-{i}", long_career(i)) for i in range(3)]
    out = []
    for n, (name, data) in enumerate(sources):
        # Each career on both papers, each paper in both languages across the careers.
        for paper, lang in (("letter", "en" if n % 2 else "es"), ("a4", "es" if n % 2 else "en")):
            out.append(Case(f"{name}-{paper}-{lang}", data, paper, data.get("lang") or lang))
    return out


CASES = cases()


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every case's handout, built once."""
    out = {}
    for case in CASES:
        folder = tmp_path_factory.mktemp(case.name)
        source = folder / f"{case.name}.yaml"
        source.write_text(
            yaml.safe_dump({**case.data, "lang": case.lang}, sort_keys=False, allow_unicode=True),
            encoding="utf-8",
        )
        out[case.name] = handout(source, folder / f"{case.name}.pdf", Options(paper=case.paper))
    return out


@pytest.fixture(scope="module")
def bundled_booklet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("booklet") / "booklet.pdf"
    return booklet(open_project(ROOT), target, Options(single=True))


def charts(path: Path) -> list[TaggedFigure]:
    """The charts: the figures with a caption (a QR code is a figure without one)."""
    return [f for f in tagged_figures(path) if f.caption_pages]


def lines(words: list[Word]) -> list[list[Word]]:
    """Words in lines: those whose boxes share most of their height (two columns' lines too)."""
    out: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (round(w.y0), w.x0)):
        if out and abs(out[-1][0].y0 - word.y0) < 3:
            out[-1].append(word)
        else:
            out.append([word])
    return out


def stranded_headings(page: Page) -> list[str]:
    """Headings with fewer than two lines of what follows them below them on the page."""
    body = [w for w in page.words if w.y1 < page.height - FOOTER + 2]
    stranded = []
    for line in lines(body):
        if max(w.height for w in line) < HEADING:
            continue
        bottom = max(w.y1 for w in line)
        below = lines([w for w in body if w.y0 > bottom - 0.5 and w.height < HEADING])
        if len(below) < 2:
            stranded.append(" ".join(w.text for w in line))
    return stranded


def test_no_heading_ends_a_page(printed: dict[str, Path]) -> None:
    for case in CASES:
        for n, page in enumerate(pages_of(printed[case.name]), start=1):
            assert not stranded_headings(page), f"{case.name}, page {n}"


def test_a_chart_is_on_the_page_of_its_caption_table_and_notes(printed: dict[str, Path]) -> None:
    for case in CASES:
        path = printed[case.name]
        figures = charts(path)
        assert len(figures) == (2 if case.data.get("pay") else 1), case.name
        for figure in figures:
            assert len(figure.pages) == 1, f"{case.name}: {figure.alt[:40]}"
            assert figure.caption_pages == figure.pages, f"{case.name}: {figure.alt[:40]}"
        texts = [squash(text) for text in pdftotext(path)]
        gettext = translations(case.lang).gettext
        work = case.data["work"]
        split_page = texts[min(figures[0].pages) - 1]
        assert squash(gettext("How the time splits")) in split_page, case.name
        table = split_page[split_page.index(squash(gettext("How the time splits"))) :]
        for row in work["time_split"]:
            assert squash(row["activity"]) in table, f"{case.name}: {row['activity']}"
        for note in ("time_split_note", "time_split_source"):
            if work.get(note):
                assert squash(work[note].replace("*", ""))[-40:] in split_page, f"{case.name}: {note}"
        if case.data.get("pay"):
            pay_page = texts[min(figures[1].pages) - 1]
            for row in case.data["pay"]["ranges"]:
                if row.get("label"):
                    assert squash(row["label"]) in pay_page, f"{case.name}: {row['label']}"


def test_the_booklet_keeps_charts_with_their_words_and_no_heading_ends_a_page(bundled_booklet: Path) -> None:
    figures = charts(bundled_booklet)
    careers = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in (ROOT / "content").glob("*.yaml")]
    assert len(figures) == sum(2 if c.get("pay") else 1 for c in careers)
    for figure in figures:
        assert len(figure.pages) == 1 and figure.caption_pages == figure.pages, figure.alt[:40]
    for n, page in enumerate(pages_of(bundled_booklet), start=1):
        assert not stranded_headings(page), f"page {n}"


def empty_share(page: Page) -> float:
    """How much of the page's text area is left empty under its last line."""
    body = [w for w in page.words if w.y1 < page.height - FOOTER + 2]
    top = min(w.y0 for w in body)
    bottom = max(w.y1 for w in body)
    return (page.height - FOOTER - bottom) / (page.height - FOOTER - top)


def test_a_time_split_pushed_to_the_next_page_leaves_no_third_of_a_page_empty(
    printed: dict[str, Path],
) -> None:
    # Where the time split did not fit, its table and notes go beside it (flow.py) rather
    # than the whole figure to the next page: before that, 15 of these handouts' first pages
    # were 40-45% empty.
    for case in CASES:
        path = printed[case.name]
        first = min(charts(path)[0].pages)
        if first > 1:
            share = empty_share(pages_of(path)[first - 2])
            assert share < 0.4, f"{case.name}: page {first - 1} is {share:.0%} empty"
