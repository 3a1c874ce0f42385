"""PDF/UA-1, read as a screen reader reads it: one career is one article with its sections
whole, however many pages it takes; table headers are tied to their cells by Scope and
Headers; links are printable annotations. In the handout and in both booklets."""

from __future__ import annotations

import shutil
from itertools import pairwise
from pathlib import Path

import pikepdf
import pytest
import yaml

from commands import run
from other_checkers import pdfua_findings
from pdftools import read_pdf
from pdfua import Node, check, read_structure

ROOT = Path(__file__).parents[2]
CAREERS = Path(__file__).parents[1] / "data" / "careers"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The bundled project's music producer handout, and its booklet made both ways."""
    project = tmp_path_factory.mktemp("whole")
    shutil.copytree(ROOT / "content", project / "content")
    book = yaml.safe_load((ROOT / "careerbook.yaml").read_text())
    book["careers"] = ["music-producer", "sound-designer"]
    (project / "careerbook.yaml").write_text(yaml.safe_dump(book))
    out = project / "output"
    pdfs = {"handout": out / "music-producer.pdf", "fast": out / "fast.pdf", "single": out / "single.pdf"}
    run("handout", str(project / "content" / "music-producer.yaml"), "-o", str(pdfs["handout"]))
    run("booklet", str(project), "-o", str(pdfs["fast"]))
    run("booklet", str(project), "--single", "-o", str(pdfs["single"]))
    return pdfs


def h2s(node: Node) -> list[str]:
    return [" ".join(n.text.split()) for n in node.all("H2")]


def shape(node: Node) -> tuple:
    """The tree's types and the pages of each element: what must be the same both ways."""
    return (node.type, tuple(sorted(node.pages)), tuple(shape(kid) for kid in node.children))


def test_a_handout_over_three_pages_is_one_article_with_whole_sections(built: dict[str, Path]) -> None:
    tree = read_structure(built["handout"])
    assert check(built["handout"]) == []
    articles = tree.all("Art")
    assert len(articles) == 1
    pages = len(read_pdf(built["handout"]).pages)
    assert pages >= 3 and articles[0].pages == set(range(1, pages + 1))
    document = tree.children[0]
    assert [kid.type for kid in document.children] == ["Art"]
    # Each section once: no section heading is found in two Sect elements.
    sections = [s for s in articles[0].children if s.type == "Sect"]
    headings = [h for s in sections for h in h2s(s)]
    assert headings == h2s(articles[0])
    assert len(headings) == len(set(headings)) >= 6
    # A section cut by a page break is one section on both pages.
    assert any(len(s.pages) > 1 for s in sections)


@pytest.mark.parametrize("which", ["fast", "single"])
def test_a_booklet_has_one_article_a_career(which: str, built: dict[str, Path]) -> None:
    tree = read_structure(built[which])
    assert check(built[which]) == []
    assert pdfua_findings([built[which]]) == {}
    articles = tree.all("Art")
    assert len(articles) == 2
    assert articles[0].text.count("Music Producer") >= 1
    for article in articles:
        headings = h2s(article)
        assert len(headings) == len(set(headings)) >= 6, headings
        sections = [s for s in article.children if s.type == "Sect"]
        assert [h for s in sections for h in h2s(s)] == headings


def test_the_fast_booklet_has_the_structure_of_the_single_one(built: dict[str, Path]) -> None:
    assert shape(read_structure(built["fast"])) == shape(read_structure(built["single"]))


def test_the_parent_tree_leads_to_the_joined_elements(built: dict[str, Path]) -> None:
    # Every element the ParentTree names is in the tree, holds that content, and is not empty.
    with pikepdf.open(built["handout"]) as pdf:
        nums = list(pdf.Root.StructTreeRoot.ParentTree.Nums)
        pages = {page.objgen: page for page in (p.obj for p in pdf.pages)}
        for key, value in zip(nums[::2], nums[1::2], strict=True):
            for mcid, elem in enumerate(value if isinstance(value, pikepdf.Array) else [value]):
                if not isinstance(elem, pikepdf.Dictionary):
                    continue
                assert "/S" in elem and "/P" in elem, (key, mcid)
                if isinstance(value, pikepdf.Array):
                    kids = elem.K if isinstance(elem.K, pikepdf.Array) else [elem.K]
                    page = next(p for p in pages.values() if p.get("/StructParents") == key)
                    assert any(holds(k, mcid, page, elem.get("/Pg")) for k in kids), (key, mcid)


def holds(kid: object, mcid: int, page: pikepdf.Object, own_page: object) -> bool:
    """Whether a kid is marked content `mcid` of `page` (an MCID or an MCR)."""
    if isinstance(kid, pikepdf.Dictionary):
        return kid.get("/MCID") == mcid and kid.get("/Pg", own_page) == page
    return kid == mcid and own_page == page


def test_every_header_cell_has_a_scope_and_heads_a_cell(built: dict[str, Path]) -> None:
    with pikepdf.open(built["handout"]) as pdf:
        cells = [e for e in _elements(pdf) if e.S in ("/TH", "/TD")]
        headers = {str(h) for c in cells for h in c.get("/A", {}).get("/Headers", [])}
        ths = [c for c in cells if c.S == "/TH"]
        assert len(ths) >= 8
        for th in ths:
            assert th.A.Scope in ("/Row", "/Column")
            assert str(th.ID) in headers  # "Activity" and "Path" head their column's row headers
        rows = [th for th in ths if th.A.Scope == "/Row"]
        assert rows and all(len(th.A.Headers) == 1 for th in rows)


@pytest.mark.parametrize("which", ["fast", "single"])
def test_links_are_printable(which: str, built: dict[str, Path]) -> None:
    with pikepdf.open(built[which]) as pdf:
        links = [a for page in pdf.pages for a in page.obj.get("/Annots", []) if a.Subtype == "/Link"]
        assert links and all(int(a.F) & 4 and not int(a.F) & (2 | 32) for a in links)


def _elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    found, stack = [], [pdf.Root.StructTreeRoot]
    while stack:
        elem = stack.pop()
        kids = elem.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                found.append(kid)
                stack.append(kid)
    return found


def paint_order_breaks(path: Path) -> list[str]:
    """Text a page paints before text that comes earlier in the structure tree: a "type path"
    for each, leaving out list labels (an outside marker is painted after its list) and figures
    (a block image is painted before the text around it); CSS's painting order, not the
    reading order, puts those where they are."""
    with pikepdf.open(path) as pdf:
        pages = {p.obj.objgen: i for i, p in enumerate(pdf.pages)}
        wanted: dict[int, list[tuple[int, str]]] = {}

        def walk(elem: pikepdf.Dictionary, page: object, path: str) -> None:
            page = elem.get("/Pg", page)
            kids = elem.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, int) and page is not None:
                    wanted.setdefault(pages[page.objgen], []).append((kid, path))
                elif isinstance(kid, pikepdf.Dictionary) and "/MCID" in kid:
                    where = kid.get("/Pg", page)
                    wanted.setdefault(pages[where.objgen], []).append((int(kid.MCID), path))
                elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    walk(kid, page, f"{path}/{str(kid.S)[1:]}")

        walk(pdf.Root.StructTreeRoot, None, "")
        breaks = []
        for index, page in enumerate(pdf.pages):
            order = {mcid: (rank, p) for rank, (mcid, p) in enumerate(wanted.get(index, []))}
            text = [order[mcid] for mcid in painted_text(page) if mcid in order]
            text = [(rank, p) for rank, p in text if "/Lbl" not in p and "/Figure" not in p]
            breaks += [f"page {index + 1}: {p}" for (before, _), (rank, p) in pairwise(text) if rank < before]
        return breaks


def painted_text(page: pikepdf.Page) -> list[int]:
    """The MCIDs of the marked content that shows text, in the order the page paints it."""
    stack: list[int | None] = []
    painted: list[int] = []
    for instruction in pikepdf.parse_content_stream(page):
        op = str(instruction.operator)
        if op in ("BDC", "BMC"):
            props = instruction.operands[-1] if op == "BDC" else None
            mcid = props.get("/MCID") if isinstance(props, pikepdf.Dictionary) else None
            stack.append(int(mcid) if mcid is not None else None)
        elif op == "EMC" and stack:
            stack.pop()
        elif op in ("Tj", "TJ", "'", '"') and stack and stack[-1] is not None and stack[-1] not in painted:
            painted.append(stack[-1])
    return painted


def test_pages_paint_their_text_in_reading_order(built: dict[str, Path]) -> None:
    # The typical day's times were floats, painted before the section's heading. (Not the
    # booklet: its contents and index entries are positioned, to hold their page numbers,
    # and so painted after the page's other text; docs/accessibility.md.)
    assert paint_order_breaks(built["handout"]) == []


@pytest.mark.parametrize("which", ["handout", "fast"])
def test_figure_boxes_are_in_the_page_user_space(which: str, built: dict[str, Path]) -> None:
    # WeasyPrint wrote CSS pixels from the top left: a chart ran off the page's right edge.
    with pikepdf.open(built[which]) as pdf:
        pages = {p.obj.objgen: p for p in pdf.pages}
        figures = [e for e in _elements(pdf) if e.S == "/Figure"]
        assert len(figures) >= 2
        for figure in figures:
            x1, y1, x2, y2 = (float(v) for v in figure.A.BBox)
            left, bottom, right, top = (float(v) for v in pages[figure.Pg.objgen].MediaBox)
            assert left <= x1 < x2 <= right and bottom <= y1 < y2 <= top, str(figure.Alt)
