"""A class set: many handouts' PDFs put together, as they are, into one file to print.

Each handout keeps its pages (its "Page 1 of 3", its blank pads), its bookmarks, nested
under one of its title, and its links. When every handout is tagged, the file is too: each
handout's structure tree becomes a Part of one Document, its parent-tree keys moved past
the previous handout's, with its own language where it differs from the set's. Named
destinations are resolved into the links that use them (every handout has the same names).

pikepdf is imported inside the functions that use it: build.py imports this module, and a
handout, which needs no pikepdf, should not pay for its import.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from careerbook.files import write_atomic
from careerbook.limits import signals_held

if TYPE_CHECKING:
    import pikepdf


@dataclass(frozen=True)
class HandoutPdf:
    """A handout already written: its career's title (its bookmark) and where it is."""

    title: str
    path: Path


@dataclass(frozen=True)
class SetInfo:
    """What the whole file says of itself: its title and language."""

    title: str
    lang: str


@dataclass(frozen=True)
class PlacedHandout:
    """Where a handout's pages went: the first page's index in the set and how many."""

    first: int
    count: int


def concatenate(handouts: Sequence[HandoutPdf], target: Path, info: SetInfo) -> list[PlacedHandout]:
    """Write the handouts one after the other into `target`, atomically."""
    with signals_held():  # a Ctrl-C while pikepdf loads would end the process (limits.py)
        import pikepdf

    if not handouts:
        raise ValueError("a class set needs at least one handout")
    out = pikepdf.new()
    sources = [pikepdf.open(h.path) for h in handouts]
    try:
        tagged = all("/StructTreeRoot" in src.Root for src in sources)
        tree = _TreeBuilder(out, info.lang) if tagged else None
        placed = []
        with out.open_outline() as outline:
            for handout, src in zip(handouts, sources, strict=True):
                placed.append(_append(out, src, handout.title, outline.root, tree))
        _catalog(out, sources[0], info, tree)
        version = max(src.pdf_version for src in sources)

        def write(tmp: Path) -> None:
            out.save(tmp, min_version=version, deterministic_id=True)

        write_atomic(target, write)
    finally:
        for src in sources:
            src.close()
        out.close()
    return placed


def _append(
    out: pikepdf.Pdf,
    src: pikepdf.Pdf,
    title: str,
    outline: list[pikepdf.OutlineItem],
    tree: _TreeBuilder | None,
) -> PlacedHandout:
    from pikepdf import Array, Name, OutlineItem

    _resolve_named_links(src)
    first = len(out.pages)
    index = {page.obj.objgen: n for n, page in enumerate(src.pages)}
    for page in src.pages:
        out.pages.append(page)
    if tree is not None:
        tree.add(src, first)

    def converted(item: pikepdf.OutlineItem) -> OutlineItem:
        dest = item.destination
        new = OutlineItem(item.title)
        if isinstance(dest, Array) and len(dest) >= 2 and dest[0].objgen in index:
            page = out.pages[first + index[dest[0].objgen]].obj
            new.destination = Array([page, *list(dest)[1:]])
        else:
            new.destination = Array([out.pages[first].obj, Name.Fit])
        new.is_closed = item.is_closed
        new.children.extend(converted(child) for child in item.children)
        return new

    with src.open_outline() as theirs:
        items = [converted(item) for item in theirs.root]
    if len(items) == 1 and items[0].title == title:
        top = items[0]  # the handout's own title heads its bookmarks: that one is the career's
    else:
        top = OutlineItem(title, Array([out.pages[first].obj, Name.Fit]))
        top.children.extend(items)
    top.is_closed = True
    outline.append(top)
    return PlacedHandout(first, len(src.pages))


def _resolve_named_links(src: pikepdf.Pdf) -> None:
    """Links to a named destination point at its page instead: the names of two handouts
    collide (both have "work", "pay" ...), so the set keeps none."""
    from pikepdf import Array, Dictionary, Name, NameTree, String

    names = src.Root.get("/Names")
    dests = (
        dict(NameTree(names.Dests, auto_repair=False).items())
        if names is not None and "/Dests" in names
        else {}
    )

    def explicit(where: pikepdf.Object) -> pikepdf.Object | None:
        if isinstance(where, String | Name):
            found = dests.get(str(where).lstrip("/"))
            if isinstance(found, Dictionary):
                found = found.get("/D")
            return found if isinstance(found, Array) else None
        return where

    for page in src.pages:
        for annot in page.obj.get("/Annots", ()):
            if "/Dest" in annot:
                annot.Dest = explicit(annot.Dest) or Array([page.obj, Name.Fit])
            action = annot.get("/A")
            if action is not None and action.get("/S") == Name.GoTo and "/D" in action:
                action.D = explicit(action.D) or Array([page.obj, Name.Fit])


def _copied(out: pikepdf.Pdf, value: Any) -> Any:
    """`value` of another PDF, copied into `out`: pikepdf copies indirect objects only, so a
    direct array or dictionary is rebuilt around copies of what it holds."""
    from pikepdf import Array, Dictionary

    if getattr(value, "is_indirect", False):  # a null comes as None
        return out.copy_foreign(value)
    if isinstance(value, Array):
        return Array([_copied(out, v) for v in value])
    if isinstance(value, Dictionary):
        return Dictionary({k: _copied(out, v) for k, v in value.items()})
    return value


class _TreeBuilder:
    """One structure tree for the set: a Part for each handout under one Document."""

    def __init__(self, out: pikepdf.Pdf, lang: str) -> None:
        from pikepdf import Array, Dictionary, Name

        self.out = out
        self.lang = lang
        self.root = out.make_indirect(Dictionary(Type=Name.StructTreeRoot))
        self.document = out.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name.Document, P=self.root, K=Array())
        )
        self.root.K = Array([self.document])
        self.nums: list[Any] = []  # the parent tree's "key value key value ..."
        self.next_key = 0

    def add(self, src: pikepdf.Pdf, first: int) -> None:
        """The handout's tree under the Document; its pages (already copied, from `first`)
        and annotations renumbered into the set's parent tree."""
        from pikepdf import Array, Dictionary, Name, NumberTree, String

        theirs = src.Root.StructTreeRoot
        offset = self.next_key
        kids = theirs.K if isinstance(theirs.K, Array) else Array([theirs.K])
        for kid in kids:
            part = _copied(self.out, kid)
            if part.get("/S") == Name.Document:
                part.S = Name.Part
            part.P = self.document
            lang = str(src.Root.get("/Lang", ""))
            if lang and lang != self.lang and "/Lang" not in part:
                part.Lang = String(lang)
            self.document.K.append(part)
        highest = -1
        for key, value in NumberTree(theirs.ParentTree, auto_repair=False).items():
            self.nums.extend([key + offset, _copied(self.out, value)])
            highest = max(highest, key)
        for page in self.out.pages[first:]:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + offset
            for annot in page.obj.get("/Annots", ()):
                if isinstance(annot, Dictionary) and "/StructParent" in annot:
                    annot.StructParent = int(annot.StructParent) + offset
        self.next_key = max(offset + highest + 1, int(theirs.get("/ParentTreeNextKey", 0)) + offset)

    def finish(self) -> None:
        from pikepdf import Array, Dictionary

        self.root.ParentTree = self.out.make_indirect(Dictionary(Nums=Array(self.nums)))
        self.root.ParentTreeNextKey = self.next_key
        self.out.Root.StructTreeRoot = self.root


def _catalog(out: pikepdf.Pdf, first: pikepdf.Pdf, info: SetInfo, tree: _TreeBuilder | None) -> None:
    """The set's own title and language; what a tagged PDF declares (MarkInfo, the title
    shown, the XMP metadata with its PDF/UA or PDF/A identification) as the handouts do."""
    from pikepdf import Dictionary, Name, String

    out.Root.Lang = String(info.lang)
    out.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    out.Root.PageMode = Name.UseOutlines
    for key in ("/OutputIntents", "/Metadata"):
        if key in first.Root:
            out.Root[key] = _copied(out, first.Root[key])
    if tree is not None:
        tree.finish()
        out.Root.MarkInfo = Dictionary(Marked=True)
    for key in ("/Creator", "/Producer", "/CreationDate", "/ModDate", "/Author"):
        if key in first.docinfo:
            out.docinfo[key] = first.docinfo[key]
    out.docinfo.Title = String(info.title)
    if "/Metadata" in out.Root:
        with out.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            meta["dc:title"] = info.title
            if "dc:description" in meta:  # the first handout's summary
                del meta["dc:description"]
