"""The fast booklet (careers laid out apart, cached, assembled) equals the single-document one.

Page for page: the same number of pages, the same words on each page, the same page
number printed on each, the same contents, outline, cross-references and link targets.
And a rebuild after editing one career lays out that career only and gives the same
file as a full build.
"""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from pathlib import Path

import pikepdf
import pytest
import yaml
from PIL import ImageChops
from pypdf import PdfReader

from careerbook.booklet import assemble
from careerbook.booklet.parts import Setting
from careerbook.booklet.workers import Job
from careerbook.build import booklet
from careerbook.content.project import open_project
from careerbook.options import Options
from pdftools import Pdf, read_pdf, render
from pdfua import check

TEXT = " ".join(["The work is steady and you learn by doing it, every day."] * 12)


def career(
    title: str,
    cluster: str | None,
    related: list[str],
    *,
    draft: bool = False,
    paragraphs: int = 1,
    pay: bool = False,
) -> dict:
    data: dict = {
        "title": title,
        "summary": f"What a {title.lower()} really does, told plainly.",
        "related": related,
        "work": {
            "summary": "\n\n".join([TEXT] * paragraphs),
            "time_split": [
                {"activity": "Doing the work", "percent": 60},
                {"activity": "Talking to people", "percent": 40},
            ],
        },
        "typical_day": {"steps": [{"time": "9:00", "title": "Start", "text": TEXT}]},
        "sources": [
            "A survey of people who do it (2026)",
            {"text": "Profile", "url": f"https://example.org/{title.lower().replace(' ', '-')}"},
        ],
        "dated": "2026-03",
    }
    if pay:
        data["pay"] = {
            "ranges": [
                {"label": "Staff", "low": 30000, "median": 41000, "high": 52000},
                {"label": "Own shop", "low": 20000, "high": 90000, "open_high": True},
            ]
        }
    if cluster:
        data["cluster"] = cluster
    if draft:
        data["draft"] = True
    return data


CAREERS = {
    "welder": career(
        "Welder", "Manufacturing", ["Electrician", "Pastry Chef", "Not In This Book"], paragraphs=3, pay=True
    ),
    "electrician": career("Electrician", "Construction", ["welder", "plumber"]),
    "pastry-chef": career("Pastry Chef", "Hospitality & Tourism", ["Welder"], draft=True, pay=True),
    "plumber": career("Plumber", "Construction", ["Electrician", "Glazier"], paragraphs=6),
    "glazier": career("Glazier", None, ["Plumber", "Welder", "Pastry Chef"], paragraphs=2),
}


def make_project(root: Path, book: dict) -> Path:
    (root / "content").mkdir(parents=True)
    for slug, data in CAREERS.items():
        (root / "content" / f"{slug}.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    (root / "careerbook.yaml").write_text(yaml.safe_dump(book, sort_keys=False))
    return root


def build(root: Path, name: str, **options: object) -> tuple[Pdf, list[str]]:
    said: list[str] = []
    target = root / "output" / name
    booklet(open_project(root), target, Options(**options), report=said.append)  # type: ignore[arg-type]
    return read_pdf(target), said


BOOKS = {
    "duplex": {
        "title": "Trades Guide",
        "organization": "Riverside High School",
        "contact": "counseling@riverside.example",
        "paper": "a4",
        "duplex": True,
        "start": "right",
    },
    "any": {
        "title": "Trades Guide",
        "organization": "Riverside High School",
        "paper": "letter",
        "duplex": True,
        "start": "any",
    },
    "auto": {
        "title": "Trades Guide",
        "contact": "counseling@riverside.example",
        "duplex": True,
        "careers": ["plumber", "glazier", "welder", "electrician", "pastry-chef"],
    },
    "simplex": {
        "title": "Trades Guide",
        "organization": "Riverside High School",
        "duplex": False,
        "careers": ["glazier", "welder", "plumber", "electrician", "pastry-chef"],
    },
}


@pytest.fixture(scope="module", params=sorted(BOOKS))
def pair(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Pdf, Pdf]:
    root = make_project(tmp_path_factory.mktemp(request.param), BOOKS[request.param])
    single, _ = build(root, "single.pdf", single=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(assemble, "STAMP_PAGES", 5)  # stamps in several parts, as in a long book
        fast, _ = build(root, "fast.pdf", jobs=2)
    return single, fast


def words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\S+", text))


def printed_numbers(pdf: Pdf) -> list[str | None]:
    """The page number in each page's footer (its bottom 0.75 in), if it has one."""
    out = []
    for n, page in enumerate(pdf.reader.pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        footer = subprocess.run(
            [
                "pdftotext",
                "-f",
                str(n),
                "-l",
                str(n),
                "-x",
                "0",
                "-y",
                str(int(height - 54)),
                "-W",
                str(int(width)),
                "-H",
                "54",
                str(pdf.path),
                "-",
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        out.append(next((word for word in reversed(footer) if word.isdigit()), None))
    return out


def test_same_pages_with_the_same_words(pair: tuple[Pdf, Pdf]) -> None:
    single, fast = pair
    assert len(fast.pages) == len(single.pages)
    for n, (one, other) in enumerate(zip(single.pages, fast.pages, strict=True), start=1):
        assert words(other) == words(one), f"page {n} differs"


def test_every_page_looks_the_same(pair: tuple[Pdf, Pdf]) -> None:
    # Stamped numbers sit where the one document sets them: flush right in the contents and
    # index, after their label in a cross-reference, on the outer edge of the footer.
    single, fast = pair
    for page in range(1, len(single.pages) + 1):
        one, other = render(single.path, page, dpi=50), render(fast.path, page, dpi=50)
        changed = sum(1 for value in ImageChops.difference(one, other).get_flattened_data() if value > 64)
        assert changed <= 10, f"page {page}: {changed} pixels differ"


def test_same_page_numbers_on_every_page(pair: tuple[Pdf, Pdf]) -> None:
    single, fast = pair
    numbers = printed_numbers(fast)
    assert numbers == printed_numbers(single)
    assert sum(1 for n in numbers if n) >= len(numbers) // 2  # numbers are really there
    for page, number in enumerate(numbers, start=1):
        assert number in (None, str(page))


def test_same_contents_outline_and_cross_references(pair: tuple[Pdf, Pdf]) -> None:
    single, fast = pair
    assert fast.outline() == single.outline()
    assert any(level == 2 for level, _, _ in fast.outline())
    contents = next(i for i, p in enumerate(fast.pages) if "Contents" in p)
    assert fast.pages[contents] == single.pages[contents]
    flat = " ".join(fast.pages[contents].split())
    starts = {title: page for level, title, page in fast.outline() if level == 1}
    for title in [c["title"] for c in CAREERS.values()] + ["Index of careers"]:
        found = re.search(re.escape(title) + r"(?: DRAFT)?[ .]*?(\d+)", flat)
        assert found, f"{title} is not in the contents"
        assert int(found[1]) == starts[title], title
    refs = [re.findall(r"(\w[\w ]*), p\. ?(\d+)", " ".join(p.split())) for p in fast.pages]
    assert refs == [re.findall(r"(\w[\w ]*), p\. ?(\d+)", " ".join(p.split())) for p in single.pages]
    assert sum(len(r) for r in refs) >= 8
    for page_refs in refs:
        for title, number in page_refs:
            name = title.split(" · ")[-1].strip()
            if name in starts:
                assert int(number) == starts[name]


def test_same_links_and_destinations(pair: tuple[Pdf, Pdf]) -> None:
    single, fast = pair
    for page in range(1, len(fast.pages) + 1):
        assert fast.links(page) == single.links(page), f"links on page {page}"
    a, b = PdfReader(single.path), PdfReader(fast.path)
    assert sorted(a.named_destinations) == sorted(b.named_destinations)
    for name, dest in b.named_destinations.items():
        assert b.get_destination_page_number(dest) == a.get_destination_page_number(
            a.named_destinations[name]
        ), name


def test_the_fast_booklet_is_pdf_ua(pair: tuple[Pdf, Pdf]) -> None:
    assert check(pair[1].path) == []


def test_a_rebuild_lays_out_only_the_edited_career_and_equals_a_full_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAREERBOOK_CACHE_DIR", str(tmp_path / "cache"))
    root = make_project(tmp_path / "book", BOOKS["duplex"])
    first, said = build(root, "first.pdf", jobs=2)
    assert "Laid out 5 careers" in " ".join(said)
    again, said = build(root, "again.pdf", jobs=2)
    assert "Laid out 0 careers" in " ".join(said)
    assert again.path.read_bytes() == first.path.read_bytes()

    edited = dict(CAREERS["plumber"], summary="A plumber keeps the water moving, told plainly.")
    (root / "content" / "plumber.yaml").write_text(yaml.safe_dump(edited, sort_keys=False))
    rebuilt, said = build(root, "rebuilt.pdf", jobs=2)
    assert "Laid out 1 career (plumber)" in " ".join(said)
    assert "keeps the water moving" in rebuilt.text
    full, said = build(root, "full.pdf", jobs=2, cache=False)
    assert "Laid out 5 careers" in " ".join(said)
    assert rebuilt.path.read_bytes() == full.path.read_bytes()


def test_parts_are_kept_an_object_at_a_time_with_compressed_streams(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # pikepdf would parse a part's one object stream whole to read any object of it.
    monkeypatch.setenv("CAREERBOOK_CACHE_DIR", str(tmp_path / "cache"))
    build(make_project(tmp_path / "book", BOOKS["simplex"]), "book.pdf", jobs=2)
    parts = sorted((tmp_path / "cache").rglob("*.pdf"))
    assert len(parts) >= len(CAREERS) + 3  # and the front, the back, the blank, the stamps
    for part in parts:
        with pikepdf.open(part) as pdf:
            assert "/Type /ObjStm" not in part.read_bytes().decode("latin-1")
            assert len(pdf.objects) > 10
            for page in pdf.pages:
                contents = page.obj.Contents
                for stream in contents if isinstance(contents, pikepdf.Array) else [contents]:
                    assert stream.Filter == pikepdf.Name.FlateDecode


def test_without_the_cache_careers_are_laid_out_as_often_as_with_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Within one build, a part laid out in an early round is reused by later ones whether or
    # not the cache keeps it for the next build.
    laid_out: list[str] = []
    render_chapters = assemble.render_chapters

    def counting(setting: Setting, batch: list[Job]) -> object:
        laid_out.extend(setting.careers[job.position].key for job in batch)
        return render_chapters(setting, batch)

    monkeypatch.setattr(assemble, "render_chapters", counting)
    monkeypatch.setenv("CAREERBOOK_CACHE_DIR", str(tmp_path / "cache"))
    root = make_project(tmp_path / "book", BOOKS["simplex"])
    build(root, "cached.pdf", jobs=1)  # one job: laid out in this process, counted
    with_cache, laid_out[:] = sorted(laid_out), []
    build(root, "uncached.pdf", jobs=1, cache=False)
    assert sorted(laid_out) == with_cache
    assert set(with_cache) == set(CAREERS) and len(with_cache) < 2 * len(CAREERS)
