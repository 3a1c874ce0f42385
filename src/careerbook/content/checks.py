"""What `careerbook validate` checks: every file's problems, the project's, and the warnings.

Problems break the format: the build refuses them. Warnings are things an
author should look at before printing, but that do not stop a build:

- a figure with no source: a career with `pay` but no `sources` (a `pay.note`
  is a caveat, not a source), or a `work.time_split` with neither
  `work.time_split_source` nor `sources`;
- a `lang` with no catalog: its headings print in English;
- a `dated` more than two years before today (or before the day that
  SOURCE_DATE_EPOCH pins, for reproducible runs);
- when a whole project is checked: a `related` career that is not in the
  book (it prints without a page number), and a career file in `content/`
  that the book's `careers` list leaves out of the booklet; a book file's `colors.chart`
  with fewer colours than the slices of a career's time split;
- in any career or book file: a placeholder of `careerbook new` or `init` left
  in, and a plain text that a ' #' cut short (lint.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from careerbook.clock import today
from careerbook.confine import logo_refusals
from careerbook.content.lint import cut_texts, placeholder_warnings
from careerbook.content.models import Book, Career
from careerbook.content.oews_checks import area_problems, code_problems, pay_warnings
from careerbook.content.project import BOOK_FILE, Project, find_root
from careerbook.content.reader import Document, read_yaml
from careerbook.content.selection import careers_list_messages
from careerbook.content.validate import book_of, career_of
from careerbook.errors import CareerbookError, ContentError, Problem, shown
from careerbook.lang.i18n import has_catalog
from careerbook.resources import styles_dir

STALE_AFTER_YEARS = 2


@dataclass
class Report:
    """The outcome of checking some files: which, what is wrong, what to look at."""

    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    _seen: set[Path] = field(default_factory=set, repr=False, init=False)

    def add_file(self, path: Path) -> bool:
        """Count a file once; False if it was already checked."""
        if path.resolve() in self._seen:
            return False
        self._seen.add(path.resolve())
        self.files.append(path)
        return True


@dataclass(frozen=True)
class Checked:
    """A career file that passed validation, with where each value was written."""

    path: Path
    doc: Document
    career: Career


@dataclass(frozen=True)
class CheckedBook:
    """A book file that passed validation (the defaults when there is none), with where each
    value was written (None when there is no file)."""

    book: Book
    doc: Document | None


# ---------------------------------------------------------------- one career


def career_warnings(checked: Checked, on: dt.date) -> list[Problem]:
    """The warnings about one career on its own: unsourced figures, an old `dated`."""
    career, doc = checked.career, checked.doc
    out = []
    if career.pay is not None and not career.sources:
        out.append(
            doc.problem(
                ("pay",),
                "pay figures with no source; list where they come from "
                "under 'sources' (a pay.note is a caveat, not a source)",
                key=True,
            )
        )
    if career.work.time_split_source is None and not career.sources:
        out.append(
            doc.problem(
                ("work", "time_split"),
                "the time split has no source; say where "
                "it comes from in 'work.time_split_source' or 'sources'",
                key=True,
            )
        )
    if career.lang is not None and not has_catalog(career.lang):
        out.append(
            doc.problem(
                ("lang",),
                f"no catalog for '{career.lang}': its headings will print "
                "in English (numbers and dates still follow the language); see "
                '"Adding a language" in the README',
            )
        )
    if career.dated_end is not None and career.dated_end < _years_before(on, STALE_AFTER_YEARS):
        out.append(
            doc.problem(
                ("dated",),
                f"{career.dated} is more than {STALE_AFTER_YEARS} years "
                f"before {on.isoformat()}; check the figures and update 'dated'",
            )
        )
    out.extend(pay_warnings(doc, career))
    return out + placeholder_warnings(doc) + cut_texts(doc, Career)


def book_warnings(doc: Document) -> list[Problem]:
    """The warnings about a book file: placeholders left in, texts a ' #' cut short."""
    return placeholder_warnings(doc) + cut_texts(doc, Book)


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def check_career(path: Path, report: Report, inside: Sequence[Path] = ()) -> Checked | None:
    """Validate one career file; its problems go into the report."""
    try:
        doc = read_yaml(path, inside)
        career = career_of(doc)
    except ContentError as exc:
        report.problems.extend(exc.problems)
        return None
    report.problems.extend(code_problems(doc, career))
    return Checked(path, doc, career)


def check_book_file(path: Path, report: Report) -> CheckedBook | None:
    """Validate a book file; None when it is broken (its problems go into the report)."""
    if not path.exists():
        return CheckedBook(Book(), None)
    try:
        doc = read_yaml(path, [path.parent])
        book = book_of(doc)
    except ContentError as exc:
        report.problems.extend(exc.problems)
        return None
    report.warnings.extend(book_warnings(doc))
    report.problems.extend(area_problems(doc, book))
    return CheckedBook(book, doc)


# ---------------------------------------------------------------- a project


def check_project(root: Path, report: Report, on: dt.date) -> None:
    """Every file of a project, then what only the whole project can tell."""
    book_path = root / BOOK_FILE
    if book_path.exists():
        report.add_file(book_path)
    book = check_book_file(book_path, report)
    project = Project(root, book.book if book else Book())
    try:
        files = project.career_files()
    except ContentError as exc:
        report.problems.extend(exc.problems)
        return
    if not files:
        report.problems.append(
            Problem(
                root / "content",
                1,
                1,
                "",
                'no career files (*.yaml) here; add one with `careerbook new "Title"`',
            )
        )
    checked = []
    for path in files:
        report.add_file(path)
        result = check_career(path, report, [root])
        if result:
            checked.append(result)
            report.warnings.extend(career_warnings(result, on))
    if book is None:
        return  # the careers list and the logo cannot be trusted
    book_doc = book.doc
    report.problems.extend(_logo_problems(project, book_doc))
    if len(checked) != len(files):
        return  # a broken career file hides its slug; the project rules would mislead
    report.problems.extend(_duplicate_slugs(checked))
    listed = project.book.careers
    if listed is not None:
        report.problems.extend(_careers_list_problems(project, book_doc, checked))
        listed_set = set(listed)
        in_book = [c for c in checked if c.career.key in listed_set]
        report.warnings.extend(_unlisted(project, book_doc, checked))
    else:
        in_book = checked
    report.warnings.extend(_related_not_in_book(checked, in_book))
    report.warnings.extend(_short_palette(project, book_doc, in_book))


def _book_problem(
    project: Project, doc: Document | None, loc: tuple[str | int, ...], message: str, *, key: bool = False
) -> Problem:
    if doc is None:
        return Problem(project.root / BOOK_FILE, 1, 1, str(loc[0]), message)
    return doc.problem(loc, message, key=key)


def _logo_problems(project: Project, doc: Document | None) -> list[Problem]:
    try:
        logo = project.logo()
    except ContentError as exc:
        return [_book_problem(project, doc, ("logo",), p.message) for p in exc.problems]
    if logo is None:
        return []
    # The build's own rule (confine.vet), on the logo and on every file an SVG logo names:
    # a logo that validate passes must not stop `handout`.
    roots = [project.root, styles_dir()]
    return [
        _book_problem(project, doc, ("logo",), f"the build would refuse this logo: {why}")
        for why in logo_refusals(logo, roots)
    ]


def _duplicate_slugs(checked: list[Checked]) -> list[Problem]:
    first: dict[str, Checked] = {}
    out = []
    for item in checked:
        key = item.career.key
        if key in first:
            written = "slug" in item.doc.data
            line, column = item.doc.position(("slug",)) if written else (1, 1)
            how = "" if written else " (from the file name)"
            out.append(
                Problem(
                    item.path,
                    line,
                    column,
                    "slug",
                    f"slug '{key}'{how} is already used by {first[key].path.name}; give each career its own",
                )
            )
        else:
            first[key] = item
    return out


def _careers_list_problems(project: Project, doc: Document | None, checked: list[Checked]) -> list[Problem]:
    known = {c.career.key for c in checked}
    return [
        _book_problem(project, doc, ("careers", entry.index), entry.message)
        for entry in careers_list_messages(project.book.careers or [], known)
    ]


def _unlisted(project: Project, doc: Document | None, checked: list[Checked]) -> list[Problem]:
    listed = set(project.book.careers or [])
    return [
        _book_problem(
            project,
            doc,
            ("careers",),
            f"'{c.career.key}' ({c.path.name}) is not listed, so the booklet leaves it "
            "out; add it to 'careers' if it belongs in the book",
            key=True,
        )
        for c in checked
        if c.career.key not in listed
    ]


def _short_palette(project: Project, doc: Document | None, in_book: list[Checked]) -> list[Problem]:
    """A book-file `colors.chart` shorter than a time split: its colours come round again,
    lighter or darker (charts/style.py), which tells slices apart less well than a colour each."""
    palette = project.book.colors.chart if project.book.colors else None
    if not palette or not in_book:
        return []
    most = max(in_book, key=lambda c: len(c.career.work.time_split))
    slices = len(most.career.work.time_split)
    if slices <= len(palette):
        return []
    return [
        _book_problem(
            project,
            doc,
            ("colors", "chart"),
            f"{len(palette)} colours for up to {slices} slices ('{most.career.title}', "
            f"{most.path.name}): colours come round again, lighter or darker; give "
            f"{slices} colours for one each",
            key=True,
        )
    ]


def _related_not_in_book(checked: Iterable[Checked], in_book: list[Checked]) -> list[Problem]:
    names = {n for c in in_book for n in (c.career.title.casefold(), c.career.key.casefold())}
    out = []
    for item in checked:
        for i, name in enumerate(item.career.related or []):
            if name.casefold() not in names:
                out.append(
                    item.doc.problem(
                        ("related", i),
                        f"'{name}' is not in this book, so it prints without a page "
                        "number; check the spelling, or add it with "
                        f'`careerbook new "{name}"`',
                    )
                )
    return out


# ---------------------------------------------------------------- any paths


def check(paths: list[Path], cwd: Path | None = None) -> Report:
    """Check files and projects; no paths means the project around the current folder.

    A path may be a career file, a book file (careerbook.yaml), a project folder
    (careerbook.yaml or content/ in it, or a project's content/ folder itself) or a
    folder of career files.
    """
    on = today()
    report = Report()
    if not paths:
        here = cwd or Path.cwd()
        root = find_root(here) or (here if (here / "content").is_dir() else None)
        if root is None:
            raise CareerbookError(
                f"no careerbook project in {here} (no {BOOK_FILE} here or above, "
                "no content/ folder); give a file or a folder, or make a project "
                "with `careerbook init DIR`"
            )
        paths = [shown(root, here)]
    for path in paths:
        if path.is_dir():
            if (path / BOOK_FILE).is_file() or (path / "content").is_dir():
                check_project(path, report, on)
            elif path.name == "content" and (path.parent / BOOK_FILE).is_file():
                check_project(path.parent, report, on)  # a project's content/: the whole project
            else:
                _check_folder(path, report, on)
        elif not path.exists():
            report.problems.append(Problem(path, 1, 1, "", "no such file or folder"))
        elif path.name == BOOK_FILE:
            if report.add_file(path):
                check_book_file(path, report)
        elif report.add_file(path):
            result = check_career(path, report)
            if result:
                report.warnings.extend(career_warnings(result, on))
    report.problems = sorted(set(report.problems))
    report.warnings = sorted(set(report.warnings))
    return report


def _check_folder(folder: Path, report: Report, on: dt.date) -> None:
    files = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    if not files:
        report.problems.append(Problem(folder, 1, 1, "", "no career files (*.yaml) here"))
    for path in files:
        if report.add_file(path):
            result = check_career(path, report)
            if result:
                report.warnings.extend(career_warnings(result, on))
