"""A PDF written out object by object as it is made, never held whole.

pikepdf (qpdf) keeps every object of a document in memory until it saves it: for
a booklet of a hundred careers, some fifty thousand objects (most of them the
PDF/UA structure tree), and a process that grows with the book. This writer
keeps only where each object is in the file: eight bytes an object, the row it
gets in the cross-reference stream.

Objects other than streams are packed into compressed object streams, and the
cross-reference table is itself a compressed stream (PDF 1.5), as qpdf writes
with `object_stream_mode=generate`. Object bodies are given as PDF syntax
(`pikepdf.Object.unparse()`); the writer does not parse them.
"""

from __future__ import annotations

import hashlib
import zlib
from typing import BinaryIO

PER_OBJECT_STREAM = 100  # objects packed into one object stream, as qpdf packs them
_WIDTHS = b"[ 1 5 2 ]"  # bytes of a cross-reference row's fields: type, offset, generation
_EMPTY = b"\0" * 8


def _row(kind: int, first: int, second: int) -> bytes:
    return bytes([kind]) + first.to_bytes(5, "big") + second.to_bytes(2, "big")


class PdfWriter:
    """Numbers objects, writes them, and ends the file with its cross-reference stream."""

    def __init__(self, file: BinaryIO, version: str = "1.7") -> None:
        self.file = file
        self.md5 = hashlib.md5()  # of every byte before the cross-references: the file's /ID
        self.position = 0
        self.rows = bytearray(_EMPTY)  # object 0 is the head of the free list
        self.packed: list[tuple[int, bytes]] = []  # objects waiting for their object stream
        self.version = version
        self._put(b"%PDF-" + version.encode() + b"\n%\xe2\xe3\xcf\xd3\n")

    def _put(self, data: bytes) -> None:
        self.file.write(data)
        self.md5.update(data)
        self.position += len(data)

    def reserve(self) -> int:
        """A new object number; the object may be written later (or never: then it is null)."""
        self.rows += _EMPTY
        return len(self.rows) // 8 - 1

    def _set(self, number: int, row: bytes) -> None:
        self.rows[number * 8 : number * 8 + 8] = row

    def add(self, body: bytes, number: int | None = None) -> int:
        """An object other than a stream, e.g. b"<< /Type /Page ... >>"; returns its number."""
        number = self.reserve() if number is None else number
        self.packed.append((number, body))
        if len(self.packed) >= PER_OBJECT_STREAM:
            self._pack()
        return number

    def add_stream(self, head: bytes, data: bytes, number: int | None = None) -> int:
        """A stream: `head` is its dictionary's entries but /Length, e.g. b"/Filter /FlateDecode"."""
        number = self.reserve() if number is None else number
        self._set(number, _row(1, self.position, 0))
        self._put(b"%d 0 obj\n<< %s /Length %d >>\nstream\n" % (number, head, len(data)))
        self._put(data)
        self._put(b"\nendstream\nendobj\n")
        return number

    def _pack(self) -> None:
        if not self.packed:
            return
        number = self.reserve()
        offsets, bodies, at = [], [], 0
        for index, (member, body) in enumerate(self.packed):
            self._set(member, _row(2, number, index))
            offsets.append(b"%d %d" % (member, at))
            bodies.append(body)
            at += len(body) + 1
        header = b" ".join(offsets) + b"\n"
        data = zlib.compress(header + b"\n".join(bodies) + b"\n")
        self.packed = []
        self.add_stream(
            b"/Type /ObjStm /N %d /First %d /Filter /FlateDecode" % (len(offsets), len(header)), data, number
        )

    def finish(self, root: int, info: int | None, version: str) -> None:
        """Write the cross-reference stream and the trailer; `version` goes in the header."""
        self._pack()
        number = self.reserve()
        self._set(number, _row(1, self.position, 0))
        # Numbers reserved and never written are free: linked from object 0, as the free list.
        free = [n for n in range(1, number) if self.rows[n * 8 : n * 8 + 8] == _EMPTY]
        for n, following in zip([0, *free], [*free, 0], strict=True):
            self._set(n, _row(0, following, 0xFFFF if n == 0 else 0))
        file_id = self.md5.hexdigest().encode()
        head = (
            b"/Type /XRef /Size %d /W %s /Root %d 0 R" % (number + 1, _WIDTHS, root)
            + (b" /Info %d 0 R" % info if info is not None else b"")
            + b" /ID [ <%s> <%s> ] /Filter /FlateDecode" % (file_id, file_id)
        )
        data = zlib.compress(bytes(self.rows))
        start = self.position
        self.add_stream(head, data, number)
        self._put(b"startxref\n%d\n%%%%EOF\n" % start)
        if version > self.version:  # known only once the parts are read; same length
            self.file.seek(5)
            self.file.write(version.encode()[:3])
            self.file.seek(0, 2)
