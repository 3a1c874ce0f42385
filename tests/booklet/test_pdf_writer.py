"""The streaming PDF writer: what it writes reads back whole, in pikepdf, pypdf and poppler."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pikepdf
from pypdf import PdfReader

from careerbook.booklet.pdf_writer import PER_OBJECT_STREAM, PdfWriter

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def a_document(version: str = "1.7", extra: int = 0) -> bytes:
    """Two pages of text, a page tree written last, `extra` objects linked from the catalog,
    and one object reserved and never written."""
    file = io.BytesIO()
    writer = PdfWriter(file)
    pages_root = writer.reserve()
    never = writer.reserve()
    font = writer.add(FONT)
    pages = []
    for n, text in enumerate((b"First page", b"Second (page) \\ 1 0 R")):
        content = writer.add_stream(
            b"",
            b"BT /F1 24 Tf 72 700 Td (%s) Tj ET"
            % text.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)"),
        )
        pages.append(
            writer.add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [ 0 0 612 792 ] "
                b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R "
                b"/Missing %d 0 R /Label (page %d) >>" % (pages_root, font, content, never, n + 1)
            )
        )
    things = [writer.add(b"<< /Index %d >>" % i) for i in range(extra)]
    writer.add(
        b"<< /Type /Pages /Kids [ %s ] /Count 2 >>" % b" ".join(b"%d 0 R" % p for p in pages), pages_root
    )
    root = writer.add(
        b"<< /Type /Catalog /Pages %d 0 R /Things [ %s ] >>"
        % (pages_root, b" ".join(b"%d 0 R" % t for t in things))
    )
    info = writer.add(b"<< /Title (Written as it goes) >>")
    writer.finish(root, info, version)
    return file.getvalue()


def test_objects_read_back_from_object_streams_and_a_cross_reference_stream(tmp_path: Path) -> None:
    extra = 3 * PER_OBJECT_STREAM + 7  # several object streams, the last one partly full
    path = tmp_path / "written.pdf"
    path.write_bytes(a_document(extra=extra))
    with pikepdf.open(path) as pdf:
        assert pdf.check_pdf_syntax() == []
        assert pdf.pdf_version == "1.7"
        assert [int(t.Index) for t in pdf.Root.Things] == list(range(extra))
        assert str(pdf.docinfo.Title) == "Written as it goes"
        assert pdf.pages[1].obj.get("/Missing") is None  # reserved, never written: null
        assert str(pdf.pages[0].Label) == "page 1"
        assert len(pdf.trailer.ID) == 2
        object_streams = [
            o for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.get("/Type") == pikepdf.Name.ObjStm
        ]
        assert len(object_streams) >= 4
    reader = PdfReader(path)
    assert [page.extract_text() for page in reader.pages] == ["First page", "Second (page) \\ 1 0 R"]
    shown = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True)
    assert "Second (page) \\ 1 0 R" in shown.stdout and "Syntax Error" not in shown.stderr


def test_the_same_objects_give_the_same_bytes() -> None:
    assert a_document() == a_document()


def test_a_later_version_is_set_in_the_header(tmp_path: Path) -> None:
    data = a_document(version="2.0")
    assert data.startswith(b"%PDF-2.0\n")
    path = tmp_path / "v2.pdf"
    path.write_bytes(data)
    with pikepdf.open(path) as pdf:
        assert pdf.pdf_version == "2.0" and pdf.check_pdf_syntax() == []


def test_numbers_never_written_are_on_the_free_list() -> None:
    file = io.BytesIO()
    writer = PdfWriter(file)
    kept = writer.reserve()
    skipped = [writer.reserve(), writer.reserve()]
    page = writer.add(b"<< /Type /Page /Parent %d 0 R /MediaBox [ 0 0 612 792 ] /Resources << >> >>" % kept)
    writer.add(b"<< /Type /Pages /Kids [ %d 0 R ] /Count 1 >>" % page, kept)
    root = writer.add(b"<< /Type /Catalog /Pages %d 0 R >>" % kept)
    writer.finish(root, None, "1.7")
    with pikepdf.open(io.BytesIO(file.getvalue())) as pdf:
        assert pdf.check_pdf_syntax() == []
        xref = pdf.get_object((int(pdf.trailer.Size) - 1, 0))
        assert xref.Type == pikepdf.Name.XRef and list(xref.W) == [1, 5, 2]
        data = xref.read_bytes()
    rows = [
        (data[i], int.from_bytes(data[i + 1 : i + 6], "big"), int.from_bytes(data[i + 6 : i + 8], "big"))
        for i in range(0, len(data), 8)
    ]
    # Object 0 heads the free list, which runs through the skipped numbers and back to 0.
    assert rows[0] == (0, skipped[0], 0xFFFF)
    assert rows[skipped[0]] == (0, skipped[1], 0) and rows[skipped[1]] == (0, 0, 0)
    assert rows[kept][0] == 2 and rows[root][0] == 2  # in an object stream
