"""The pipeline: career files in, handouts and booklets out, one commented call a stage.

content/ reads and validates the YAML, charts/ draws, render/ fills the templates, pdf/
lays the HTML out with WeasyPrint and writes the PDF, booklet/ puts a book together;
speed/ makes each stage cheaper without changing what it makes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from careerbook.booklet.book import (
    booklet_path,
    ordered_careers,
    padded,
    render_book_html,
    single_booklet,
    start_of,
)
from careerbook.content.models import Book
from careerbook.content.project import Project, project_of
from careerbook.content.validate import load_career
from careerbook.files import output_folder
from careerbook.limits import guard
from careerbook.options import Options
from careerbook.pdf.document import (
    render_document,
    resource_roots,
    source_date,
    with_print_css,
    write_pdf,
)
from careerbook.pdf.html_export import write_html
from careerbook.render.chart_drawer import ChartRequest, charts_drawn_meanwhile
from careerbook.render.templates import career_lang, chart_jobs, prepare, render_handout
from careerbook.resources import styles_dir
from careerbook.speed.cache import Cache, charts_cached
from careerbook.speed.forking import default_jobs, import_weasyprint, weasyprint_is_tested, workers
from careerbook.speed.stylesheets import forget_styles

Progress = Callable[[str], None]  # a line for the user: what was just done


def _quiet(_: str) -> None:
    pass


def handout(career_file: Path, target: Path | None, options: Options,
            report: Progress = _quiet) -> Path:
    """Build one career's handout; nothing is written unless all went well."""
    source_date()  # a malformed SOURCE_DATE_EPOCH stops the build before any work
    with guard(options.time_limit):  # Ctrl-C, SIGTERM or the time limit: no PDF, old one kept
        return _handout(career_file, target, options, report)


def _handout(career_file: Path, target: Path | None, options: Options, report: Progress) -> Path:
    project = project_of(career_file)
    career = load_career(career_file)
    report(f"Validated {career_file}")
    theme = options.theme_for(project)
    book = project.book if project else Book()
    page = options.page(book, project.logo() if project else None, [career])
    store = Cache(enabled=options.cache)
    with charts_cached(store):
        # Charts missing from the cache are drawn in a child while WeasyPrint is imported here.
        lang = career_lang(career, book)
        jobs = chart_jobs(career, theme, lang, page.area) if options.fork else []
        with charts_drawn_meanwhile(jobs, store, ChartRequest(career, theme, lang, page.area)):
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
            report: Progress = _quiet) -> Path:
    """Build the booklet of a project; a bad career file stops it before anything is written."""
    source_date()
    # The time limit is for each document: the whole book in one, or each of the fast
    # booklet's parts (whose workers keep it themselves).
    with guard(options.time_limit if _single(options) else None):
        return _booklet(project, target, options, report)


def _single(options: Options) -> bool:
    """Whether the booklet is laid out as one document (asked for, no forking, PDF/A, or
    print-shop marks, which the fast booklet's stamped blank pages would leave untagged; or a
    WeasyPrint other than the one the fast booklet's use of its internals was tested with)."""
    return (options.single or not options.fork or options.pdf_variant not in ("pdf/ua-1", "plain")
            or options.crop_marks or options.bleed is not None or not weasyprint_is_tested())


def _booklet(project: Project, target: Path | None, options: Options, report: Progress) -> Path:
    jobs = 1 if _single(options) else options.jobs or default_jobs()
    # Started first: they get ready while the careers are read. A worker loads its own fonts,
    # not its parent's (forget_styles).
    with workers(jobs, on_start=forget_styles) as executor:
        return _build_booklet(project, target, options, report, jobs, executor)


def _build_booklet(project: Project, target: Path | None, options: Options, report: Progress,
                   jobs: int, executor: Any) -> Path:
    careers = ordered_careers(project)
    report(f"Validated {len(careers)} careers")
    theme = options.theme_for(project)
    logo = project.logo()
    page = options.page(project.book, logo, careers)
    roots = resource_roots(project, project.content_dir)
    print_css = options.print_css()
    target = booklet_path(project, target)
    pad_to = 4 if project.book.duplex or options.imposed else 1  # saddle stitching folds 4 pages a sheet
    write_options = options.write_options()
    if _single(options):
        # One WeasyPrint document for the whole book (PDF/A needs it that way).
        document = single_booklet(
            project, careers, theme, page, pad_to=pad_to,
            lay_out_html=lambda html: render_document(with_print_css(html, print_css),
                                                      styles_dir(), roots))
        if pad_to > 1:
            document = padded(document, pad_to, print_css, page.lang)
        write_pdf(document, target, **write_options)
        count = len(document.pages)
    else:
        from careerbook.booklet.assemble import fast_booklet  # here: a handout needs no pikepdf

        count, done = fast_booklet(
            careers, theme, page, target, roots=roots, print_css=print_css,
            variant=options.pdf_variant, duplex=project.book.duplex, pad_to=pad_to,
            start=start_of(project.book),
            cache=options.cache, jobs=jobs, time_limit=options.time_limit, logo=logo,
            report=report, executor=executor)
        laid = [c.key for c in careers if c.key in done.rendered]
        report(f"Laid out {len(laid)} career{'s' * (len(laid) != 1)}"
               + (f" ({', '.join(laid)})" if 0 < len(laid) <= 5 else "")
               + f"; {len(careers) - len(laid)} from the cache")
    report(f"Wrote {target} ({count} pages)")
    if options.imposed:
        from careerbook.pdf.impose import impose  # here: only --imposed needs it

        report(f"Wrote {impose(target, target.with_name(target.stem + '-imposed.pdf'))} "
               "(2-up: print duplex, flip on the short edge, fold in half)")
    if options.html:
        html = render_book_html(project, careers, theme, page)
        report(f"Wrote {write_html(html, target.with_suffix('.html'), theme, roots)}")
    return target


def build_all(project: Project, options: Options, report: Progress = _quiet) -> list[Path]:
    """The main job: every handout and the booklet into the project's output/ folder."""
    source_date()
    ordered_careers(project)  # every file valid before the first PDF is written
    written = []
    for path in project.career_files():
        career = load_career(path, [project.root])
        written.append(handout(path, project.output_dir / f"{career.key}.pdf", options, report))
    written.append(booklet(project, None, options, report))
    return written
