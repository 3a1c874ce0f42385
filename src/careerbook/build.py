"""The pipeline: career files in, handouts and booklets out, one commented call a stage.

content/ reads and validates the YAML, charts/ draws, render/ fills the templates, pdf/
lays the HTML out with WeasyPrint and writes the PDF, booklet/ puts a book together;
speed/ makes each stage cheaper without changing what it makes."""

from __future__ import annotations

import dataclasses
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
from careerbook.built import built, remove_stale
from careerbook.content.models import Book, Career
from careerbook.content.project import Project, project_of
from careerbook.content.selection import chosen
from careerbook.content.validate import load_career
from careerbook.files import output_folder, scratch_folder
from careerbook.limits import guard, signals_held
from careerbook.options import Options
from careerbook.pdf.class_set import HandoutPdf, SetInfo, concatenate
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


def handout(career_file: Path, target: Path | None, options: Options, report: Progress = _quiet) -> Path:
    """Build one career's handout; nothing is written unless all went well."""
    source_date()  # a malformed SOURCE_DATE_EPOCH stops the build before any work
    with guard(options.time_limit):  # Ctrl-C, SIGTERM or the time limit: no PDF, old one kept
        return _handout(career_file, target, options, report)


def _handout(career_file: Path, target: Path | None, options: Options, report: Progress) -> Path:
    # 1. content: the career file, read and checked; the project it sits in, if any.
    project = project_of(career_file)
    career = load_career(career_file)
    report(f"Validated {career_file}")
    # 2. the setting: theme, page setup (paper, branding, the BLS area), the career's language.
    theme = options.theme_for(project)
    book = project.book if project else Book()
    page = options.page(book, project.logo() if project else None, [career])
    lang = career_lang(career, book)
    store = Cache(enabled=options.cache)
    with charts_cached(store):
        # 3. charts: those missing from the cache drawn in a child while WeasyPrint loads here.
        jobs = chart_jobs(career, theme, lang, page.area) if options.fork else []
        with charts_drawn_meanwhile(jobs, store, ChartRequest(career, theme, lang, page.area)):
            import_weasyprint()
            prepare(theme, lang)
        # 4. render: the templates filled (the charts taken from the cache).
        html = render_handout(career, theme, page)
    report("Rendered the HTML")
    # 5. pdf: laid out by WeasyPrint, reading only what the project may, and written whole.
    roots = resource_roots(project, career_file.parent)
    print_css = options.print_css()
    document = render_document(with_print_css(html, print_css + options.handout_css()), styles_dir(), roots)
    if options.duplex:  # an even count: the next handout of a stack starts on a new sheet
        document = padded(document, 2, print_css, career_lang(career, book))
    target = target or output_folder(Path("output")) / f"{career.key}.pdf"
    write_pdf(document, target, options.write_options())
    report(f"Wrote {target} ({len(document.pages)} pages)")
    if options.html:
        report(f"Wrote {write_html(html, target.with_suffix('.html'), theme, roots)}")
    return target


def booklet(project: Project, target: Path | None, options: Options, report: Progress = _quiet) -> Path:
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
    return (
        options.single
        or not options.fork
        or options.pdf_variant not in ("pdf/ua-1", "plain")
        or options.crop_marks
        or options.bleed is not None
        or not weasyprint_is_tested()
    )


def _booklet(project: Project, target: Path | None, options: Options, report: Progress) -> Path:
    jobs = 1 if _single(options) else options.jobs or default_jobs()
    # Started first: they get ready while the careers are read. A worker loads its own fonts,
    # not its parent's (forget_styles).
    with workers(jobs, on_start=forget_styles) as executor:
        return _build_booklet(project, target, options, report, jobs, executor)


def _build_booklet(
    project: Project, target: Path | None, options: Options, report: Progress, jobs: int, executor: Any
) -> Path:
    # 1. content: the careers of the book (or those chosen), read and checked, in its order.
    careers = chosen(ordered_careers(project), options.careers, options.cluster)
    report(f"Validated {len(careers)} careers")
    # 2. the setting: theme, page setup, what the PDF may read, the print-shop CSS.
    theme = options.theme_for(project)
    logo = project.logo()
    page = options.page(project.book, logo, careers)
    roots = resource_roots(project, project.content_dir)
    print_css = options.print_css()
    target = booklet_path(project, target)
    pad_to = 4 if project.book.duplex or options.imposed else 1  # saddle stitching folds 4 pages a sheet
    write_options = options.write_options()
    # 3-5. charts, render and pdf, for the whole book: as one document, or (fast) in parts
    # laid out by workers, cached, and put together (booklet/).
    if _single(options):
        # One WeasyPrint document for the whole book (PDF/A needs it that way).
        document = single_booklet(
            project,
            careers,
            theme,
            page,
            pad_to=pad_to,
            lay_out_html=lambda html: render_document(with_print_css(html, print_css), styles_dir(), roots),
        )
        if pad_to > 1:
            document = padded(document, pad_to, print_css, page.lang)
        write_pdf(document, target, write_options)
        count = len(document.pages)
    else:
        with signals_held():  # pikepdf loads now (a handout needs none); see limits.py
            from careerbook.booklet.assemble import fast_booklet

        result = fast_booklet(
            careers,
            theme,
            page,
            target,
            roots=roots,
            print_css=print_css,
            variant=options.pdf_variant,
            duplex=project.book.duplex,
            pad_to=pad_to,
            start=start_of(project.book),
            cache=options.cache,
            jobs=jobs,
            time_limit=options.time_limit,
            logo=logo,
            report=report,
            executor=executor,
        )
        count = result.pages
        laid = [c.key for c in careers if c.key in result.done.rendered]
        report(
            f"Laid out {len(laid)} career{'s' * (len(laid) != 1)}"
            + (f" ({', '.join(laid)})" if 0 < len(laid) <= 5 else "")
            + f"; {len(careers) - len(laid)} from the cache"
        )
    report(f"Wrote {target} ({count} pages)")
    # 6. what else was asked for: the imposed sheets, the web page.
    if options.imposed:
        from careerbook.pdf.impose import impose  # here: only --imposed needs it

        report(
            f"Wrote {impose(target, target.with_name(target.stem + '-imposed.pdf'))} "
            "(2-up: print duplex, flip on the short edge, fold in half)"
        )
    if options.html:
        html = render_book_html(project, careers, theme, page)
        report(f"Wrote {write_html(html, target.with_suffix('.html'), theme, roots)}")
    return target


def build_all(project: Project, options: Options, report: Progress = _quiet) -> list[Path]:
    """The main job: every handout (or those chosen) and the booklet into the project's
    output/ folder."""
    source_date()
    # Every file valid, and the choice known to the book, before the first PDF is written.
    wanted = {c.key for c in chosen(ordered_careers(project), options.careers, options.cluster)}
    written = []
    made: list[tuple[Path, str | None]] = []  # every file written, and whose it is
    files = _career_files(project)
    for path, career in files:
        if career.key in wanted or not (options.careers or options.cluster):
            pdf = handout(path, project.output_dir / f"{career.key}.pdf", options, report)
            written.append(pdf)
            made += [(pdf, career.key), *([(pdf.with_suffix(".html"), career.key)] * options.html)]
    book = booklet(project, None, options, report)
    written.append(book)
    made += [
        (book, None),
        *([(book.with_suffix(".html"), None)] * options.html),
        *([(book.with_name(book.stem + "-imposed.pdf"), None)] * options.imposed),
    ]
    # What an earlier build wrote for a career that is gone (deleted, renamed) goes; only that.
    records = [r for r in (built(p, key) for p, key in made) if r is not None]
    for gone in remove_stale(project.output_dir, [c.key for _, c in files], records):
        report(f"Removed {gone} (its career is no longer in the project)")
    return written


def _career_files(project: Project) -> list[tuple[Path, Career]]:
    return [(path, load_career(path, [project.root])) for path in project.career_files()]


def handouts(project: Project, target: Path | None, options: Options, report: Progress = _quiet) -> Path:
    """A class set: the chosen careers' handouts (every one in the book by default), in the
    book's order, built each as `handout` builds it, in one file to print (pdf/class_set.py)."""
    source_date()
    careers = chosen(ordered_careers(project), options.careers, options.cluster)
    files = {career.key: path for path, career in _career_files(project)}
    target = target or project.output_dir / "class-set.pdf"
    one = dataclasses.replace(options, html=False)
    with scratch_folder("careerbook-class-set-") as tmp:
        pdfs = []
        for career in careers:  # each as `handout` builds it, into a folder of the set's own
            pdf = handout(files[career.key], tmp / f"{career.key}.pdf", one)
            pdfs.append(HandoutPdf(career.title, pdf))
            report(f"Built the handout of {career.title}")
        title = project.book.title + (f": {options.cluster}" if options.cluster else "")
        placed = concatenate(pdfs, target, SetInfo(title, project.book.lang))
    pages = sum(p.count for p in placed)
    report(f"Wrote {target} ({len(pdfs)} handout{'s' * (len(pdfs) != 1)}, {pages} pages)")
    return target
