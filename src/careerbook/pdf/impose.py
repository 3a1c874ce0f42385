"""A booklet imposed 2-up for saddle stitching: print it duplex, fold the stack, staple.

Each sheet is twice as wide as a page (Letter pages on 17×11 in Tabloid landscape, A4 on
A3 landscape, A5 on A4). The first sheet holds the last page and page 1 on its front and
pages 2 and n-1 on its back, and so on inwards, so a duplex print (flip on the short
edge) folded in half reads in order. Pages are placed by their trim box: bleed and crop
marks belong to print-shop files, not to a sheet an office printer folds.
"""

from __future__ import annotations

from pathlib import Path

from careerbook.errors import RenderError
from careerbook.files import write_atomic


def sheet_sides(pages: int) -> list[tuple[int | None, int | None]]:
    """(left, right) page numbers, 1-based, for each side of each sheet in printing order.

    A page count that is not a multiple of 4 is completed with blank halves (None).
    For 8 pages: [(8, 1), (2, 7), (6, 3), (4, 5)].
    """
    n = pages + (-pages % 4)

    def real(number: int) -> int | None:
        return number if number <= pages else None

    sides = []
    for i in range(n // 2):
        outer, inner = n - i, i + 1
        sides.append((real(outer), real(inner)) if i % 2 == 0 else (real(inner), real(outer)))
    return sides


def impose(source: Path, target: Path) -> Path:
    """Write `source`'s pages 2-up in booklet order to `target`."""
    from pypdf import PdfReader, PdfWriter, Transformation
    from pypdf.generic import RectangleObject

    reader = PdfReader(source)
    if not reader.pages:
        raise RenderError(f"{source} has no pages to impose")
    trim = reader.pages[0].trimbox
    width, height = float(trim.width), float(trim.height)
    writer = PdfWriter()
    for left, right in sheet_sides(len(reader.pages)):
        sheet = writer.add_blank_page(width=2 * width, height=height)
        for slot, number in enumerate((left, right)):
            if number is None:
                continue
            page = reader.pages[number - 1]
            box = page.trimbox
            # Only the trim box shows: the bleed of one page must not print on its neighbour.
            page.cropbox = RectangleObject(box)
            move = Transformation().translate(slot * width - float(box.left), -float(box.bottom))
            sheet.merge_transformed_page(page, move, over=True, expand=False)
    writer.add_metadata(
        {"/Title": f"{reader.metadata.title if reader.metadata else ''} (imposed)", "/Producer": "careerbook"}
    )

    def write(tmp: Path) -> None:
        writer.write(tmp)

    write_atomic(target, write)
    return target
