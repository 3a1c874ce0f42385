"""Putting parts together: references renumbered, strings left alone, and a main process that
does not grow with the number of parts.

The parts here are made with pikepdf, each with a structure tree of a few hundred elements
as a career's has, so that a book of many of them has as many objects as a real one.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from careerbook.booklet import copier
from careerbook.booklet.merge import merge
from careerbook.booklet.parts import Anchor, Bookmark, FontUse, PartInfo
from careerbook.booklet.plan import Part, lay_out
from careerbook.resources import fonts_dir
from careerbook.speed.cache import Cache

ELEMENTS = 400  # structure elements of a part (a career has about 350)
PAGES = 3
TRICKY = "see 4 0 R (not a reference) \\ and [1 2 0 R]"
FONT = "AAAAAA+Inter"  # as WeasyPrint names an embedded subset
# A whole font file is known by the hash of its bytes (merge checks it when it reads it).
INTER_SHA = hashlib.sha256((fonts_dir() / "Inter-Regular.otf").read_bytes()).hexdigest()


def make_part(path: Path, elements: int) -> None:
    """A tagged part: every page's text in marked content, one P element for each, a link
    annotation on the first page, an element whose /Alt looks like references, and a
    font embedded as WeasyPrint embeds it (its own program, to be replaced by the book's)."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    own_program = pdf.make_indirect(pikepdf.Stream(pdf, b"not a font", Subtype=pikepdf.Name.OpenType))
    descriptor = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.FontDescriptor, FontName=pikepdf.Name(f"/{FONT}"), FontFile3=own_program
        )
    )
    embedded = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type0,
            BaseFont=pikepdf.Name(f"/{FONT}"),
            Encoding=pikepdf.Name("/Identity-H"),
            DescendantFonts=[
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Font,
                    Subtype=pikepdf.Name.CIDFontType0,
                    FontDescriptor=descriptor,
                    BaseFont=pikepdf.Name(f"/{FONT}"),
                )
            ],
        )
    )
    root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    document = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document, P=root)
    )
    kids, nums = [], []
    per_page = elements // PAGES
    for number in range(PAGES):
        lines = b"".join(
            b"/P <</MCID %d>> BDC BT /F1 9 Tf 72 %d Td (Line %d) Tj ET EMC\n" % (i, 760 - 2 * i, i)
            for i in range(per_page)
        )
        page = pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            MediaBox=[0, 0, 612, 792],
            Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font, F2=embedded)),
            Contents=pikepdf.Stream(pdf, lines),
            StructParents=number,
        )
        pdf.pages.append(pikepdf.Page(page))
        page_obj = pdf.pages[-1].obj
        on_page = []
        for i in range(per_page):
            element = pdf.make_indirect(
                pikepdf.Dictionary(
                    Type=pikepdf.Name.StructElem, S=pikepdf.Name.P, P=document, Pg=page_obj, K=i
                )
            )
            on_page.append(element)
        kids.extend(on_page)
        nums.extend([number, pikepdf.Array(on_page)])
    link = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Link,
            Rect=[72, 72, 144, 90],
            Dest=pikepdf.Array([pdf.pages[PAGES - 1].obj, pikepdf.Name.XYZ, 0, 792, 0]),
            StructParent=PAGES,
        )
    )
    pdf.pages[0].obj.Annots = pikepdf.Array([link])
    kids[0].Alt = pikepdf.String(TRICKY)
    nums.extend([PAGES, kids[0]])
    document.K = pikepdf.Array(kids)
    root.K = pikepdf.Array([document])
    root.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(nums)))
    root.ParentTreeNextKey = PAGES + 1
    pdf.Root.StructTreeRoot = root
    pdf.save(path)


def info(key: str, pages: int = PAGES) -> PartInfo:
    return PartInfo(
        key=key,
        pages=pages,
        size=(816.0, 1056.0),
        numbers=[None] * pages,
        anchors={key: Anchor(pages - 1, 36.0, 700.5)},
        bookmarks=[Bookmark(0, 1, f"Part {key}", 36.0, 756.0, "open")],
        fonts={FONT: FontUse(INTER_SHA, [36, 37, 1200])},
    )


def make_stamps(path: Path) -> None:
    """A page of stamps: a "7" where a page number goes."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    pdf.pages.append(
        pikepdf.Page(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Page,
                MediaBox=[0, 0, 612, 792],
                Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
                Contents=pikepdf.Stream(pdf, b"BT /F1 9 Tf 560 30 Td (7) Tj ET"),
            )
        )
    )
    pdf.save(path)


def merge_parts(folder: Path, count: int, target: Path, *, stamped: bool = False) -> None:
    """The booklet of `count` copies of the part, between a front and a back of one page;
    `stamped`: the first and the third page carry the stamp of make_stamps."""
    part, blank, stamps = folder / "part.pdf", folder / "blank.pdf", folder / "stamps.pdf"
    if not part.exists():
        make_part(part, ELEMENTS)
        make_part(blank, elements=PAGES)
        make_stamps(stamps)
    names = [f"p{n:03d}" for n in range(count)]
    infos = {"front": info("front"), "back": info("back")}
    infos.update({name: info(name) for name in names})
    layout = lay_out(
        [Part(name, infos[name].pages) for name in ["front", *names, "back"]], duplex=True, pad_to=4
    )
    merge(
        target,
        layout,
        dict.fromkeys(infos, part),
        owners=[{0: 0, 2: 0}] if stamped else [],
        overlay_files=lambda: [stamps] if stamped else [],
        infos=infos,
        blank=blank,
        tagged=True,
        lang="en",
        whole_font=lambda sha: fonts_dir() / "Inter-Regular.otf",
        store=Cache(folder / "cache", enabled=False),
    )


def test_a_merged_book_keeps_every_part_and_its_structure(tmp_path: Path) -> None:
    target = tmp_path / "book.pdf"
    merge_parts(tmp_path, 4, target)
    with pikepdf.open(target) as pdf:
        assert pdf.check_pdf_syntax() == []
        # front, 4 parts, back, each 3 pages starting on a right-hand page, padded to 4
        assert len(pdf.pages) == 24
        document = pdf.Root.StructTreeRoot.K[0]
        assert len(document.K) == 6 * (ELEMENTS // PAGES * PAGES)
        assert {kid.P.objgen for kid in document.K} == {document.objgen}
        alts = [str(kid.Alt) for kid in document.K if "/Alt" in kid]
        assert alts == [TRICKY] * 6
        # Each page's marked content still finds its elements, on that page.
        tree = pdf.Root.StructTreeRoot.ParentTree.Nums
        parents = {int(tree[i]): tree[i + 1] for i in range(0, len(tree), 2)}
        for page in pdf.pages:
            if "/StructParents" in page.obj:
                elements = parents[int(page.obj.StructParents)]
                assert all(e.Pg == page.obj for e in elements)
        # A link goes to the last page of its own part, and its element is found by its key.
        links = [(n, page.obj.Annots[0]) for n, page in enumerate(pdf.pages) if "/Annots" in page.obj]
        assert len(links) == 6
        for n, link in links:
            assert link.Dest[0] == pdf.pages[n + PAGES - 1].obj
            assert parents[int(link.StructParent)].Alt == TRICKY
        assert [str(item.title) for item in pikepdf.open(target).open_outline().root] == [
            "Part front",
            *[f"Part p{n:03d}" for n in range(4)],
            "Part back",
        ]
        dests = pdf.Root.Names.Dests.Names
        assert [str(dests[i]) for i in range(0, len(dests), 2)] == sorted(
            ["front", "back", *[f"p{n:03d}" for n in range(4)]]
        )


def test_stamps_fonts_and_reopened_parts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    merge_parts(tmp_path, 3, tmp_path / "book.pdf", stamped=True)
    monkeypatch.setattr(copier, "REOPEN", 1)  # every part opened afresh at each object
    merge_parts(tmp_path, 3, tmp_path / "reopened.pdf", stamped=True)
    assert (tmp_path / "book.pdf").read_bytes() == (tmp_path / "reopened.pdf").read_bytes()
    with pikepdf.open(tmp_path / "book.pdf") as pdf:
        assert pdf.check_pdf_syntax() == []
        # Every part's copy of the font points at one program cut from the whole font.
        programs = {
            page.obj.Resources.Font.F2.DescendantFonts[0].FontDescriptor.FontFile3.objgen
            for page in pdf.pages
            if "/StructParents" in page.obj
        }  # not blank versos
        assert len(programs) == 1
        assert pdf.get_object(programs.pop()).read_bytes()[:4] == b"OTTO"
        # The stamp is drawn over pages 1 and 3 (one form for both), as an artifact.
        first, second, third = (pdf.pages[n].obj for n in range(3))
        form = first.Resources.XObject.CbStamp0
        assert b"(7) Tj" in form.read_bytes()
        assert third.Resources.XObject.CbStamp0.objgen == form.objgen
        assert (
            first.Contents[-1]
            .read_bytes()
            .strip()
            .endswith(b"/Artifact <</Type /Pagination>> BDC q /CbStamp0 Do Q EMC")
        )
        assert "/XObject" not in second.Resources
        words = subprocess.run(
            ["pdftotext", "-f", "1", "-l", "1", str(tmp_path / "book.pdf"), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        assert words[:2] == ["Line", "0"] and words[-1] == "7"


MEASURE = """
import json, resource, sys
from pathlib import Path
sys.path[:0] = sys.argv[4:6]  # this folder, and tests/ for the shared helpers
import test_merge
test_merge.ELEMENTS = int(sys.argv[3])
test_merge.merge_parts(Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[1]) / "book.pdf")
print(json.dumps(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
"""


def peak_of_merge(folder: Path, parts: int, elements: int) -> float:
    """Peak RSS (MiB) of a new process merging `parts` copies of a part of `elements`."""
    folder.mkdir(exist_ok=True)
    here = Path(__file__)
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            MEASURE,
            str(folder),
            str(parts),
            str(elements),
            str(here.parent),
            str(here.parents[1]),
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return float(json.loads(out))


def test_the_main_process_does_not_grow_with_the_book(tmp_path: Path) -> None:
    few, many = 10, 100
    small, large = peak_of_merge(tmp_path, few, ELEMENTS), peak_of_merge(tmp_path, many, ELEMENTS)
    with pikepdf.open(tmp_path / "book.pdf") as pdf:
        assert len(pdf.objects) > many * ELEMENTS  # a book as big as a real one of `many`
    # Holding the whole book, as pikepdf does, costs about 60 MiB more here.
    assert large - small < 12, f"{few} parts: {small:.0f} MiB, {many} parts: {large:.0f} MiB"


def test_a_large_part_is_not_held_whole(tmp_path: Path) -> None:
    # The contents or the index of a long book: one part of many objects.
    small = peak_of_merge(tmp_path / "small", 1, 1_000)
    large = peak_of_merge(tmp_path / "large", 1, 20_000)
    with pikepdf.open(tmp_path / "large" / "book.pdf") as pdf:
        assert len(pdf.objects) > 3 * 20_000
    # Read whole, the large one costs about 25 MiB more.
    assert large - small < 10, f"1,000 elements: {small:.0f} MiB, 20,000: {large:.0f} MiB"
