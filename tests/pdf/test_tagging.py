"""PDF/UA-1: the bundled handouts and booklet, and careers the templates have not seen, pass the
Matterhorn checker in pdfua.py; the structure tree reads back as the document reads; and the
checker fails on PDFs that break the rules."""

from __future__ import annotations

import shutil
from pathlib import Path

import pikepdf
import pytest
import yaml

from careerbook.charts.donut import time_split_alt
from careerbook.charts.pay import pay_alt
from careerbook.content.validate import load_career
from careerbook.lang.formatting import percent
from commands import run
from other_checkers import pdfua_findings
from pdfua import check, read_structure

ROOT = Path(__file__).parents[2]
CAREERS = Path(__file__).parents[1] / "data" / "careers"


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`careerbook build` on a copy of this repository's project: its handouts and the booklet."""
    project = tmp_path_factory.mktemp("bundled")
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copy(ROOT / "careerbook.yaml", project)
    run("build", str(project))
    return project / "output"


@pytest.fixture(scope="module")
def fixtures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A handout of every fixture career, and an English booklet with a Spanish career in it."""
    out = tmp_path_factory.mktemp("fixtures")
    pdfs = {}
    for career in sorted(CAREERS.glob("*.yaml")):
        pdfs[career.stem] = out / f"{career.stem}.pdf"
        run("handout", str(career), "-o", str(pdfs[career.stem]))
    project = out / "mixed"
    (project / "content").mkdir(parents=True)
    for name in ("full", "spanish"):
        shutil.copy(CAREERS / f"{name}.yaml", project / "content")
    (project / "careerbook.yaml").write_text(yaml.safe_dump({"title": "Two careers", "lang": "en"}))
    pdfs["booklet"] = out / "booklet.pdf"
    run("booklet", str(project), "-o", str(pdfs["booklet"]))
    return pdfs


def test_bundled_handouts_and_booklet_have_no_pdfua_failure(bundled: Path) -> None:
    pdfs = sorted(bundled.glob("*.pdf"))
    careers = sorted(f"{p.stem}.pdf" for p in (ROOT / "content").glob("*.yaml"))
    assert len(careers) >= 4
    assert [p.name for p in pdfs] == sorted(["booklet.pdf", *careers])
    in_book = yaml.safe_load((ROOT / "careerbook.yaml").read_text()).get("careers") or careers
    for pdf in pdfs:
        assert check(pdf) == [], pdf.name
        # One career, one article, however many pages it runs over.
        articles = len(read_structure(pdf).all("Art"))
        assert articles == (len(in_book) if pdf.name == "booklet.pdf" else 1), pdf.name
    assert pdfua_findings(pdfs) == {}  # nor does a checker that is not ours find anything


def test_unseen_careers_have_no_pdfua_failure(fixtures: dict[str, Path]) -> None:
    assert sorted(fixtures) == ["booklet", "full", "minimal", "spanish", "twelve-slices"]
    for name, pdf in fixtures.items():
        assert check(pdf) == [], name
        assert len(read_structure(pdf).all("Art")) == (2 if name == "booklet" else 1), name
    assert pdfua_findings(list(fixtures.values())) == {}


def test_title_language_and_viewer_preferences(bundled: Path) -> None:
    with pikepdf.open(bundled / "music-producer.pdf") as pdf:
        assert pdf.Root.Lang == "en"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        assert pdf.Root.MarkInfo.Marked is True
        assert str(pdf.docinfo.Title) == "Music Producer"
        with pdf.open_metadata() as xmp:
            assert xmp["dc:title"] == "Music Producer"
            assert xmp["pdfuaid:part"] == "1"


def test_structure_reads_in_order_with_headings_lists_tables_and_figures(bundled: Path) -> None:
    tree = read_structure(bundled / "music-producer.pdf")
    career = load_career(ROOT / "content" / "music-producer.yaml")
    headings = [(n.type, n.text) for n in tree.walk() if n.type in ("H1", "H2", "H3")]
    assert headings[0] == ("H1", "Music Producer")
    titles = [text for _, text in headings]
    day = [step.title for step in career.typical_day.steps]
    # The typical day's steps come after its heading, in order, as H3s.
    start = titles.index("A typical early-career day")
    assert titles[start + 1 : start + 1 + len(day)] == day
    assert all(kind == "H3" for kind, text in headings if text in day)
    assert titles.index("What you’d actually do all day") < start < titles.index("The real money and market")
    # Figures carry the data as alt text, the same words the charts module writes.
    figures = {n.alt for n in tree.all("Figure")}
    assert time_split_alt(career.work.time_split, "en", title="Time split") in figures
    assert career.pay is not None
    assert pay_alt(career.pay, "en", title="Pay ranges", to="to", median="median") in figures
    # The chart's data table reaches a screen reader: header cells, then data cells.
    tables = tree.all("Table")
    split = next(t for t in tables if "Share of time" in t.text)
    rows = split.all("TR")
    assert [c.type for c in rows[0].children] == ["TH", "TH"]
    for s in career.work.time_split:
        assert any(
            r.children[0].type == "TH"
            and r.children[0].text == s.activity
            and r.children[1].type == "TD"
            and r.children[1].text == percent(s.percent, "en")
            for r in rows[1:]
        )
    # Real lists: each item a label and a body.
    items = tree.all("LI")
    assert len(items) >= 10
    assert all([c.type for c in li.children] in (["Lbl", "LBody"], ["LBody"]) for li in items)
    assert any(n.type == "L" and career.signals.fits[0][:30] in n.text for n in tree.walk())


def test_a_heading_is_one_heading(bundled: Path) -> None:
    # The cover's title has a block ::before; it is still one H1, not an H1 inside an H1.
    tree = read_structure(bundled / "booklet.pdf")
    headings = [n for n in tree.walk() if n.type in ("H1", "H2", "H3", "H4", "H5", "H6")]
    title = yaml.safe_load((ROOT / "careerbook.yaml").read_text(encoding="utf-8"))["title"]
    assert [n.text.replace(" ", "") for n in headings[:2]] == [title.replace(" ", ""), "Contents"]
    for heading in headings:
        assert not [n for n in heading.walk() if n is not heading and n.type in ("H1", "H2", "H3", "P")]


def test_page_furniture_is_not_in_the_structure(bundled: Path) -> None:
    # Footers, page numbers and running heads are artifacts, not content.
    handout = read_structure(bundled / "music-producer.pdf").text
    assert "Music Producer" in handout and "Page 1 of" not in handout
    assert handout.count("careerbook sample") == 0
    booklet = read_structure(bundled / "booklet.pdf").text
    assert booklet.count("careerbook sample") == 1  # on the cover, not in every footer


def test_links_are_one_annotation_each_described_by_their_text(bundled: Path) -> None:
    with pikepdf.open(bundled / "booklet.pdf") as pdf:
        contents = next(page for page in pdf.pages if "/Annots" in page.obj)
        described = [str(a.Contents) for a in contents.obj.Annots]
    # One link a line of the contents page, described by the title it shows: the clusters
    # and the careers of the book.
    careers = [
        yaml.safe_load(p.read_text(encoding="utf-8"))["title"] for p in (ROOT / "content").glob("*.yaml")
    ]
    assert "Music Producer" in described
    assert len(described) == len(set(described))
    assert all(any(d.startswith(title) for d in described) for title in careers)  # "… Draft"


def test_qr_codes_have_alt_text(fixtures: dict[str, Path]) -> None:
    tree = read_structure(fixtures["full"])
    assert any(n.alt.startswith("QR code for https://") for n in tree.all("Figure"))


def test_a_spanish_career_in_an_english_booklet_is_tagged_spanish(fixtures: dict[str, Path]) -> None:
    tree = read_structure(fixtures["booklet"])
    articles = tree.all("Art")
    spanish = [a for a in articles if "Panadero artesano" in a.text]
    english = [a for a in articles if "Wildlife Biologist" in a.text]
    assert spanish and english
    assert all(a.lang == "es" for a in spanish)  # every page's part of the article
    assert all(a.lang == "en-US" for a in english)  # the career file says en-US
    with pikepdf.open(fixtures["booklet"]) as pdf:
        assert pdf.Root.Lang == "en"


# -- the checker fails on PDFs that break the rules ---------------------------------------------


@pytest.fixture(scope="module")
def small(fixtures: dict[str, Path]) -> Path:
    """A tagged handout with every kind of element, to break in various ways."""
    assert check(fixtures["full"]) == []
    return fixtures["full"]


def broken(small: Path, tmp_path: Path, change: object) -> list[str]:
    """The condition ids the checker reports once `change(pdf)` has been applied to a copy."""
    target = tmp_path / "broken.pdf"
    with pikepdf.open(small) as pdf:
        assert callable(change)
        change(pdf)
        pdf.save(target)
    return sorted({condition for condition, _ in check(target)})


def elements(pdf: pikepdf.Pdf, kind: str) -> list[pikepdf.Dictionary]:
    return [
        o
        for o in pdf.objects
        if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/StructElem" and o.get("/S") == kind
    ]


def test_an_untagged_pdf_fails(tmp_path: Path) -> None:
    plain = tmp_path / "plain.pdf"
    run("handout", str(CAREERS / "minimal.yaml"), "-o", str(plain), "--pdf-variant", "plain")
    failures = check(plain)
    conditions = {c for c, _ in failures}
    assert {"01-005", "06-001", "07-001"} <= conditions
    assert any("neither tagged nor marked as artifacts" in m for _, m in failures)


def test_a_figure_without_alt_text_fails(small: Path, tmp_path: Path) -> None:
    def drop_alt(pdf: pikepdf.Pdf) -> None:
        figures = elements(pdf, "/Figure")
        assert figures
        del figures[0].Alt

    assert broken(small, tmp_path, drop_alt) == ["13-004"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("no DisplayDocTitle", "07-001"),
        ("no PDF/UA id", "06-002"),
        ("skipped heading level", "14-003"),
        ("first heading not H1", "14-002"),
        ("list item without body", "09-005"),
        ("cell outside a row", "09-004"),
        ("header cell without headers or scope", "15-003"),
        ("header cell that heads nothing", "15-003"),
        ("non-standard type", "02-001"),
        ("standard type remapped", "02-004"),
        ("margin text left untagged", "01-005"),
        ("no document language", "11-001"),
        ("font without ToUnicode", "31-027"),
    ],
)
def test_the_checker_catches(name: str, expected: str, small: Path, tmp_path: Path) -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        if name == "no DisplayDocTitle":
            del pdf.Root.ViewerPreferences.DisplayDocTitle
        elif name == "no PDF/UA id":
            with pdf.open_metadata(set_pikepdf_as_editor=False) as xmp:
                del xmp["pdfuaid:part"]
        elif name == "skipped heading level":
            elements(pdf, "/H2")[0].S = pikepdf.Name("/H4")
        elif name == "first heading not H1":
            for h1 in elements(pdf, "/H1"):
                h1.S = pikepdf.Name("/H2")
        elif name == "list item without body":
            elements(pdf, "/LBody")[0].S = pikepdf.Name("/P")
        elif name == "cell outside a row":
            elements(pdf, "/TR")[0].S = pikepdf.Name("/Div")
        elif name == "header cell without headers or scope":
            for td in elements(pdf, "/TD"):
                del td.A.Headers
            for th in elements(pdf, "/TH"):
                del th.A.Scope
        elif name == "header cell that heads nothing":  # no Scope, and row headers name no TH
            for th in elements(pdf, "/TH"):
                del th.A.Scope
                if "/Headers" in th.A:
                    del th.A.Headers
        elif name == "non-standard type":
            elements(pdf, "/P")[0].S = pikepdf.Name("/Paragraph")
        elif name == "standard type remapped":
            pdf.Root.StructTreeRoot.RoleMap = pikepdf.Dictionary(P=pikepdf.Name("/Span"))
        elif name == "margin text left untagged":
            # Give the footer back the MCIDs WeasyPrint gives it, which no element claims.
            stream = forms_with_pagination(pdf)[0]
            instructions = [
                pikepdf.ContentStreamInstruction(
                    [pikepdf.Name("/Span"), pikepdf.Dictionary(MCID=999)], pikepdf.Operator("BDC")
                )
                if str(i.operator) == "BDC"
                and i.operands[0] == "/Artifact"
                and isinstance(i.operands[1], pikepdf.Dictionary)
                and i.operands[1].get("/Type") == "/Pagination"
                else i
                for i in pikepdf.parse_content_stream(stream)
            ]
            stream.write(pikepdf.unparse_content_stream(instructions))
        elif name == "no document language":
            del pdf.Root.Lang
        elif name == "font without ToUnicode":
            for font in pdf.pages[0].Resources.Font.values():
                del font.ToUnicode

    found = broken(small, tmp_path, change)
    assert expected in found, found


def forms_with_pagination(pdf: pikepdf.Pdf) -> list[pikepdf.Stream]:
    """The content streams of page 1 (the page and its forms) that hold pagination artifacts."""
    found = []
    stack: list[pikepdf.Object] = [pdf.pages[0].obj]
    while stack:
        obj = stack.pop()
        stream = obj.Contents if "/Contents" in obj else obj
        if b"/Pagination" in stream.read_bytes():
            found.append(stream)
        resources = obj.get("/Resources") or pikepdf.Dictionary()
        stack += [x for x in (resources.get("/XObject") or {}).values() if x.get("/Subtype") == "/Form"]
    return found
