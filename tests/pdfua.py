"""A PDF/UA-1 checker on pikepdf: the machine-checkable failure conditions of the Matterhorn Protocol.

veraPDF, the reference validator, is not in the registries this project can reach, so
this module checks what software alone can decide (Matterhorn's "Machine" conditions)
that matter for the PDFs careerbook writes. `check(path)` returns a list of
(condition id, message); an empty list means no failure was found. The README names the
conditions covered and those that are not (mostly the ones that need human judgement).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

Failure = tuple[str, str]

# ISO 32000-1, 14.8.4: the standard structure types.
STANDARD_TYPES = frozenset(
    {
        "Document",
        "Part",
        "Art",
        "Sect",
        "Div",
        "BlockQuote",
        "Caption",
        "TOC",
        "TOCI",
        "Index",
        "NonStruct",
        "Private",
        "P",
        "H",
        "H1",
        "H2",
        "H3",
        "H4",
        "H5",
        "H6",
        "L",
        "LI",
        "Lbl",
        "LBody",
        "Table",
        "TR",
        "TH",
        "TD",
        "THead",
        "TBody",
        "TFoot",
        "Span",
        "Quote",
        "Note",
        "Reference",
        "BibEntry",
        "Code",
        "Link",
        "Annot",
        "Ruby",
        "RB",
        "RT",
        "RP",
        "Warichu",
        "WT",
        "WP",
        "Figure",
        "Formula",
        "Form",
    }
)

# ISO 32000-1, tables 333, 336 and 337: which children and parents these types allow.
CHILDREN = {
    "L": {"LI", "L", "Caption"},
    "LI": {"Lbl", "LBody"},
    "Table": {"TR", "THead", "TBody", "TFoot", "Caption"},
    "THead": {"TR"},
    "TBody": {"TR"},
    "TFoot": {"TR"},
    "TR": {"TH", "TD"},
    "TOC": {"TOC", "TOCI", "Caption"},
}
PARENTS = {
    "LI": {"L"},
    "LBody": {"LI"},
    "TR": {"Table", "THead", "TBody", "TFoot"},
    "TH": {"TR"},
    "TD": {"TR"},
    "THead": {"Table"},
    "TBody": {"Table"},
    "TFoot": {"Table"},
    "TOCI": {"TOC"},
}
SYNTAX_CONDITION = {
    "L": "09-005",
    "LI": "09-005",
    "LBody": "09-005",
    "Table": "09-004",
    "THead": "09-004",
    "TBody": "09-004",
    "TFoot": "09-004",
    "TR": "09-004",
    "TH": "09-004",
    "TD": "09-004",
    "TOC": "09-006",
    "TOCI": "09-006",
}

TEXT_SHOWING = {"Tj", "TJ", "'", '"'}
PAINTING = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do", "INLINE IMAGE"}
LANG_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
}


def check(path: Path | str) -> list[Failure]:
    """Every machine-checkable PDF/UA-1 failure found in the PDF at `path`."""
    with pikepdf.open(path) as pdf:
        return _Checker(pdf).run()


def _key(obj: pikepdf.Object) -> tuple[int, int]:
    return obj.objgen if obj.is_indirect else (0, id(obj))


def _text(obj: object) -> str:
    return str(obj) if obj is not None else ""


def _name(obj: object) -> str:
    return str(obj)[1:] if isinstance(obj, Name) else ""


def _number_tree(node: Dictionary | None) -> Iterator[tuple[int, pikepdf.Object]]:
    if node is None:
        return
    nums = node.get("/Nums")
    if nums is not None:
        for i in range(0, len(nums) - 1, 2):
            yield int(nums[i]), nums[i + 1]
    for kid in node.get("/Kids") or []:
        yield from _number_tree(kid)


def _attributes(elem: Dictionary, class_map: Dictionary) -> list[Dictionary]:
    """The attribute dictionaries of a structure element: its A, then its classes' in ClassMap."""

    def listed(value: object) -> list:
        return list(value) if isinstance(value, Array) else [value]

    found = [x for x in listed(elem.get("/A")) if isinstance(x, Dictionary)]
    for name in listed(elem.get("/C")):
        if isinstance(name, Name):
            found += [x for x in listed(class_map.get(str(name))) if isinstance(x, Dictionary)]
    return found


@dataclass
class _Elem:
    obj: Dictionary
    type: str  # after role mapping
    parent: _Elem | None
    lang: str | None  # inherited
    children: list[_Elem] = field(default_factory=list)


@dataclass
class _Marked:
    kind: str  # "artifact", "tagged" or "other"
    mcid: int | None = None


class _Checker:
    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self.pdf = pdf
        self.root = pdf.Root
        self.failures: list[Failure] = []
        self.role_map: dict[str, str] = {}
        self.elements: list[_Elem] = []
        # (page objgen, mcid) -> the structure element whose K holds it
        self.mcids: dict[tuple[tuple[int, int], int], _Elem] = {}
        # annotation objgen -> the structure element whose K holds its OBJR
        self.objrs: dict[tuple[int, int], _Elem] = {}
        self.doc_lang = ""
        self.class_map = Dictionary()
        # font objgen -> (font, the character codes shown with it)
        self.used_codes: dict[tuple[int, int], tuple[Dictionary, set[int]]] = {}

    def fail(self, condition: str, message: str) -> None:
        self.failures.append((condition, message))

    def run(self) -> list[Failure]:
        self.check_catalog()
        self.check_metadata()
        tagged = self.check_structure()
        self.check_pages(tagged)
        self.check_fonts()
        self.check_misc()
        return self.failures

    # -- the catalog --------------------------------------------------------------------

    def check_catalog(self) -> None:
        prefs = self.root.get("/ViewerPreferences")
        if prefs is None or "/DisplayDocTitle" not in prefs:
            self.fail("07-001", "ViewerPreferences has no DisplayDocTitle key")
        elif prefs.DisplayDocTitle is not True:
            self.fail("07-002", "ViewerPreferences DisplayDocTitle is false")
        mark = self.root.get("/MarkInfo")
        if mark is None or mark.get("/Marked") is not True:
            self.fail("01-005", "MarkInfo Marked is not true: the document does not say it is tagged")
        if mark is not None and mark.get("/Suspects") is True:
            self.fail("01-007", "MarkInfo Suspects is true")
        lang = _text(self.root.get("/Lang"))
        if lang and not LANG_TAG.match(lang):
            self.fail("11-001", f"the document language {lang!r} is not a BCP 47 language tag")
        self.doc_lang = lang if LANG_TAG.match(lang) else ""

    def check_metadata(self) -> None:
        meta = self.root.get("/Metadata")
        if not isinstance(meta, Stream):
            self.fail("06-001", "the catalog has no XMP metadata stream")
            return
        data = meta.read_bytes()
        start, end = data.find(b"<x:xmpmeta"), data.rfind(b"</x:xmpmeta>")
        try:
            tree = ET.fromstring(data[start : end + len(b"</x:xmpmeta>")])
        except ET.ParseError as exc:
            self.fail("06-001", f"the XMP metadata is not well-formed XML: {exc}")
            return
        part_attr = f"{{{NS['pdfuaid']}}}part"
        parts = [d.get(part_attr) for d in tree.iter() if d.get(part_attr)]
        parts += [e.text for e in tree.iter(part_attr)]
        if not parts:
            self.fail("06-002", "the XMP metadata has no PDF/UA identifier (pdfuaid:part)")
        elif "1" not in [(p or "").strip() for p in parts]:
            self.fail("06-002", f"pdfuaid:part is {parts[0]!r}, not 1")
        titles = [
            li.text
            for t in tree.iter(f"{{{NS['dc']}}}title")
            for li in t.iter()
            if li.text and li.text.strip()
        ]
        if not titles:
            self.fail("06-003", "the XMP metadata has no dc:title")
        if not self.doc_lang:
            self.fail("11-006", "the language of the metadata cannot be determined (no catalog Lang)")

    # -- the structure tree ---------------------------------------------------------------

    def resolve_role(self, s: str) -> str:
        seen = [s]
        while s not in STANDARD_TYPES:
            if s not in self.role_map:
                self.fail("02-001", f"structure type /{seen[0]} is not mapped to a standard type")
                return s
            s = self.role_map[s]
            if s in seen:
                self.fail("02-003", "circular role mapping: " + " -> ".join(f"/{x}" for x in [*seen, s]))
                return s
            seen.append(s)
        return s

    def check_structure(self) -> bool:
        tree_root = self.root.get("/StructTreeRoot")
        if tree_root is None:
            self.fail("01-005", "no structure tree: nothing in the document is tagged")
            return False
        self.class_map = tree_root.get("/ClassMap") or Dictionary()
        for key, value in (tree_root.get("/RoleMap") or Dictionary()).items():
            self.role_map[key[1:]] = _name(value)
            if key[1:] in STANDARD_TYPES:
                self.fail("02-004", f"the standard type {key} is remapped to {value}")
        visited: set[tuple[int, int]] = set()
        kids = tree_root.get("/K")
        stack: list[tuple[pikepdf.Object, _Elem | None, pikepdf.Object | None]] = []
        for kid in reversed(kids if isinstance(kids, Array) else [kids] if kids is not None else []):
            stack.append((kid, None, None))
        order: list[_Elem] = []
        while stack:
            obj, parent, page = stack.pop()
            if isinstance(obj, int):
                self.claim_mcid(obj, page, parent)
                continue
            if not isinstance(obj, Dictionary):
                continue
            kind = _name(obj.get("/Type"))
            if kind == "MCR":
                self.claim_mcid(int(obj.MCID), obj.get("/Pg", page), parent)
                continue
            if kind == "OBJR":
                if parent is not None:
                    self.objrs[_key(obj.Obj)] = parent
                continue
            if "/S" not in obj:
                continue
            if _key(obj) in visited:
                self.fail("01-005", "the structure tree has a cycle")
                continue
            visited.add(_key(obj))
            lang = _text(obj.get("/Lang")) or None
            if lang is not None and not LANG_TAG.match(lang):
                self.fail("11-001", f"/{_name(obj.S)} has Lang {lang!r}, not a BCP 47 language tag")
            elem = _Elem(
                obj, self.resolve_role(_name(obj.S)), parent, lang or (parent.lang if parent else None)
            )
            if parent is not None:
                parent.children.append(elem)
            order.append(elem)
            page_of = obj.get("/Pg", page)
            k = obj.get("/K")
            for kid in reversed(k if isinstance(k, Array) else [k] if k is not None else []):
                stack.append((kid, elem, page_of))
        self.elements = order
        for elem in order:
            self.check_element(elem)
        self.check_headings(order)
        self.check_tables(order)
        self.check_notes(order)
        return True

    def claim_mcid(self, mcid: int, page: pikepdf.Object | None, elem: _Elem | None) -> None:
        if page is None or elem is None:
            self.fail("01-005", f"marked content {mcid} in the structure tree has no page")
            return
        self.mcids[(page.objgen, mcid)] = elem

    def check_element(self, elem: _Elem) -> None:
        t, obj = elem.type, elem.obj
        if t in ("Figure", "Formula"):
            alt = _text(obj.get("/Alt")).strip() or _text(obj.get("/ActualText")).strip()
            if not alt:
                self.fail(
                    "13-004" if t == "Figure" else "17-002",
                    f"a {t} has no alternative text (Alt or ActualText)",
                )
        for attr in ("/Alt", "/ActualText", "/E"):
            if attr in obj and not (elem.lang or self.doc_lang):
                self.fail("11-002", f"the language of the {attr[1:]} of a /{t} cannot be determined")
        allowed = CHILDREN.get(t)
        if allowed is not None:
            for child in elem.children:
                if child.type not in allowed:
                    self.fail(
                        SYNTAX_CONDITION[t],
                        f"/{t} contains /{child.type}; it may hold only " + ", ".join(sorted(allowed)),
                    )
        parents = PARENTS.get(t)
        if parents is not None:
            got = elem.parent.type if elem.parent else "StructTreeRoot"
            if got not in parents:
                self.fail(SYNTAX_CONDITION[t], f"/{t} is inside /{got}, not " + " or ".join(sorted(parents)))

    def check_headings(self, order: list[_Elem]) -> None:
        numbered = [e for e in order if re.fullmatch(r"H[1-6]", e.type)]
        plain = [e for e in order if e.type == "H"]
        if numbered and plain:
            self.fail("14-007", "the document uses both H and numbered H1-H6 headings")
        for e in order:
            if sum(c.type == "H" for c in e.children) > 1:
                self.fail("14-006", f"a /{e.type} contains more than one H")
        if numbered and numbered[0].type != "H1":
            self.fail("14-002", f"the first heading is /{numbered[0].type}, not /H1")
        previous = 0
        for e in numbered:
            level = int(e.type[1])
            if level > previous + 1 and previous:
                self.fail("14-003", f"/H{level} follows /H{previous}: heading levels are skipped")
            previous = level

    def check_tables(self, order: list[_Elem]) -> None:
        for table in (e for e in order if e.type == "Table"):
            cells = [e for e in self.descendants(table) if e.type in ("TH", "TD")]
            ids = {_text(c.obj.get("/ID")) for c in cells if c.type == "TH" and "/ID" in c.obj}

            def headers(cell: _Elem) -> list[str] | None:
                for a in _attributes(cell.obj, self.class_map):
                    if "/Headers" in a:
                        return [_text(h) for h in a.Headers]
                return None

            tds = [c for c in cells if c.type == "TD"]
            organized = bool(tds) and all(headers(c) is not None for c in tds)
            if organized:
                for cell in tds:
                    missing = [h for h in headers(cell) or [] if h not in ids]
                    if missing:
                        self.fail("15-003", f"a TD names header ids {missing} that no TH has")
                # A TH that heads nothing: no Scope, and no cell names it (as other checkers
                # read ISO 14289-1 7.5: "Activity" above a column of row headers).
                named = {h for c in cells for h in headers(c) or []}
                for th in (c for c in cells if c.type == "TH"):
                    if (
                        not any("/Scope" in a for a in _attributes(th.obj, self.class_map))
                        and _text(th.obj.get("/ID")) not in named
                    ):
                        self.fail("15-003", "a TH has no Scope and no cell's Headers names it")
            else:
                for th in (c for c in cells if c.type == "TH"):
                    if not any("/Scope" in a for a in _attributes(th.obj, self.class_map)):
                        self.fail("15-003", "a TH has no Scope in a table without Headers and IDs")

    def check_notes(self, order: list[_Elem]) -> None:
        seen: set[str] = set()
        for note in (e for e in order if e.type == "Note"):
            note_id = _text(note.obj.get("/ID"))
            if not note_id:
                self.fail("19-003", "a Note has no ID")
            elif note_id in seen:
                self.fail("19-004", f"the Note ID {note_id!r} is used twice")
            seen.add(note_id)

    def descendants(self, elem: _Elem) -> Iterator[_Elem]:
        for child in elem.children:
            yield child
            if child.type != "Table":
                yield from self.descendants(child)

    # -- the pages --------------------------------------------------------------------------

    def check_pages(self, tagged: bool) -> None:
        parent_tree = dict(_number_tree(self.root.StructTreeRoot.get("/ParentTree"))) if tagged else {}
        forms_seen: dict[tuple[int, int], int] = {}
        for number, page in enumerate(self.pdf.pages, start=1):
            state = _PageState(number)
            self.scan(
                pikepdf.parse_content_stream(page), page.obj.get("/Resources"), [], state, forms_seen, depth=0
            )
            if state.untagged:
                self.fail(
                    "01-005",
                    f"page {number}: {state.untagged} content items are neither "
                    "tagged nor marked as artifacts",
                )
            if not tagged:
                continue
            mapping = parent_tree.get(int(page.obj.get("/StructParents", -1)))
            orphans, wrong = [], []
            for mcid in sorted(state.mcids):
                elem = self.mcids.get((page.obj.objgen, mcid))
                if elem is None:
                    orphans.append(mcid)
                elif mapping is None or mcid >= len(mapping) or _key(mapping[mcid]) != _key(elem.obj):
                    wrong.append(mcid)
                elif not (elem.lang or self.doc_lang):
                    state.no_lang += 1
            if orphans:
                self.fail(
                    "01-005",
                    f"page {number}: marked content {orphans[:8]} belongs to no "
                    "structure element in the tree (tagged neither as content nor as artifact)",
                )
            if wrong:
                self.fail(
                    "01-005",
                    f"page {number}: the ParentTree does not lead marked content "
                    f"{wrong[:8]} back to the structure element that holds it",
                )
            if state.no_lang:
                self.fail(
                    "11-001",
                    f"page {number}: the language of {state.no_lang} tagged passages cannot be determined",
                )
            self.check_annotations(number, page, parent_tree)

    def scan(
        self,
        instructions: list,
        resources: Dictionary | None,
        stack: list[_Marked],
        state: _PageState,
        forms_seen: dict[tuple[int, int], int],
        depth: int,
    ) -> None:
        for instruction in instructions:
            op = str(instruction.operator)
            operands = instruction.operands
            if op in ("BMC", "BDC"):
                tag = _name(operands[0])
                props = operands[1] if op == "BDC" else None
                if isinstance(props, Name) and resources is not None:
                    props = (resources.get("/Properties") or Dictionary()).get(str(props))
                mcid = props.get("/MCID") if isinstance(props, Dictionary) else None
                if tag == "Artifact":
                    if any(m.kind == "tagged" for m in stack):
                        state.count(self, "01-003", "content marked as Artifact is inside tagged content")
                    stack.append(_Marked("artifact"))
                elif mcid is not None:
                    if any(m.kind == "artifact" for m in stack):
                        state.count(self, "01-004", "tagged content is inside an Artifact")
                    if int(mcid) in state.mcids:
                        state.count(self, "01-005", f"MCID {int(mcid)} is used twice on the page")
                    state.mcids.add(int(mcid))
                    stack.append(_Marked("tagged", int(mcid)))
                else:
                    stack.append(_Marked("other"))
            elif op == "EMC":
                if stack:
                    stack.pop()
            elif op == "Tf" and resources is not None:
                font = (resources.get("/Font") or Dictionary()).get(str(operands[0]))
                state.font = font
            elif op == "Do" and resources is not None:
                xobject = (resources.get("/XObject") or Dictionary()).get(str(operands[0]))
                if isinstance(xobject, Stream) and xobject.get("/Subtype") == "/Form":
                    # A form is a container: what it draws is checked, not the drawing of it.
                    self.scan_form(xobject, stack, state, forms_seen, depth)
                elif not any(m.kind in ("artifact", "tagged") for m in stack):
                    state.untagged += 1
            elif op in TEXT_SHOWING or op in PAINTING:
                if not any(m.kind in ("artifact", "tagged") for m in stack):
                    state.untagged += 1
                if op in TEXT_SHOWING:
                    self.note_text(op, operands, state)

    def scan_form(
        self,
        form: Stream,
        stack: list[_Marked],
        state: _PageState,
        forms_seen: dict[tuple[int, int], int],
        depth: int,
    ) -> None:
        if "/Ref" in form:
            self.fail("30-001", f"page {state.page}: a reference XObject is used")
        if depth > 20:
            return
        before = set(state.mcids)
        self.scan(
            pikepdf.parse_content_stream(form),
            form.get("/Resources"),
            list(stack),
            state,
            forms_seen,
            depth + 1,
        )
        if state.mcids != before and form.is_indirect:
            forms_seen[form.objgen] = forms_seen.get(form.objgen, 0) + 1
            if forms_seen[form.objgen] == 2:
                self.fail(
                    "30-002", f"page {state.page}: a form XObject with marked content is drawn more than once"
                )

    def note_text(self, op: str, operands: list, state: _PageState) -> None:
        font = state.font
        if not isinstance(font, Dictionary):
            return
        strings: list[bytes] = []
        items = operands[0] if op == "TJ" else [operands[-1]]
        for item in items:
            if isinstance(item, pikepdf.String):
                strings.append(bytes(item))
        width = 2 if font.get("/Subtype") == "/Type0" else 1
        codes = self.used_codes.setdefault(font.objgen, (font, set()))[1]
        for s in strings:
            codes.update(int.from_bytes(s[i : i + width], "big") for i in range(0, len(s) - width + 1, width))

    def check_annotations(
        self, number: int, page: pikepdf.Page, parent_tree: dict[int, pikepdf.Object]
    ) -> None:
        annots = page.obj.get("/Annots") or []
        if annots and page.obj.get("/Tabs") is None:
            self.fail("28-008", f"page {number} has annotations but no Tabs key")
        elif annots and page.obj.get("/Tabs") != "/S":
            self.fail("28-009", f"page {number}: Tabs is {page.obj.Tabs}, not /S")
        for annot in annots:
            subtype = _name(annot.get("/Subtype"))
            if subtype in ("Popup", "PrinterMark"):
                continue
            elem = self.objrs.get(_key(annot))
            if subtype == "Link":
                if elem is None or elem.type != "Link":
                    self.fail(
                        "28-011", f"page {number}: a link annotation is not inside a Link structure element"
                    )
                if not _text(annot.get("/Contents")).strip():
                    self.fail(
                        "28-012", f"page {number}: a link annotation has no Contents (alternate description)"
                    )
            elif subtype == "Widget":
                if elem is None or elem.type != "Form":
                    self.fail(
                        "28-010", f"page {number}: a widget annotation is not inside a Form structure element"
                    )
            else:
                if elem is None or elem.type != "Annot":
                    self.fail(
                        "28-002",
                        f"page {number}: a {subtype} annotation is not inside an Annot structure element",
                    )
                if not _text(annot.get("/Contents")).strip() and not (elem and "/Alt" in elem.obj):
                    self.fail("28-004", f"page {number}: a {subtype} annotation has no Contents")
            if elem is not None and "/StructParent" in annot:
                mapped = parent_tree.get(int(annot.StructParent))
                if mapped is None or _key(mapped) != _key(elem.obj):
                    self.fail(
                        "28-011",
                        f"page {number}: the ParentTree does not lead a {subtype} "
                        "annotation back to its structure element",
                    )
            if _text(annot.get("/Contents")) and not self.doc_lang and not (elem and elem.lang):
                self.fail(
                    "11-004", f"page {number}: the language of an annotation's Contents cannot be determined"
                )

    # -- fonts ------------------------------------------------------------------------------

    def check_fonts(self) -> None:
        for font, codes in self.used_codes.values():
            name = _text(font.get("/BaseFont")) or "(unnamed)"
            subtype = _name(font.get("/Subtype"))
            if subtype == "Type3":
                if "/CharProcs" not in font:
                    self.fail("31-009", f"Type3 font {name} has no glyph procedures")
            else:
                descendant = font.DescendantFonts[0] if subtype == "Type0" else font
                descriptor = descendant.get("/FontDescriptor")
                if descriptor is None or not any(
                    k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
                ):
                    self.fail("31-009", f"font {name} is used for text but not embedded")
                if (
                    subtype == "Type0"
                    and descendant.get("/Subtype") == "/CIDFontType2"
                    and "/CIDToGIDMap" not in descendant
                ):
                    self.fail("31-005", f"CIDFontType2 font {name} has no CIDToGIDMap")
                if subtype == "Type0" and 0 in codes:
                    self.fail("31-030", f"text in font {name} shows the .notdef glyph")
            to_unicode = font.get("/ToUnicode")
            encoding = _name(font.get("/Encoding"))
            if not isinstance(to_unicode, Stream):
                if encoding not in ("WinAnsiEncoding", "MacRomanEncoding", "MacExpertEncoding"):
                    self.fail("31-027", f"font {name} has no ToUnicode map")
                continue
            mapped = _cmap_codes(to_unicode.read_bytes())
            unmapped = sorted(codes - mapped)
            if unmapped:
                self.fail("10-001", f"font {name}: character codes {unmapped[:8]} have no Unicode value")

    # -- the rest -----------------------------------------------------------------------------

    def check_misc(self) -> None:
        encrypt = self.pdf.trailer.get("/Encrypt")
        if encrypt is not None and not int(encrypt.get("/P", 0)) & (1 << 9):
            self.fail("26-001", "the file is encrypted without permission for assistive technology")
        acroform = self.root.get("/AcroForm")
        if acroform is not None and acroform.get("/NeedsRendering") is True:
            self.fail("25-001", "the file is a dynamic XFA form")
        ocprops = self.root.get("/OCProperties")
        if ocprops is not None:
            configs = [ocprops.get("/D"), *(ocprops.get("/Configs") or [])]
            for config in (c for c in configs if c is not None):
                if "/Name" not in config:
                    self.fail("20-001", "an optional content configuration has no Name")
                elif not _text(config.Name):
                    self.fail("20-002", "an optional content configuration has an empty Name")
                if "/AS" in config:
                    self.fail("20-003", "an optional content configuration has an AS key")
        names = self.root.get("/Names")
        files = names.get("/EmbeddedFiles") if names is not None else None
        for _, spec in _name_tree(files):
            if "/F" not in spec or "/UF" not in spec:
                self.fail("21-001", "an embedded file's specification lacks F or UF")
        if self.root.get("/Outlines") is not None and not self.doc_lang:
            self.fail("11-003", "the language of the outline entries cannot be determined")


@dataclass
class _PageState:
    page: int
    untagged: int = 0
    no_lang: int = 0
    mcids: set[int] = field(default_factory=set)
    font: object = None
    reported: set[str] = field(default_factory=set)

    def count(self, checker: _Checker, condition: str, message: str) -> None:
        if condition + message not in self.reported:
            self.reported.add(condition + message)
            checker.fail(condition, f"page {self.page}: {message}")


def _name_tree(node: Dictionary | None) -> Iterator[tuple[str, Dictionary]]:
    if node is None:
        return
    names = node.get("/Names")
    if names is not None:
        for i in range(0, len(names) - 1, 2):
            yield str(names[i]), names[i + 1]
    for kid in node.get("/Kids") or []:
        yield from _name_tree(kid)


def _cmap_codes(data: bytes) -> set[int]:
    """The character codes a ToUnicode CMap maps to text."""
    return {code for code, text in _cmap(data).items() if text.strip("\0")}


def _utf16(hex_text: str) -> str:
    return bytes.fromhex(hex_text).decode("utf-16-be", errors="replace")


def _cmap(data: bytes) -> dict[int, str]:
    """A ToUnicode CMap as code -> text (its bfchar and bfrange entries)."""
    mapping: dict[int, str] = {}
    text = data.decode("latin-1")
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            mapping[int(src, 16)] = _utf16(dst)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, dst in re.findall(
            r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])", block
        ):
            first, last = int(lo, 16), int(hi, 16)
            if dst.startswith("["):
                for code, item in zip(
                    range(first, last + 1), re.findall(r"<([0-9A-Fa-f]*)>", dst), strict=False
                ):
                    mapping[code] = _utf16(item)
            else:
                start = bytes.fromhex(dst[1:-1])
                for offset, code in enumerate(range(first, last + 1)):
                    value = int.from_bytes(start, "big") + offset
                    mapping[code] = _utf16(value.to_bytes(len(start), "big").hex())
    return mapping


# -- reading the structure tree back, with the text of each element -------------------------


@dataclass
class Node:
    """A structure element as a reader meets it: its type, alt text, language and text."""

    type: str
    alt: str = ""
    lang: str = ""
    text: str = ""
    pages: set[int] = field(default_factory=set)
    children: list[Node] = field(default_factory=list)

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()

    def all(self, kind: str) -> list[Node]:
        return [n for n in self.walk() if n.type == kind]


def read_structure(path: Path | str) -> Node:
    """The structure tree (types after role mapping), each element with the text it tags."""
    with pikepdf.open(path) as pdf:
        texts: dict[tuple[tuple[int, int], int], str] = {}
        numbers = {}
        for number, page in enumerate(pdf.pages, start=1):
            numbers[page.obj.objgen] = number
            _collect_text(
                pikepdf.parse_content_stream(page),
                page.obj.get("/Resources"),
                [],
                None,
                page.obj.objgen,
                texts,
                0,
            )
        checker = _Checker(pdf)
        tree_root = pdf.Root.get("/StructTreeRoot")
        root = Node("StructTreeRoot")
        if tree_root is None:
            return root
        checker.role_map = {k[1:]: _name(v) for k, v in (tree_root.get("/RoleMap") or {}).items()}

        def build(obj: pikepdf.Object, page: pikepdf.Object | None, into: Node) -> None:
            if isinstance(obj, Array):
                for kid in obj:
                    build(kid, page, into)
                return
            if isinstance(obj, int):
                if page is not None:
                    into.text += texts.get((page.objgen, obj), "")
                    into.pages.add(numbers.get(page.objgen, 0))
                return
            if not isinstance(obj, Dictionary):
                return
            if _name(obj.get("/Type")) == "MCR":
                build(int(obj.MCID), obj.get("/Pg", page), into)
                return
            if "/S" not in obj:
                return
            node = Node(
                checker.resolve_role(_name(obj.S)), alt=_text(obj.get("/Alt")), lang=_text(obj.get("/Lang"))
            )
            into.children.append(node)
            if "/K" in obj:
                build(obj.K, obj.get("/Pg", page), node)
            into.text += node.text
            into.pages |= node.pages

        build(tree_root.get("/K"), None, root)
        return root


def _collect_text(
    instructions: list,
    resources: Dictionary | None,
    stack: list[int | None],
    font: Dictionary | None,
    page: tuple[int, int],
    texts: dict[tuple[tuple[int, int], int], str],
    depth: int,
) -> Dictionary | None:
    maps: dict[tuple[int, int], dict[int, str]] = {}
    for instruction in instructions:
        op, operands = str(instruction.operator), instruction.operands
        if op in ("BMC", "BDC"):
            props = operands[1] if op == "BDC" else None
            mcid = props.get("/MCID") if isinstance(props, Dictionary) else None
            stack.append(int(mcid) if mcid is not None else None)
        elif op == "EMC" and stack:
            stack.pop()
        elif op == "Tf" and resources is not None:
            font = (resources.get("/Font") or Dictionary()).get(str(operands[0]))
        elif op in TEXT_SHOWING and isinstance(font, Dictionary):
            mcid = next((m for m in reversed(stack) if m is not None), None)
            if mcid is None:
                continue
            if font.objgen not in maps:
                to_unicode = font.get("/ToUnicode")
                maps[font.objgen] = _cmap(to_unicode.read_bytes()) if isinstance(to_unicode, Stream) else {}
            width = 2 if font.get("/Subtype") == "/Type0" else 1
            items = operands[0] if op == "TJ" else [operands[-1]]
            out = []
            for item in items:
                if isinstance(item, pikepdf.String):
                    raw = bytes(item)
                    out += [
                        maps[font.objgen].get(int.from_bytes(raw[i : i + width], "big"), "")
                        for i in range(0, len(raw) - width + 1, width)
                    ]
            texts[(page, mcid)] = texts.get((page, mcid), "") + "".join(out)
        elif op == "Do" and resources is not None and depth < 20:
            xobject = (resources.get("/XObject") or Dictionary()).get(str(operands[0]))
            if isinstance(xobject, Stream) and xobject.get("/Subtype") == "/Form":
                font = _collect_text(
                    pikepdf.parse_content_stream(xobject),
                    xobject.get("/Resources"),
                    list(stack),
                    font,
                    page,
                    texts,
                    depth + 1,
                )
    return font
