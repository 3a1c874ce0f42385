"""One structure element per HTML element, however many pages it runs over.

WeasyPrint 70 builds the structure tree page by page (weasyprint/pdf/tags.py, `add_tags`
calls `_build_box_tree` for each page's box and appends what it yields to the Document):
an <article> that runs over three pages becomes three Art elements, and a <section> cut by
a page break two Sect elements, so a screen reader hears three articles. Here consecutive
elements made from the same HTML element are joined into the first: its kids are followed
by the later ones' kids, content marked on a later page is referred to by a marked-content
reference (an MCR with its page), the kids' /P and the ParentTree point to the element that
is left, and the others are emptied (nothing refers to them any longer). The pages' content
streams are not touched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pydyf

# HTML elements whose pieces are joined, with the type WeasyPrint gives them (and nothing
# else: so the elements of these types on a page, in the order they were made, line up with
# the page's boxes of these elements in tree order).
JOINED = {"article": "/Art", "section": "/Sect", "div": "/Div", "p": "/P", "blockquote": "/BlockQuote"}


@dataclass
class Pieces:
    """Which HTML element each structure element of the JOINED types was made from."""

    source: dict[int, int] = field(default_factory=dict)  # element's object number -> id(element)


def trace(
    elements: list[pydyf.Dictionary],
    page_references: list[bytes],
    page_boxes: list[Any],
    boxes: Callable[[Any], Iterator[Any]],
) -> Pieces:
    """Pair a page's elements of the JOINED types with its boxes; call before any fix-up
    renames an element. `boxes` lists a page box's boxes in the order WeasyPrint tags them.
    A page whose elements and boxes do not line up is left out: its elements stay apart."""
    pieces = Pieces()
    by_page: dict[bytes, list[pydyf.Dictionary]] = {}
    wanted = set(JOINED.values())
    for elem in elements:
        if elem.get("S") in wanted and "Pg" in elem:
            by_page.setdefault(elem["Pg"], []).append(elem)
    for reference, page_box in zip(page_references, page_boxes, strict=True):
        found = [b for b in boxes(page_box) if getattr(b, "element_tag", None) in JOINED]
        elems = sorted(by_page.get(reference, []), key=lambda e: e.number)
        if [JOINED[b.element_tag] for b in found] != [e["S"] for e in elems]:
            continue
        for box, elem in zip(found, elems, strict=True):
            if box.element is not None:
                pieces.source[elem.number] = id(box.element)
    return pieces


class Joiner:
    """Joins the pieces under a structure element, then under each of its kids."""

    def __init__(self, pdf: pydyf.PDF, parent_tree: pydyf.Array, pieces: Pieces) -> None:
        self.pdf = pdf
        self.parent_tree = parent_tree
        self.pieces = pieces
        self.moved: dict[bytes, bytes] = {}  # reference of an emptied element -> its heir

    def element(self, kid: Any) -> pydyf.Dictionary | None:
        if not isinstance(kid, bytes):
            return None
        obj = self.pdf.objects[int(kid.split()[0])]
        if isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/StructElem":
            return obj
        return None

    def join(self, top: pydyf.Dictionary) -> None:
        stack = [top]
        while stack:
            parent = stack.pop()
            kept: list[Any] = []
            last: pydyf.Dictionary | None = None
            for kid in parent.get("K", ()):
                elem = self.element(kid)
                if elem is not None and last is not None and self.same(last, elem):
                    self.absorb(last, elem)
                    continue
                kept.append(kid)
                last = elem
            if "K" in parent:
                parent["K"] = pydyf.Array(kept)
            stack.extend(e for e in map(self.element, kept) if e is not None)
        self.repoint_parent_tree()

    def same(self, first: pydyf.Dictionary, second: pydyf.Dictionary) -> bool:
        source = self.pieces.source
        return (
            first.get("S") == second.get("S")
            and first.number in source
            and source.get(second.number) == source[first.number]
        )

    def absorb(self, heir: pydyf.Dictionary, elem: pydyf.Dictionary) -> None:
        """Move `elem`'s kids to the end of `heir`'s, then empty `elem`."""
        kids = heir["K"]
        for kid in elem.get("K", ()):
            if isinstance(kid, int):  # marked content on elem's page
                if elem.get("Pg") != heir.get("Pg"):
                    kid = pydyf.Dictionary({"Type": "/MCR", "Pg": elem["Pg"], "MCID": kid})
                kids.append(kid)
                continue
            child = self.element(kid)
            if child is not None:
                child["P"] = heir.reference
            kids.append(kid)  # an element, or an MCR or OBJR that names its page
        self.moved[elem.reference] = heir.reference
        elem.clear()

    def repoint_parent_tree(self) -> None:
        """Content and annotations that belonged to an emptied element belong to its heir."""
        if not self.moved:
            return
        nums = self.parent_tree
        for i in range(1, len(nums), 2):
            value = nums[i]
            if isinstance(value, list):
                nums[i] = pydyf.Array(
                    self.moved.get(ref, ref) if isinstance(ref, bytes) else ref for ref in value
                )
            elif isinstance(value, bytes):
                nums[i] = self.moved.get(value, value)
