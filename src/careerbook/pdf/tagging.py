"""PDF/UA fix-ups on WeasyPrint's tagged PDF, made as the file is written (a WeasyPrint finisher).

WeasyPrint 70 tags a page well but leaves a few gaps that a PDF/UA check finds; this module
closes them on the in-memory PDF (pydyf objects), before the file is written:

- Running heads, footers and page numbers (CSS margin boxes) are marked content that
  belongs to no element of the structure tree: they become Pagination artifacts.
- A passage in another language than the document's (`<article lang="es">` in an English
  booklet) gets /Lang on its structure elements.
- A list item holds only Lbl and LBody: a floated image or a block link that WeasyPrint
  puts straight into the LI moves into its LBody.
- A heading is one heading: the anonymous boxes of an <h1> (a block ::before splits it)
  are not headings of their own.
- A link is one annotation inside a Link element, described by its text: WeasyPrint makes an
  annotation for every box inside a link (a <span>, ::after) and files some of them under
  Span elements; those inner duplicates are dropped. Link annotations are printable (/F 4).
- A table's header cells have /Scope (from the HTML `scope`), and a row header names the
  column header above it in /Headers, so that header ("Activity") heads something.
- A Figure's /BBox is in the page's user space (points from the bottom left): WeasyPrint
  writes the box's CSS pixels, from the top left.
- An element that runs over several pages is one element (joining.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pydyf

from careerbook.pdf.joining import Joiner, trace
from careerbook.speed.forking import weasyprint_is_tested

# HTML elements WeasyPrint maps to a structure type that nothing else produces, so the
# elements of a page, in the order they were made, line up with its boxes in tree order.
LANG_TYPES = {
    "article": "Art",
    "section": "Sect",
    "div": "Div",
    "p": "P",
    "blockquote": "BlockQuote",
    **{f"h{i}": f"H{i}" for i in range(1, 7)},
}


# Types that never nest in themselves: an element of one inside another of the same type
# is an anonymous box of the outer one.
NO_NESTING = {"/P", *(f"/H{i}" for i in range(1, 7))}

SCOPES = {"col": "/Column", "colgroup": "/Column", "row": "/Row", "rowgroup": "/Row"}
PRINT, HIDDEN = 4, 2 | 32  # annotation flags: Print; Hidden and NoView


def finish(document: Any, pdf: pydyf.PDF) -> None:
    """Apply every fix-up; a PDF without a structure tree is left alone."""
    if "StructTreeRoot" not in pdf.catalog:
        return
    tree = _Tree(pdf)
    # The fix-ups that read WeasyPrint's page boxes (private) run under the WeasyPrint they
    # were written for; under another, the PDF keeps WeasyPrint's own tagging there.
    tested = weasyprint_is_tested()
    pages = [page._page_box for page in document.pages] if tested else []
    pieces = trace(list(tree.elements()), pdf.page_references, pages, _boxes) if tested else None
    tree.margin_boxes_as_artifacts()
    tree.lists_hold_labels_and_bodies()
    tree.no_heading_in_a_heading()
    tree.one_annotation_per_link()
    if tested:
        tree.describe_links(pages)
    tree.printable_links()
    if tested and pieces is not None:
        tree.scope_header_cells(pages)
        tree.figure_boxes_in_user_space(document.pages)
        tree.tag_languages(pages, document.metadata.lang or "")
        Joiner(pdf, tree.parent_tree, pieces).join(tree.document)


def _number(reference: Any) -> int:
    """The object number of a reference such as b"12 0 R"."""
    return int(reference.split()[0]) if isinstance(reference, bytes) and reference.strip() else -1


def _boxes(box: Any) -> Iterator[Any]:
    """The boxes under `box` that WeasyPrint makes a structure element of, in the order it does.

    Line boxes are not tagged (their children are), and a text box becomes a Span of its
    parent's; the rest are tagged in tree order.
    """
    from weasyprint.formatting_structure import boxes

    box = getattr(box, "_box", box)  # an absolutely positioned box's placeholder
    if isinstance(box, boxes.TextBox):
        return
    if not isinstance(box, boxes.LineBox):
        yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


class _Tree:
    def __init__(self, pdf: pydyf.PDF) -> None:
        self.pdf = pdf
        root = self.get(pdf.catalog["StructTreeRoot"])
        self.document = self.get(root["K"][0])
        self.parent_tree = self.get(root["ParentTree"])["Nums"]
        self.pages = [self.get(ref) for ref in pdf.page_references]

    def get(self, reference: Any) -> Any:
        return self.pdf.objects[_number(reference)]

    def elements(self) -> Iterator[pydyf.Dictionary]:
        for obj in self.pdf.objects:
            if isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/StructElem":
                yield obj

    def reachable(self) -> set[int]:
        found: set[int] = set()
        stack = [self.document]
        while stack:
            elem = stack.pop()
            if elem.number in found:
                continue
            found.add(elem.number)
            for kid in elem.get("K", ()):
                obj = self.get(kid) if isinstance(kid, bytes) else None
                if isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/StructElem":
                    stack.append(obj)
        return found

    def page_mcids(self, page_index: int) -> pydyf.Array:
        """The ParentTree's array for a page: MCID -> structure element."""
        nums = self.parent_tree
        for i in range(0, len(nums), 2):
            if nums[i] == self.pages[page_index]["StructParents"]:
                return nums[i + 1]
        raise LookupError(f"page {page_index + 1} is missing from the ParentTree")

    # -- margin boxes ---------------------------------------------------------------------

    def margin_boxes_as_artifacts(self) -> None:
        reachable = self.reachable()
        for index, page in enumerate(self.pages):
            mcids = self.page_mcids(index)
            orphans = {
                mcid
                for mcid, ref in enumerate(mcids)
                if isinstance(ref, bytes) and _number(ref) not in reachable
            }
            if not orphans:
                continue
            for mcid in orphans:
                self.get(mcids[mcid]).clear()  # an element no one can reach: empty it
                mcids[mcid] = b"null"
            for stream in self.streams(self.get(page["Contents"]), page["Resources"]):
                items = stream.stream
                for i, item in enumerate(items):
                    if (
                        isinstance(item, pydyf.Dictionary)
                        and item.get("MCID") in orphans
                        and i
                        and i + 1 < len(items)
                        and items[i + 1] == b"BDC"
                    ):
                        items[i - 1] = "/Artifact"
                        items[i] = pydyf.Dictionary({"Type": "/Pagination"})

    def streams(self, stream: Any, resources_ref: Any) -> Iterator[Any]:
        """A content stream and the form XObjects it draws, recursively."""
        yield stream
        resources = self.get(resources_ref) if isinstance(resources_ref, bytes) else resources_ref
        xobjects = resources.get("XObject") or {} if isinstance(resources, dict) else {}
        for item in stream.stream:
            if isinstance(item, bytes) and item.endswith(b" Do"):
                form = self.get(xobjects.get(item[1:-3].decode(), b""))
                extra = getattr(form, "extra", {})
                if extra.get("Subtype") == "/Form":
                    yield from self.streams(form, extra.get("Resources"))

    # -- lists ----------------------------------------------------------------------------------

    def lists_hold_labels_and_bodies(self) -> None:
        for li in [e for e in self.elements() if e.get("S") == "/LI"]:
            kids = list(li["K"])
            types = [self.get(k).get("S") if isinstance(k, bytes) else None for k in kids]
            if all(t in ("/Lbl", "/LBody") for t in types):
                continue
            labels = [k for k, t in zip(kids, types, strict=True) if t == "/Lbl"]
            body = next((self.get(k) for k, t in zip(kids, types, strict=True) if t == "/LBody"), None)
            if body is None:
                body = pydyf.Dictionary(
                    {
                        "Type": "/StructElem",
                        "S": "/LBody",
                        "K": pydyf.Array(),
                        "P": li.reference,
                        "Pg": li["Pg"],
                    }
                )
                self.pdf.add_object(body)
            content: list[Any] = []
            for kid, kind in zip(kids, types, strict=True):
                if kind == "/Lbl":
                    continue
                if kind == "/LBody":
                    content.extend(body["K"])
                    continue
                content.append(kid)
                if kind is not None:
                    self.get(kid)["P"] = body.reference
                elif isinstance(kid, int):
                    self.reassign_mcid(li, body, kid)
            body["K"] = pydyf.Array(content)
            li["K"] = pydyf.Array([*labels, body.reference])

    def reassign_mcid(self, old: pydyf.Dictionary, new: pydyf.Dictionary, mcid: int) -> None:
        page = next(i for i, ref in enumerate(self.pdf.page_references) if ref == old.get("Pg"))
        self.page_mcids(page)[mcid] = new.reference

    # -- headings and paragraphs ------------------------------------------------------------------

    def no_heading_in_a_heading(self) -> None:
        """A heading split into anonymous boxes (e.g. by a block ::before) is one heading.

        WeasyPrint tags each anonymous box with its element's type, so such an <h1> reads as
        two nested H1s; the inner ones become NonStruct (grouping with no meaning of its own).
        The same goes for a paragraph in a paragraph.
        """
        inner = [
            elem
            for elem in self.elements()
            if elem.get("S") in NO_NESTING and "P" in elem and self.get(elem["P"]).get("S") == elem["S"]
        ]
        for elem in inner:
            elem["S"] = "/NonStruct"

    # -- links ------------------------------------------------------------------------------------

    def one_annotation_per_link(self) -> None:
        """Keep the outermost annotation of a link; drop those of the boxes inside it."""
        holders = {}  # annotation number -> (element, OBJR reference)
        for elem in self.elements():
            for kid in elem.get("K", ()):
                obj = self.get(kid) if isinstance(kid, bytes) else None
                if isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/OBJR":
                    holders[_number(obj["Obj"])] = (elem, kid)

        def target(annotation: pydyf.Dictionary) -> bytes:
            where = annotation.get("Dest") or (annotation.get("A") or {}).get("URI")
            return where.data if isinstance(where, pydyf.Object) else bytes(str(where), "utf-8")

        by_element = {elem.number: (self.get(objr)["Obj"]) for elem, objr in holders.values()}
        dropped: set[int] = set()
        for number, (elem, objr) in holders.items():
            annotation = self.pdf.objects[number]
            if annotation.get("Subtype") != "/Link":
                continue
            ancestor = self.get(elem["P"]) if "P" in elem else None
            while isinstance(ancestor, pydyf.Dictionary) and ancestor.get("Type") == "/StructElem":
                outer = by_element.get(ancestor.number)
                if outer is not None and target(self.get(outer)) == target(annotation):
                    elem["K"].remove(objr)
                    dropped.add(number)
                    break
                ancestor = self.get(ancestor["P"]) if "P" in ancestor else None
            if number not in dropped:
                elem["S"] = "/Link"
            elif elem.get("S") == "/Link":
                elem["S"] = "/Span"  # a box inside the link, no longer a link of its own
        if not dropped:
            return
        for page in self.pages:
            if "Annots" in page:
                page["Annots"] = pydyf.Array(ref for ref in page["Annots"] if _number(ref) not in dropped)
        parents = {self.pdf.objects[n].get("StructParent") for n in dropped}
        nums = self.parent_tree
        self.parent_tree[:] = pydyf.Array(
            x for i in range(0, len(nums), 2) if nums[i] not in parents for x in nums[i : i + 2]
        )

    def describe_links(self, pages: list[Any]) -> None:
        """A link annotation's Contents is the link's text (WeasyPrint puts its target there)."""
        for page_box in pages:
            for box in _boxes(page_box):
                annotation = getattr(box, "link_annotation", None)
                element = getattr(box, "element", None)
                if annotation is not None and element is not None:
                    text = " ".join("".join(element.itertext()).split())
                    if text:
                        annotation["Contents"] = pydyf.String(text)

    def printable_links(self) -> None:
        """Link annotations are printed (/F 4: Print), and so shown to whoever reads the page."""
        for page in self.pages:
            for reference in page.get("Annots", ()):
                annotation = self.get(reference)
                if isinstance(annotation, pydyf.Dictionary) and annotation.get("Subtype") == "/Link":
                    annotation["F"] = (annotation.get("F") or 0) & ~HIDDEN | PRINT

    # -- tables -----------------------------------------------------------------------------------

    def scope_header_cells(self, pages: list[Any]) -> None:
        """Each TH gets /Scope (WeasyPrint writes IDs and the data cells' Headers, no Scope),
        and a row header lists the column headers above it in /Headers."""
        for page_box in pages:
            for box in _boxes(page_box):
                cell = getattr(box, "mark", None)  # WeasyPrint's TH/TD element of the box
                if not isinstance(cell, pydyf.Dictionary) or cell.get("S") != "/TH":
                    continue
                attributes = cell.setdefault("A", pydyf.Dictionary({"O": "/Table"}))
                if "Scope" not in attributes:
                    given = SCOPES.get(box.element.get("scope", ""))
                    attributes["Scope"] = given or self.scope(cell)
        for table in [e for e in self.elements() if e.get("S") == "/Table"]:
            self.name_column_headers(table)

    def scope(self, cell: pydyf.Dictionary) -> str:
        """A TH without `scope`: a column header in a THead or after the row's first cell."""
        row = self.get(cell["P"])
        if self.get(row["P"]).get("S") == "/THead" or row["K"][0] != cell.reference:
            return "/Column"
        return "/Row"

    def name_column_headers(self, table: pydyf.Dictionary) -> None:
        columns: dict[int, list[Any]] = {}  # column -> its column headers' IDs
        for row in self.rows(table):
            column = 0
            for kid in row.get("K", ()):
                cell = self.get(kid) if isinstance(kid, bytes) else None
                if not isinstance(cell, pydyf.Dictionary) or cell.get("S") not in ("/TH", "/TD"):
                    continue
                attributes = cell.get("A") or {}
                span = int(attributes.get("ColSpan", 1))
                if cell["S"] == "/TH" and "ID" in cell:
                    if attributes.get("Scope") == "/Row":
                        above = [i for c in range(column, column + span) for i in columns.get(c, [])]
                        if above and "Headers" not in attributes:
                            attributes["Headers"] = pydyf.Array(above)
                    else:
                        for c in range(column, column + span):
                            columns.setdefault(c, []).append(cell["ID"])
                column += span

    def rows(self, table: pydyf.Dictionary) -> Iterator[pydyf.Dictionary]:
        for kid in table.get("K", ()):
            elem = self.get(kid) if isinstance(kid, bytes) else None
            if not isinstance(elem, pydyf.Dictionary):
                continue
            if elem.get("S") == "/TR":
                yield elem
            elif elem.get("S") in ("/THead", "/TBody", "/TFoot"):
                yield from self.rows(elem)

    # -- figures --------------------------------------------------------------------------------

    def figure_boxes_in_user_space(self, pages: list[Any]) -> None:
        """A Figure's Layout /BBox in points from the page's bottom left, as the PDF reference
        has it; WeasyPrint writes the CSS box (pixels from the top left, so a chart low on a
        page lies partly off it)."""
        index = {reference: i for i, reference in enumerate(self.pdf.page_references)}
        for elem in self.elements():
            attributes = elem.get("A")
            if (
                elem.get("S") != "/Figure"
                or not isinstance(attributes, pydyf.Dictionary)
                or attributes.get("O") != "/Layout"
                or elem.get("Pg") not in index
            ):
                continue
            page = pages[index[elem["Pg"]]]
            media = self.pages[index[elem["Pg"]]]["MediaBox"]
            scale = (media[2] - media[0]) / (page.width + page.bleed["left"] + page.bleed["right"])
            x1, y1, x2, y2 = (float(v) for v in attributes["BBox"])
            attributes["BBox"] = pydyf.Array(
                round(v, 3)
                for v in (x1 * scale, (page.height - y2) * scale, x2 * scale, (page.height - y1) * scale)
            )

    # -- languages --------------------------------------------------------------------------------

    def tag_languages(self, pages: list[Any], document_lang: str) -> None:
        """/Lang on the elements made from an HTML element that has its own `lang`."""
        by_page: dict[bytes, list[pydyf.Dictionary]] = {}
        wanted = set(LANG_TYPES.values())
        for elem in self.elements():
            if elem.get("S", "")[1:] in wanted:
                by_page.setdefault(elem["Pg"], []).append(elem)
        for reference, page_box in zip(self.pdf.page_references, pages, strict=True):
            boxes = [b for b in _boxes(page_box) if getattr(b, "element_tag", None) in LANG_TYPES]
            elems = sorted(by_page.get(reference, []), key=lambda e: e.number)
            if [LANG_TYPES[b.element_tag] for b in boxes] != [e["S"][1:] for e in elems]:
                continue  # WeasyPrint tagged this page in a way we cannot follow: leave it
            for box, elem in zip(boxes, elems, strict=True):
                lang = box.element.get("lang")
                if not lang or lang == document_lang:
                    continue
                parent = self.get(elem["P"])
                if parent.get("Lang") != pydyf.String(lang).data:
                    elem["Lang"] = pydyf.String(lang)
