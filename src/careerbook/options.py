"""The build's options: the command line's choices laid over the book file's values, in one
place, and what follows from them (the print-shop CSS, how the PDF is written, the theme and
the page setup)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from careerbook.content.models import Book, Career
from careerbook.content.pay import uses_oews
from careerbook.content.project import Project
from careerbook.errors import CareerbookError
from careerbook.limits import DEFAULT_TIME_LIMIT
from careerbook.pdf.document import WriteOptions
from careerbook.pdf.marks import chained, crop_marks
from careerbook.pdf.tagging import finish
from careerbook.pdf.variant import PdfVariant
from careerbook.render.templates import PageSetup
from careerbook.render.theme import Theme, load_theme

BLEED = re.compile(r"\d+(\.\d+)?(mm|cm|in|pt|px)")


@dataclass(frozen=True)
class Options:
    """Command-line choices laid over the book file's values, in one place."""

    paper: str | None = None
    theme: str | None = None
    time_limit: float | None = DEFAULT_TIME_LIMIT  # seconds for each document; None: no limit
    pdf_variant: str = "pdf/ua-1"  # or "pdf/a-3b", or "plain" (untagged)
    bleed: str | None = None  # a CSS length such as "3mm": print beyond the trim for a print shop
    crop_marks: bool = False
    html: bool = False  # also an accessible HTML file beside each PDF
    imposed: bool = False  # booklet: also the pages 2-up in saddle-stitch order
    cache: bool = True  # reuse charts and booklet parts drawn before (cache.py)
    single: bool = False  # booklet: one WeasyPrint document for the whole book (slow, the reference)
    jobs: int | None = None  # booklet: worker processes; default one a core
    # False: fork no process, for a build beside other threads (preview, watch), where a
    # forked child can inherit a lock held by another thread and hang; a booklet is then
    # laid out as one document, as with `single`.
    fork: bool = True
    area: str | None = None  # --area: whose wages OEWS pay ranges print (over the book's `area`)
    # Handouts for a duplex printer: mirrored margins (the inner one wider) and an even number
    # of pages, so that the next handout of a stack starts on a new sheet. A booklet's sides
    # follow the book file's `duplex`.
    duplex: bool = False
    careers: tuple[str, ...] = ()  # booklet, build, handouts: only these slugs; () all
    cluster: str | None = None  # booklet, build, handouts: only this cluster's careers

    def handout_css(self) -> str:
        """A handout's page rules for duplex printing: the margins mirrored, the inner one
        (left on a right-hand page) wider. Their sum stays the theme's 1.4in, so that the text
        column, and every line break, is the same as printed single-sided."""
        if not self.duplex:
            return ""
        return (
            "@page :right { margin-left: 0.8in; margin-right: 0.6in; } "
            "@page :left { margin-left: 0.6in; margin-right: 0.8in; }"
        )

    def print_css(self) -> str:
        """The print-shop rules, laid over the page: the bleed, into which the cover's colour
        runs. (Crop marks are drawn as the file is written, outside the bleed: pdf/marks.py.)"""
        if self.bleed is None:
            return ""
        b = self.bleed.strip()
        if not BLEED.fullmatch(b):
            raise CareerbookError(f"--bleed {self.bleed!r}: give a length such as 3mm, 0.125in or 9pt")
        # WeasyPrint paints a page's bleed with the page's background only: the cover's block,
        # whose colour reaches the trim at the top and sides, is made as much larger there by
        # a transparent border over its own background, with a negative margin that keeps
        # everything else in place.
        side = f"border: 0 solid transparent; border-width: 0 {b}; margin: 0 -{b};"
        return (
            f"@page {{ bleed: {b}; }} .cover-text, .cover::after {{ {side} }} "
            f".cover::before {{ {side} border-top-width: {b}; margin-top: -{b}; }}"
        )

    def write_options(self) -> WriteOptions:
        """How WeasyPrint writes the file: tagged PDF/UA-1 unless asked for plain PDF."""
        if self.pdf_variant not in [v.value for v in PdfVariant]:
            raise CareerbookError(
                f"--pdf-variant {self.pdf_variant!r}: choose one of " + ", ".join(PdfVariant)
            )
        finishers = [crop_marks] if self.crop_marks else []
        if self.pdf_variant == "plain":
            return WriteOptions(finisher=chained(finishers) if finishers else None)
        # The marks last: the PDF/UA fix-ups read each page's one content stream.
        return WriteOptions(variant=self.pdf_variant, tagged=True, finisher=chained([finish, *finishers]))

    def page(self, book: Book, logo: Path | None = None, careers: Sequence[Career] = ()) -> PageSetup:
        """The page setup; an unknown or ambiguous area stops the build here (DataError, with
        the close ones). With an area, or a career with OEWS ranges, the release in use is
        part of it, so that what was laid out from other figures is not taken from a cache."""

        wanted = self.area or book.area
        area = pay_data = None
        if wanted or any(uses_oews(c) for c in careers):
            from careerbook.oews import current_release, find_area  # only with BLS pay

            area = find_area(wanted) if wanted else None
            release = current_release()
            pay_data = f"{release.name} {release.origin} " + " ".join(f.sha256 for f in release.files)
        return PageSetup(
            book=book,
            paper=self.paper or book.paper,
            logo_uri=logo.as_uri() if logo else None,
            lang=book.lang,
            area=area,
            pay_data=pay_data or "",
        )

    def theme_for(self, project: Project | None) -> Theme:
        book = project.book if project else Book()
        return load_theme(self.theme or book.theme, project.root if project else None, book.colors)
