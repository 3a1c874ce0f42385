"""The pipeline, one call a stage: load -> validate -> model -> charts -> HTML -> PDF."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from careerbook.models import Book
from careerbook.pdf import render_document, write_pdf
from careerbook.project import Project, project_of
from careerbook.render import Page, render_handout
from careerbook.resources import styles_dir
from careerbook.theme import Theme, load_theme
from careerbook.validate import load_career

Report = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


@dataclass(frozen=True)
class Options:
    """Command-line choices laid over the book file's values, in one place."""

    paper: str | None = None
    theme: str | None = None
    pdf_variant: str | None = None

    def page(self, book: Book, logo: Path | None = None) -> Page:
        return Page(book=book, paper=self.paper or book.paper,
                    logo_uri=logo.as_uri() if logo else None, lang=book.lang)

    def theme_for(self, project: Project | None) -> Theme:
        book = project.book if project else Book()
        return load_theme(self.theme or book.theme, project.root if project else None,
                          book.colors)


def resource_roots(project: Project | None, extra: Path) -> list[Path]:
    """What the PDF may read: the project, careerbook's styles, the career's folder."""
    roots = [styles_dir(), extra]
    return [*roots, project.root] if project else roots


def handout(career_file: Path, target: Path | None, options: Options,
            report: Report = _quiet) -> Path:
    """Build one career's handout; nothing is written unless all went well."""
    project = project_of(career_file)
    career = load_career(career_file)
    report(f"Validated {career_file}")
    theme = options.theme_for(project)
    book = project.book if project else Book()
    page = options.page(book, project.logo() if project else None)
    html = render_handout(career, theme, page)
    report("Rendered the HTML")
    document = render_document(html, styles_dir(), resource_roots(project, career_file.parent))
    target = target or Path("output") / f"{career.key}.pdf"
    write_pdf(document, target, variant=options.pdf_variant)
    report(f"Wrote {target} ({len(document.pages)} pages)")
    return target


def booklet(project: Project, target: Path | None, options: Options,
            report: Report = _quiet) -> Path:
    """Build the booklet of a project; a bad career file stops it before anything is written."""
    from careerbook.book import booklet_path, ordered_careers, render_book_html

    careers = ordered_careers(project)
    report(f"Validated {len(careers)} careers")
    theme = options.theme_for(project)
    page = options.page(project.book, project.logo())
    html = render_book_html(project, careers, theme, page)
    document = render_document(html, styles_dir(), resource_roots(project, project.content_dir))
    target = booklet_path(project, target)
    write_pdf(document, target, variant=options.pdf_variant)
    report(f"Wrote {target} ({len(document.pages)} pages)")
    return target


def build_all(project: Project, options: Options, report: Report = _quiet) -> list[Path]:
    """The main job: every handout and the booklet into the project's output/ folder."""
    from careerbook.book import ordered_careers

    ordered_careers(project)  # every file valid before the first PDF is written
    written = []
    for path in project.career_files():
        career = load_career(path)
        written.append(handout(path, project.output_dir / f"{career.key}.pdf", options, report))
    written.append(booklet(project, None, options, report))
    return written
