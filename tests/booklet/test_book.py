"""End to end: a project becomes a booklet whose contents, outline and references are right."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
import yaml

from commands import status
from pdftools import Pdf, read_pdf, render, squash

ROOT = Path(__file__).parents[2]


def career(
    title: str, cluster: str | None, related: list[str], *, draft: bool = False, paragraphs: int = 1
) -> dict:
    text = " ".join(["The work is steady and you learn by doing it, every day."] * 12)
    data: dict = {
        "title": title,
        "summary": f"What a {title.lower()} really does, told plainly.",
        "related": related,
        "work": {
            "summary": "\n\n".join([text] * paragraphs),
            "time_split": [
                {"activity": "Doing the work", "percent": 60},
                {"activity": "Talking to people", "percent": 40},
            ],
        },
        "typical_day": {
            "steps": [
                {"time": "9:00", "title": "Start", "text": text},
                {"time": "6:45 pm", "title": "Wrap up", "text": text},
            ]
        },
        "sources": ["A survey of people who do it (2026)"],
        "dated": "2026-03",
    }
    if cluster:
        data["cluster"] = cluster
    if draft:
        data["draft"] = True
    return data


def make_project(root: Path, careers: dict[str, dict], book: dict) -> Path:
    (root / "content").mkdir(parents=True)
    for slug, data in careers.items():
        (root / "content" / f"{slug}.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    (root / "careerbook.yaml").write_text(yaml.safe_dump(book, sort_keys=False))
    return root


def contents_pages(pdf: Pdf, titles: list[str]) -> dict[str, int]:
    """The page number the contents page prints for each title."""
    contents = next(p for p in pdf.pages if "Contents" in p)
    flat = " ".join(contents.split())
    out = {}
    for title in titles:
        m = re.search(re.escape(title) + r"(?: D ?R ?A ?F ?T)?[ .]*?(\d+)", flat, re.IGNORECASE)
        assert m, f"{title} not in the contents"
        out[title] = int(m[1])
    return out


def starts(pdf: Pdf) -> dict[str, int]:
    """Where each level-1 bookmark points."""
    return {title: page for level, title, page in pdf.outline() if level == 1}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("book")
    careers = {
        "welder": career("Welder", "Manufacturing", ["Electrician", "Pastry Chef"], paragraphs=3),
        "electrician": career("Electrician", "Construction", ["welder", "Not In This Book"]),
        "pastry-chef": career("Pastry Chef", "Hospitality & Tourism", ["Welder"], draft=True),
        "plumber": career("Plumber", "Construction", ["Electrician"], paragraphs=6),
    }
    book = {
        "title": "Trades Guide",
        "subtitle": "Four ways to work with your hands",
        "organization": "Riverside High School",
        "contact": "counseling@riverside.example",
        "paper": "a4",
        "duplex": True,
        "start": "right",
    }
    make_project(root, careers, book)
    assert status("booklet", str(root), "-o", str(root / "output" / "booklet.pdf")) == 0
    return root


@pytest.fixture(scope="module")
def booklet(project: Path) -> Pdf:
    return read_pdf(project / "output" / "booklet.pdf")


def test_order_groups_by_cluster_then_title(booklet: Pdf) -> None:
    order = sorted(starts(booklet).items(), key=lambda kv: kv[1])
    careers = [t for t, _ in order if t not in ("Contents", "Index of careers")]
    assert careers == ["Electrician", "Plumber", "Pastry Chef", "Welder"]


def test_contents_matches_where_each_career_starts(booklet: Pdf) -> None:
    begin = starts(booklet)
    titles = ["Electrician", "Plumber", "Pastry Chef", "Welder"]
    printed = contents_pages(booklet, titles)
    for title in titles:
        assert printed[title] == begin[title]
        assert begin[title] % 2 == 1, f"{title} starts on a left-hand page"
        assert title in booklet.pages[begin[title] - 1]


def test_contents_and_index_dots_are_drawn_not_written(booklet: Pdf) -> None:
    # The dots between a title and its page number are a picture, not text a screen reader
    # would read out, while each number stays right after its title in the text.
    begin = starts(booklet)
    for name in ("Contents", "Index of careers"):
        text = booklet.pages[begin[name] - 1]
        assert ". ." not in text
        assert re.search(rf"Welder\s+{begin['Welder']}\b", text), name
    image = render(booklet.path, begin["Contents"], dpi=100)
    dotted_rows = [
        y
        for y in range(image.height)
        if sum(1 for x in range(image.width // 2, image.width * 3 // 4) if image.getpixel((x, y)) < 160) > 25
    ]
    assert len(dotted_rows) >= 4  # a row of dots on each entry's line, across the page


def test_outline_has_careers_and_their_sections(booklet: Pdf) -> None:
    outline = booklet.outline()
    level1 = [t for lvl, t, _ in outline if lvl == 1]
    assert {"Electrician", "Plumber", "Pastry Chef", "Welder", "Contents"} <= set(level1)
    welder = [t for _, t, _ in outline]
    i = welder.index("Welder")
    assert outline[i + 1][0] == 2 and outline[i + 1][1] == "What you’d actually do all day"


def test_cross_references_print_the_right_page_and_link(booklet: Pdf) -> None:
    begin = starts(booklet)
    welder = booklet.pages[begin["Welder"] - 1]
    flat = " ".join(welder.split())
    assert f"Electrician, p. {begin['Electrician']}" in flat
    assert f"Pastry Chef, p. {begin['Pastry Chef']}" in flat
    electrician = " ".join(booklet.pages[begin["Electrician"] - 1].split())
    assert f"welder, p. {begin['Welder']}" in electrician
    assert "Not In This Book, p." not in electrician and "Not In This Book" in electrician
    assert any("welder" in target for target in booklet.links(begin["Electrician"]))


def test_page_count_is_what_duplex_implies(booklet: Pdf) -> None:
    begin = sorted(starts(booklet).values())
    n = len(booklet.pages)
    # Every chapter (contents, careers, index) opens on an odd page; pages before it
    # that the previous chapter did not fill are blank versos.
    for a, b in itertools.pairwise(begin):
        assert b % 2 == 1
        for blank in range(a + 1, b):
            if not booklet.pages[blank - 1].strip():
                assert blank % 2 == 0 and blank == b - 1
    assert begin[-1] <= n
    assert not booklet.pages[1].strip(), "the back of the cover is blank"


def test_draft_pages_are_marked_and_others_not(booklet: Pdf) -> None:
    begin = starts(booklet)
    chef = begin["Pastry Chef"]
    for page in range(chef, begin["Welder"]):
        if booklet.pages[page - 1].strip():
            assert "draft" in booklet.pages[page - 1].casefold()
    assert "draft" not in booklet.pages[begin["Plumber"] - 1].casefold()


def test_running_heads_and_footer(booklet: Pdf) -> None:
    begin = starts(booklet)
    plumber = begin["Plumber"]
    second = booklet.pages[plumber]  # the Plumber's second page
    assert "Plumber" in second and "Riverside High School" in second
    assert str(plumber + 1) in second.split()


def test_cover_and_index(booklet: Pdf) -> None:
    cover = booklet.pages[0]
    for text in ("Trades Guide", "Four ways to work with your hands", "Riverside High School"):
        assert text in cover
    index = booklet.pages[starts(booklet)["Index of careers"] - 1]
    assert "By cluster" in index and squash("Manufacturing") in squash(index)


def test_no_duplex_means_no_blank_pages(tmp_path: Path) -> None:
    careers = {"a": career("Alpha", None, ["Beta"]), "b": career("Beta", None, [])}
    root = make_project(tmp_path, careers, {"duplex": False, "careers": ["b", "a"]})
    assert status("booklet", str(root)) == 0
    pdf = read_pdf(root / "output" / "booklet.pdf")
    assert all(page.strip() for page in pdf.pages)
    begin = starts(pdf)
    assert begin["Beta"] < begin["Alpha"]


def test_a_bad_file_stops_the_booklet_and_lists_every_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad_a = career("Alpha", None, [])
    bad_a["work"]["time_split"][0]["percent"] = 70
    bad_b = career("Beta", None, [])
    bad_b["titel"] = "typo"
    root = make_project(tmp_path, {"a": bad_a, "b": bad_b}, {})
    out = root / "output" / "booklet.pdf"
    assert status("build", str(root)) == 1
    err = capsys.readouterr().err
    assert re.search(r"content/a\.yaml:\d+:\d+: work\.time_split: the percents add up to 110", err)
    assert re.search(r"content/b\.yaml:\d+:1: titel: unknown field 'titel'; did you mean 'title'", err)
    assert not out.exists() and not (root / "output" / "a.pdf").exists()


def test_unknown_slug_in_the_book_file_is_named_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project(tmp_path, {"a": career("Alpha", None, [])}, {"title": "X", "careers": ["a", "zeta"]})
    assert status("booklet", str(root)) == 1
    assert "careerbook.yaml:4:3: careers[1]: no career with slug 'zeta'" in capsys.readouterr().err


def test_bundled_build_writes_every_handout_and_the_booklet(tmp_path: Path) -> None:
    import shutil

    project = tmp_path / "bundled"
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copy(ROOT / "careerbook.yaml", project)
    assert status("build", str(project)) == 0
    names = sorted(p.name for p in (project / "output").iterdir())
    assert names == sorted(
        [
            ".careerbook-built.json",
            "booklet.pdf",  # and the list of what it wrote
            *(f"{p.stem}.pdf" for p in (ROOT / "content").glob("*.yaml")),
        ]
    )
    pdf = read_pdf(project / "output" / "booklet.pdf")
    begin = starts(pdf)
    flat = " ".join(pdf.pages[begin["Music Producer"] - 1].split())
    assert f"Sound Designer, p. {begin['Sound Designer']}" in flat
    assert squash("Careers to Explore") in squash(pdf.pages[0])
