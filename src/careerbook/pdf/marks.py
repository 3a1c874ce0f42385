"""Crop marks for a print shop, outside the bleed, drawn as the PDF is written (a finisher).

WeasyPrint's `marks: crop` draws the marks inside the page's CSS bleed area, which is also
its MediaBox and (for a bleed under 10pt) its BleedBox: the marks would be printed where the
page's colour should run, and a print shop's software finds no room for them. Here each page
keeps its TrimBox, its BleedBox becomes the CSS bleed area (what WeasyPrint painted), and its
MediaBox grows by MARK_SPACE around that; the marks lie in that margin only, on the lines of
the trim, never reaching into the bleed. They are drawn first, in a content stream of their
own, as an artifact (a production aid, not the document's content)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pydyf

MARK_SPACE = 20.0  # points beyond the bleed, where the marks lie
GAP = 3.0  # points between the bleed's edge and a mark
WIDTH = 0.25  # the marks' line width, in points

Finisher = Callable[[Any, pydyf.PDF], None]


def _box(page: pydyf.Dictionary, name: str) -> list[float]:
    return [float(v) for v in page[name]]


def crop_marks(document: Any, pdf: pydyf.PDF) -> None:
    """Give every page its mark space and its marks (a WeasyPrint finisher)."""
    for reference in pdf.page_references:
        page = pdf.objects[int(reference.split()[0])]
        bleed = _box(page, "MediaBox")  # WeasyPrint's MediaBox is the CSS bleed area
        trim = _box(page, "TrimBox") if "TrimBox" in page else bleed
        media = [bleed[0] - MARK_SPACE, bleed[1] - MARK_SPACE, bleed[2] + MARK_SPACE, bleed[3] + MARK_SPACE]
        page["BleedBox"] = pydyf.Array(bleed)
        page["TrimBox"] = pydyf.Array(trim)
        page["MediaBox"] = pydyf.Array(media)
        stream = pydyf.Stream(
            [
                b"/Artifact <</Type /Page>> BDC q",
                b"%g w 0 0 0 RG" % WIDTH,
                *_lines(trim, bleed, media),
                b"S Q EMC",
            ]
        )
        pdf.add_object(stream)
        page["Contents"] = pydyf.Array([stream.reference, page["Contents"]])


def _lines(trim: Sequence[float], bleed: Sequence[float], media: Sequence[float]) -> list[bytes]:
    """The path of the marks: each trim edge's line, continued in the margin beyond the bleed
    on both sides of the page."""
    out = []
    for x in (trim[0], trim[2]):
        out.append(b"%.3f %.3f m %.3f %.3f l" % (x, media[1], x, bleed[1] - GAP))
        out.append(b"%.3f %.3f m %.3f %.3f l" % (x, bleed[3] + GAP, x, media[3]))
    for y in (trim[1], trim[3]):
        out.append(b"%.3f %.3f m %.3f %.3f l" % (media[0], y, bleed[0] - GAP, y))
        out.append(b"%.3f %.3f m %.3f %.3f l" % (bleed[2] + GAP, y, media[2], y))
    return out


def chained(finishers: Sequence[Finisher]) -> Finisher:
    """One finisher that runs these in order."""

    def run(document: Any, pdf: pydyf.PDF) -> None:
        for finisher in finishers:
            finisher(document, pdf)

    return run
