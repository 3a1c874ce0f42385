"""The fast booklet's parts put together into one PDF, written out as they are read.

Each part (a career, the front, the back, the blank verso) is a PDF laid out by a
worker (workers.py). They are opened one at a time with pikepdf, their objects
copied out renumbered to a pdf_writer.PdfWriter, and closed again, so the main
process stays the same size however long the book. What the whole needs is
gathered as the parts pass, and written at the end: the page tree, the top of the
structure tree (PDF/UA), the named destinations and the outline, as WeasyPrint
would have made them for the single document.

The stamps (page numbers, the numbers that links show) are laid out by the workers
meanwhile. Which page gets which stamp is known beforehand, so each page is
written at once with its stamps' form XObjects numbered in advance; their bodies
follow when the stamps are ready. A stamp is drawn as a pagination artifact.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

import pikepdf

from careerbook.booklet.copier import Copier, FontProgram
from careerbook.booklet.font_subset import subset
from careerbook.booklet.parts import PartInfo
from careerbook.booklet.pdf_writer import PdfWriter
from careerbook.booklet.plan import Layout
from careerbook.files import write_atomic
from careerbook.speed.cache import Cache, digest

_STAMP_OPEN = b"q\n"
_STAMP = b"/Artifact <</Type /Pagination>> BDC q %s Do Q EMC\n"


def _real(x: float) -> bytes:
    text = f"{x:.4f}".rstrip("0").rstrip(".")
    return b"0" if text in ("", "-0") else text.encode()


def _dest(page: int, x: float, y: float) -> bytes:
    return b"[ %d 0 R /XYZ %s %s 0 ]" % (page, _real(x), _real(y))


@dataclass
class _Bookmark:
    level: int
    label: str
    page: int
    x: float
    y: float
    state: str
    number: int = 0
    children: list[_Bookmark] = field(default_factory=list)


class _Merger:
    def __init__(self, writer: PdfWriter, tagged: bool, lang: str) -> None:
        self.writer = writer
        self.tagged = tagged
        self.lang = lang
        self.version = "1.7"  # at least; raised to the parts' own
        self.pages_root = writer.reserve()
        self.null = writer.add(b"null")  # what a link to a page left out of the booklet gets
        self.tree_root = writer.reserve() if tagged else 0
        self.document = writer.reserve() if tagged else 0  # the structure tree's Document
        self.pages: list[int] = []
        self.kids: list[bytes] = []  # of the Document element, a part's in each item
        self.nums: list[bytes] = []  # the parent tree's "key value key value...", a part's in each
        self.offset = 0  # of this part's parent tree keys
        self.names: dict[str, bytes] = {}
        self.bookmarks: list[_Bookmark] = []
        self.metadata: int | None = None
        self.info: int | None = None
        self.endings: dict[tuple[bytes, ...], int] = {}  # stamps' content streams
        self.opening = 0

    def run(
        self,
        layout: Layout,
        infos: dict[str, PartInfo],
        sources: dict[str, Path],
        blank: Path,
        owners: Sequence[dict[int, int]],
        overlay_files: Callable[[], Sequence[Path]],
        programs: dict[str, FontProgram],
    ) -> None:
        writer = self.writer
        # Each stamp page is a form XObject, numbered now: for each overlay, its page -> number.
        forms: list[dict[int, int]] = [{} for _ in owners]
        stamps: dict[int, list[int]] = {}  # booklet page (from 0) -> its stamps' forms
        for mine, owner in zip(forms, owners, strict=True):
            for page, index in sorted(owner.items()):
                stamps.setdefault(page, []).append(mine.setdefault(index, writer.reserve()))
        self.opening = writer.add_stream(b"", _STAMP_OPEN)
        self.pages = [writer.reserve() for _ in layout.pages]
        for name, run in groupby(enumerate(layout.pages), key=lambda e: e[1] and e[1].part):
            if name:
                info = infos[name]
                fonts = {font: programs[use.sha] for font, use in info.fonts.items() if use.sha in programs}
                with Copier(writer, sources[name], fonts, offset=self.offset) as copier:
                    self._part(name, copier, [(n, placed.page) for n, placed in run if placed], info, stamps)
        with Copier(writer, blank) as copier:
            copier.fix({p.obj.objgen: self.null for p in copier.pdf.pages})
            for number, placed in enumerate(layout.pages):
                if placed is None:  # the "blank" part's second page is a blank verso
                    self._blank(copier, copier.pdf.pages[1].obj, number, stamps.get(number, []))
            copier.drain()
        for mine, path in zip(forms, overlay_files(), strict=True):
            with Copier(writer, path, reopen=False) as copier:  # the forms are made in memory
                copier.fix({p.obj.objgen: self.null for p in copier.pdf.pages})
                for index, number in mine.items():
                    form = copier.pdf.pages[index].as_form_xobject()
                    copier.fix({form.objgen: number})
                    copier.todo.append(form.objgen)
                copier.drain()
        self._finish()

    def _part(
        self,
        name: str,
        copier: Copier,
        placed: list[tuple[int, int]],
        info: PartInfo,
        stamps: dict[int, list[int]],
    ) -> None:
        """Copy a part's pages (those of it the booklet shows), its structure, destinations
        and outline entries. No object of the part is held here: the copier may reopen it."""
        numbers = {index: self.pages[number] for number, index in placed}
        copier.fix({page.obj.objgen: numbers.get(i, self.null) for i, page in enumerate(copier.pdf.pages)})
        structure = self.tagged and "/StructTreeRoot" in copier.pdf.Root
        if structure:  # the part's root and Document element are the booklet's
            root = copier.pdf.Root.StructTreeRoot
            document = root.K[0] if isinstance(root.K, pikepdf.Array) else root.K
            copier.fix({root.objgen: self.tree_root, document.objgen: self.document})
            del root, document
        for name_, anchor in info.anchors.items():
            if name_ not in self.names and anchor.page in numbers:
                self.names[name_] = _dest(numbers[anchor.page], anchor.x, anchor.y)
        for mark in info.bookmarks:
            self.bookmarks.append(
                _Bookmark(mark.level, mark.label, numbers[mark.page], mark.x, mark.y, mark.state)
            )
        for number, index in placed:
            self._page(copier, copier.pdf.pages[index].obj, number, stamps.get(number, []))
        if structure:
            self._structure(copier)
        if name == "front":
            self._front(copier)
        self.version = max(self.version, copier.pdf.pdf_version)
        copier.drain()

    def _structure(self, copier: Copier) -> None:
        """A part's structure elements, under the booklet's Document; its parent tree's keys
        moved past those of the parts before it."""
        root = copier.pdf.Root.StructTreeRoot
        document = root.K[0] if isinstance(root.K, pikepdf.Array) else root.K
        self.kids.append(b" ".join(copier.syntax(kid) for kid in document.K))
        flat = list(root.ParentTree.get("/Nums", []))
        keys = [int(key) for key in flat[::2]]
        self.nums.append(
            b" ".join(
                b"%d %s" % (key + self.offset, copier.syntax(value))
                for key, value in zip(keys, flat[1::2], strict=True)
            )
        )
        self.offset += max(keys, default=-1) + 1

    def _page(self, copier: Copier, page: pikepdf.Object, number: int, forms: list[int]) -> None:
        """Write a page (edited in memory, so at once), its stamps drawn over it."""
        if "/Parent" in page:
            del page["/Parent"]
        if forms:
            self._stamp(copier, page, forms)
        body = copier.body(page)
        self.writer.add(b"<< /Parent %d 0 R %s" % (self.pages_root, body[2:]), self.pages[number])

    def _stamp(self, copier: Copier, page: pikepdf.Object, forms: list[int]) -> None:
        """Draw the forms over the page, each under a name of ours in the page's own resources
        (a part's pages share theirs): random names would change the bytes of each build."""
        resources = page.get("/Resources")
        mine = pikepdf.Dictionary(dict(resources.items())) if resources else pikepdf.Dictionary()
        xobjects = mine.get("/XObject")
        named = pikepdf.Dictionary(dict(xobjects.items())) if xobjects else pikepdf.Dictionary()
        names = []
        for form in forms:
            name = next(f"/CbStamp{n}" for n in range(len(named) + 1) if f"/CbStamp{n}" not in named)
            named[name] = copier.stand_in(form)
            names.append(name.encode())
        mine.XObject = named
        page.Resources = mine
        contents = page.get("/Contents")
        drawn = (
            [] if contents is None else list(contents) if isinstance(contents, pikepdf.Array) else [contents]
        )
        key = tuple(names)
        if key not in self.endings:
            self.endings[key] = self.writer.add_stream(
                b"", b"\nQ\n" + b"".join(_STAMP % name for name in names)
            )
        page.Contents = pikepdf.Array(
            [copier.stand_in(self.opening), *drawn, copier.stand_in(self.endings[key])]
        )

    def _blank(self, copier: Copier, blank: pikepdf.Object, number: int, forms: list[int]) -> None:
        """A blank verso: the "blank" part's second page, which is how WeasyPrint makes one."""
        page = pikepdf.Dictionary(
            {
                key: blank[key]
                for key in ("/MediaBox", "/Contents", "/Resources", "/TrimBox", "/BleedBox")
                if key in blank
            }
        )
        page.Type = pikepdf.Name.Page
        self._page(copier, page, number, forms)

    def _front(self, copier: Copier) -> None:
        """The booklet's metadata (title, language, PDF/UA identification) is the front's."""
        front = copier.pdf
        if "/Metadata" in front.Root:
            self.metadata = copier.ref(front.Root.Metadata)
        if "/Lang" in front.Root:
            self.lang = str(front.Root.Lang)
        if "/Info" in front.trailer:
            info = front.trailer.Info
            self.info = copier.ref(info) if info.is_indirect else self.writer.add(copier.body(info))

    def _finish(self) -> None:
        writer = self.writer
        writer.add(
            b"<< /Type /Pages /Kids [ %s ] /Count %d >>"
            % (b" ".join(b"%d 0 R" % n for n in self.pages), len(self.pages)),
            self.pages_root,
        )
        catalog = [b"/Type /Catalog /Pages %d 0 R" % self.pages_root]
        if self.names:
            catalog.append(
                b"/Names << /Dests << /Names [ %s ] >> >>"
                % b" ".join(
                    pikepdf.String(anchor).unparse() + b" " + self.names[anchor]
                    for anchor in sorted(self.names, key=lambda a: bytes(pikepdf.String(a)))
                )
            )
        if self.bookmarks:
            catalog.append(b"/Outlines %d 0 R" % self._outline())
        if self.tagged:
            catalog.append(b"/StructTreeRoot %d 0 R" % self._tree())
            catalog.append(
                b"/MarkInfo << /Marked true >> /ViewerPreferences "
                b"<< /DisplayDocTitle true >> /Lang " + pikepdf.String(self.lang).unparse()
            )
        if self.metadata is not None:
            catalog.append(b"/Metadata %d 0 R" % self.metadata)
        root = writer.add(b"<< " + b" ".join(catalog) + b" >>")
        writer.finish(root, self.info, self.version)

    def _tree(self) -> int:
        writer = self.writer
        parent_tree = writer.add(b"<< /Nums [ %s ] >>" % b" ".join(self.nums))
        writer.add(
            b"<< /Type /StructTreeRoot /ParentTree %d 0 R /ParentTreeNextKey %d /K [ %d 0 R ] >>"
            % (parent_tree, self.offset, self.document),
            self.tree_root,
        )
        writer.add(
            b"<< /Type /StructElem /S /Document /P %d 0 R /K [ %s ] >>"
            % (self.tree_root, b" ".join(self.kids)),
            self.document,
        )
        return self.tree_root

    def _outline(self) -> int:
        """The outline, nested by level as WeasyPrint nests it (anchors.make_page_bookmark_tree)."""
        writer = self.writer
        root: list[_Bookmark] = []
        skipped: list[int] = []
        last_by_depth: list[list[_Bookmark]] = [root]
        previous = 0
        for mark in self.bookmarks:
            if mark.level > previous:
                skipped.append(mark.level - previous - 1)
            else:
                temp = mark.level
                while temp < previous:
                    temp += 1 + skipped.pop()
                if temp > previous:
                    skipped.append(temp - previous - 1)
            previous = mark.level
            depth = mark.level - sum(skipped)
            mark.number = writer.reserve()
            last_by_depth[depth - 1].append(mark)
            del last_by_depth[depth:]
            last_by_depth.append(mark.children)

        def add(items: list[_Bookmark], parent: int) -> int:
            """Write the items; returns how many entries they show open."""
            count = len(items)
            for i, mark in enumerate(items):
                shown = add(mark.children, mark.number)
                closed = mark.state == "closed"
                if not closed:
                    count += shown
                entry = [
                    b"/Title " + pikepdf.String(mark.label).unparse(),
                    b"/Dest " + _dest(mark.page, mark.x, mark.y),
                    b"/Parent %d 0 R /Count %d" % (parent, -shown if closed else shown),
                ]
                if mark.children:
                    entry.append(
                        b"/First %d 0 R /Last %d 0 R" % (mark.children[0].number, mark.children[-1].number)
                    )
                if i:
                    entry.append(b"/Prev %d 0 R" % items[i - 1].number)
                if i + 1 < len(items):
                    entry.append(b"/Next %d 0 R" % items[i + 1].number)
                writer.add(b"<< " + b" ".join(entry) + b" >>", mark.number)
            return count

        outlines = writer.reserve()
        count = add(root, outlines)
        writer.add(
            b"<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>"
            % (root[0].number, root[-1].number, count),
            outlines,
        )
        return outlines


def _whole_font(path: Path, sha: str) -> bytes | None:
    """A font file kept by a worker, if it is whole: its name is the hash of its bytes."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == sha else None


def _font_programs(
    writer: PdfWriter, infos: dict[str, PartInfo], whole_font: Callable[[str], Path], store: Cache
) -> dict[str, FontProgram]:
    """One program for each font the parts use, with the glyphs of all of them: font file
    hash -> (its object in the booklet, whether it is OpenType/CFF)."""
    glyphs: dict[str, set[int]] = {}
    for info in infos.values():
        for use in info.fonts.values():
            glyphs.setdefault(use.sha, set()).update(use.glyphs)
    programs = {}
    for sha, used in sorted(glyphs.items()):
        key = digest("font", sha, sorted(used))
        program = store.read_bytes("fonts", key, ".subset")
        if program is None:
            whole = _whole_font(whole_font(sha), sha)
            program = subset(whole, sorted(used)) if whole is not None else None
            if program is None:
                continue  # the parts keep their own subsets
            store.write_bytes("fonts", key, ".subset", program)
        opentype = program[:4] == b"OTTO"
        head = b"/Subtype /OpenType" if opentype else b"/Length1 %d" % len(program)
        number = writer.add_stream(head + b" /Filter /FlateDecode", zlib.compress(program))
        programs[sha] = FontProgram(number, opentype)
    return programs


def merge(
    target: Path,
    layout: Layout,
    sources: dict[str, Path],
    *,
    owners: Sequence[dict[int, int]],
    overlay_files: Callable[[], Sequence[Path]],
    infos: dict[str, PartInfo],
    blank: Path,
    tagged: bool,
    lang: str,
    whole_font: Callable[[str], Path],
    store: Cache,
) -> None:
    """Write the booklet: the parts' pages in the layout's order, the stamps drawn on them.

    `owners[i]` maps a booklet page (from 0) to its page in the i-th stamps overlay;
    `overlay_files` is asked for the overlays only once the pages are written, so that the
    workers lay them out meanwhile.
    """

    def write(tmp: Path) -> None:
        with tmp.open("wb") as file:
            writer = PdfWriter(file)
            programs = _font_programs(writer, infos, whole_font, store)
            _Merger(writer, tagged, lang).run(layout, infos, sources, blank, owners, overlay_files, programs)

    write_atomic(target, write)
