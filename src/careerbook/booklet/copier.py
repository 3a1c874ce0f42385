"""Copying a part's objects into the booklet: each object once, on demand, renumbered,
with references rewritten in its syntax; a part opened afresh every REOPEN objects so
that qpdf never holds a whole part (merge.py drives it)."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf

from careerbook.booklet.pdf_writer import PdfWriter


@dataclass(frozen=True)
class FontProgram:
    """The booklet's one program of a font file: its object, and whether it is OpenType/CFF."""

    number: int
    opentype: bool


# What the copier changes in the syntax of an object: a reference "12 0 R", a key of the
# parent tree, a stand-in for an object of the booklet; and what it skips: a literal string
# (qpdf escapes the parentheses in them).
_TOKEN = re.compile(
    rb"\((?:[^\\)]|\\.)*\)|(?<![\w.#/+-])(\d+) (\d+) R|(/StructParents? )(\d+)"
    rb"|/careerbook-object-(\d+)",
    re.DOTALL,
)
REOPEN = 300  # objects read from a part before it is opened afresh
ObjGen = tuple[int, int]


class Copier:
    """The objects of one source PDF, copied on demand, each once, under new numbers."""

    def __init__(
        self,
        writer: PdfWriter,
        path: Path,
        fonts: dict[str, FontProgram] | None = None,
        *,
        offset: int = 0,
        reopen: bool = True,
    ) -> None:
        self.writer = writer
        self.path = path
        self.pdf = pikepdf.open(path)
        self.numbers: dict[ObjGen, int] = {}  # source object -> booklet object
        self.todo: list[ObjGen] = []
        self.fonts = fonts or {}  # font name -> the booklet's program for it (number, OpenType?)
        self.offset = offset  # added to the part's parent tree keys
        # Whether the file may be opened afresh every REOPEN objects, which holds only if no
        # object is edited in memory unless written at once: qpdf keeps every object it has
        # read until the file is closed, and the contents or the index of a long book has
        # thousands.
        self.reopen = reopen
        self.read = 0  # objects read since the file was opened

    def __enter__(self) -> Copier:
        return self

    def __exit__(self, *exc: object) -> None:
        self.pdf.close()

    def fix(self, numbers: dict[ObjGen, int]) -> None:
        """Objects that are not copied but stand for these booklet objects (before any object
        that refers to them is written)."""
        assert not numbers.keys() & self.numbers.keys(), "an object is numbered already"
        self.numbers.update(numbers)

    def number(self, objgen: ObjGen) -> int:
        number = self.numbers.get(objgen)
        if number is None:
            number = self.numbers[objgen] = self.writer.reserve()
            self.todo.append(objgen)
        return number

    def ref(self, obj: pikepdf.Object) -> int:
        return self.number(obj.objgen)

    @staticmethod
    def stand_in(number: int) -> pikepdf.Name:
        """What a source object edited in memory holds for booklet object `number`: a name
        the copier writes as a reference. (A new object in the source would do, but qpdf
        reads the whole file to number it.)"""
        return pikepdf.Name(f"/careerbook-object-{number}")

    def _renumbered(self, match: re.Match[bytes]) -> bytes:
        if match.group(1) is not None:
            return b"%d 0 R" % self.number((int(match.group(1)), int(match.group(2))))
        if match.group(3) is not None:
            return match.group(3) + b"%d" % (int(match.group(4)) + self.offset)
        if match.group(5) is not None:
            return match.group(5) + b" 0 R"
        return match.group(0)  # a string: left as it is

    def body(self, obj: pikepdf.Object) -> bytes:
        """An object's own syntax, its references renumbered (and their objects queued)."""
        return _TOKEN.sub(self._renumbered, obj.unparse(resolved=True))

    def syntax(self, obj: Any) -> bytes:
        """A value as it is written where it is used: a reference if it is an object."""
        if isinstance(obj, pikepdf.Object):
            return b"%d 0 R" % self.ref(obj) if obj.is_indirect else self.body(obj)
        return pikepdf.Array([obj]).unparse()[1:-1].strip()  # a number or a boolean

    def drain(self) -> None:
        """Write every object queued so far, and those they refer to."""
        while self.todo:
            if self.reopen and self.read >= REOPEN:
                self.pdf.close()
                self.pdf = pikepdf.open(self.path)
                self.read = 0
            objgen = self.todo.pop()
            obj = self.pdf.get_object(objgen)
            self.read += 1
            number = self.numbers[objgen]
            if isinstance(obj, pikepdf.Stream):
                self._stream(obj, number)
                continue
            body = obj.unparse(resolved=True)
            if self.fonts and b"/FontDescriptor" in body:
                body = self._descriptor(obj, body)
            self.writer.add(_TOKEN.sub(self._renumbered, body), number)

    def _stream(self, stream: pikepdf.Stream, number: int) -> None:
        data = stream.read_raw_bytes()
        head = stream.stream_dict
        if "/Filter" not in head and head.get("/Type") != pikepdf.Name.Metadata:
            data = zlib.compress(data)  # as pikepdf's compress_streams; XMP stays readable
            head.Filter = pikepdf.Name.FlateDecode
        if "/Length" in head:
            del head["/Length"]
        self.writer.add_stream(_TOKEN.sub(self._renumbered, head.unparse(resolved=True)[2:-2]), data, number)

    def _descriptor(self, descriptor: pikepdf.Object, body: bytes) -> bytes:
        """A font descriptor pointed at the booklet's one program for its font."""
        program = self.fonts.get(str(descriptor.get("/FontName", ""))[1:])
        if program is None:
            return body
        for key in ("/FontFile", "/FontFile2", "/FontFile3"):
            if key in descriptor:
                del descriptor[key]
        name = "/FontFile3" if program.opentype else "/FontFile2"
        descriptor[pikepdf.Name(name)] = self.stand_in(program.number)
        return descriptor.unparse(resolved=True)
