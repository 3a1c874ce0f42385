"""The pipeline, one call a stage: load -> validate -> model -> charts -> HTML -> PDF."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from careerbook.content.models import Book
from careerbook.content.project import Project, project_of
from careerbook.content.validate import load_career
from careerbook.errors import CareerbookError
from careerbook.files import output_folder
from careerbook.limits import DEFAULT_TIME_LIMIT, guard
from careerbook.pdf.document import PdfVariant, render_document, source_date, write_pdf
from careerbook.pdf.html_export import write_html
from careerbook.render.templates import Page, career_lang, chart_jobs, prepare, render_handout
from careerbook.render.theme import Theme, load_theme
from careerbook.resources import styles_dir
from careerbook.speed.cache import Cache, charts_cached
from careerbook.speed.forking import charts_drawn_meanwhile, import_weasyprint

Report = Callable[[str], None]
BLEED = re.compile(r"\d+(\.\d+)?(mm|cm|in|pt|px)")


def _quiet(_: str) -> None:
    pass


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

    def print_css(self) -> str:
        """The print-shop rules, laid over the page: bleed and crop marks."""
        rules = []
        if self.bleed is not None:
            if not BLEED.fullmatch(self.bleed.strip()):
                raise CareerbookError(f"--bleed {self.bleed!r}: give a length such as 3mm, 0.125in or 9pt")
            rules.append(f"bleed: {self.bleed.strip()};")
        if self.crop_marks:
            rules.append("marks: crop;")
        return f"@page {{ {' '.join(rules)} }}" if rules else ""

    def write_options(self) -> dict[str, Any]:
        """How WeasyPrint writes the file: tagged PDF/UA-1 unless asked for plain PDF."""
        if self.pdf_variant not in [v.value for v in PdfVariant]:
            raise CareerbookError(f"--pdf-variant {self.pdf_variant!r}: choose one of "
                                  + ", ".join(PdfVariant))
        if self.pdf_variant == "plain":
            return {}
        from careerbook.pdf.tagging import finish

        return {"variant": self.pdf_variant, "pdf_tags": True, "finisher": finish}

    def page(self, book: Book, logo: Path | None = None) -> Page:
        return Page(book=book, paper=self.paper or book.paper,
                    logo_uri=logo.as_uri() if logo else None, lang=book.lang)

    def theme_for(self, project: Project | None) -> Theme:
        book = project.book if project else Book()
        return load_theme(self.theme or book.theme, project.root if project else None,
                          book.colors)


def with_print_css(html: str, css: str) -> str:
    """The document with the print-shop rules added last, so they win over the theme's."""
    return html.replace("</head>", f"<style>{css}</style>\n</head>", 1) if css else html


def resource_roots(project: Project | None, extra: Path) -> list[Path]:
    """What the PDF may read: the project, careerbook's styles, the career's folder."""
    roots = [styles_dir(), extra]
    return [*roots, project.root] if project else roots


def handout(career_file: Path, target: Path | None, options: Options,
            report: Report = _quiet) -> Path:
    """Build one career's handout; nothing is written unless all went well."""
    source_date()  # a malformed SOURCE_DATE_EPOCH stops the build before any work
    with guard(options.time_limit):  # Ctrl-C, SIGTERM or the time limit: no PDF, old one kept
        return _handout(career_file, target, options, report)


def _handout(career_file: Path, target: Path | None, options: Options, report: Report) -> Path:
    project = project_of(career_file)
    career = load_career(career_file)
    report(f"Validated {career_file}")
    theme = options.theme_for(project)
    book = project.book if project else Book()
    page = options.page(book, project.logo() if project else None)
    store = Cache(enabled=options.cache)
    with charts_cached(store):
        # Charts missing from the cache are drawn in a child while WeasyPrint is imported here.
        lang = career_lang(career, book)
        jobs = chart_jobs(career, theme, lang) if options.fork else []
        with charts_drawn_meanwhile(jobs, store, (career, theme, lang)):
            import_weasyprint()
            prepare(theme, lang)
        html = render_handout(career, theme, page)
    report("Rendered the HTML")
    roots = resource_roots(project, career_file.parent)
    document = render_document(with_print_css(html, options.print_css()), styles_dir(), roots)
    target = target or output_folder(Path("output")) / f"{career.key}.pdf"
    write_pdf(document, target, **options.write_options())
    report(f"Wrote {target} ({len(document.pages)} pages)")
    if options.html:
        report(f"Wrote {write_html(html, target.with_suffix('.html'), theme, roots)}")
    return target


def booklet(project: Project, target: Path | None, options: Options,
            report: Report = _quiet) -> Path:
    """Build the booklet of a project; a bad career file stops it before anything is written."""
    source_date()
    # The time limit is for each document: the whole book in one, or each of the fast
    # booklet's parts (whose workers keep it themselves).
    with guard(options.time_limit if _single(options) else None):
        return _booklet(project, target, options, report)


def _single(options: Options) -> bool:
    """Whether the booklet is laid out as one document (asked for, no forking, PDF/A, or
    print-shop marks, which the fast booklet's stamped blank pages would leave untagged)."""
    return (options.single or not options.fork or options.pdf_variant not in ("pdf/ua-1", "plain")
            or options.crop_marks or options.bleed is not None)


def _booklet(project: Project, target: Path | None, options: Options, report: Report) -> Path:
    from careerbook.speed.forking import default_jobs, workers

    jobs = 1 if _single(options) else options.jobs or default_jobs()
    with workers(jobs) as executor:  # started first: they get ready while the careers are read
        return _build_booklet(project, target, options, report, jobs, executor)


def _build_booklet(project: Project, target: Path | None, options: Options, report: Report,
                   jobs: int, executor: Any) -> Path:
    from careerbook.booklet.book import booklet_path, ordered_careers, padded, render_book_html

    careers = ordered_careers(project)
    report(f"Validated {len(careers)} careers")
    theme = options.theme_for(project)
    logo = project.logo()
    page = options.page(project.book, logo)
    roots = resource_roots(project, project.content_dir)
    print_css = options.print_css()
    target = booklet_path(project, target)
    pad_to = 4 if project.book.duplex or options.imposed else 1  # saddle stitching folds 4 pages a sheet
    write_options = options.write_options()
    if _single(options):
        # One WeasyPrint document for the whole book (PDF/A needs it that way).
        html = render_book_html(project, careers, theme, page)
        document = render_document(with_print_css(html, print_css), styles_dir(), roots)
        if pad_to > 1:
            document = padded(document, pad_to, print_css, page.lang)
        write_pdf(document, target, **write_options)
        count = len(document.pages)
    else:
        from careerbook.booklet.assemble import fast_booklet

        count, done = fast_booklet(
            careers, theme, page, target, roots=roots, print_css=print_css,
            variant=options.pdf_variant, duplex=project.book.duplex, pad_to=pad_to,
            cache=options.cache, jobs=jobs, time_limit=options.time_limit, logo=logo,
            report=report, executor=executor)
        laid = [c.key for c in careers if c.key in done.rendered]
        report(f"Laid out {len(laid)} career{'s' * (len(laid) != 1)}"
               + (f" ({', '.join(laid)})" if 0 < len(laid) <= 5 else "")
               + f"; {len(careers) - len(laid)} from the cache")
    report(f"Wrote {target} ({count} pages)")
    if options.imposed:
        from careerbook.pdf.impose import impose

        report(f"Wrote {impose(target, target.with_name(target.stem + '-imposed.pdf'))} "
               "(2-up: print duplex, flip on the short edge, fold in half)")
    if options.html:
        html = render_book_html(project, careers, theme, page)
        report(f"Wrote {write_html(html, target.with_suffix('.html'), theme, roots)}")
    return target


def build_all(project: Project, options: Options, report: Report = _quiet) -> list[Path]:
    """The main job: every handout and the booklet into the project's output/ folder."""
    from careerbook.booklet.book import ordered_careers

    source_date()
    ordered_careers(project)  # every file valid before the first PDF is written
    written = []
    for path in project.career_files():
        career = load_career(path, [project.root])
        written.append(handout(path, project.output_dir / f"{career.key}.pdf", options, report))
    written.append(booklet(project, None, options, report))
    return written
