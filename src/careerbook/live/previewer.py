"""The preview's documents: built on demand, kept until a source file changes.

In: a project folder and the build `Options`. Out: for each handout and the
booklet a `Built` (the PDF, its pages, how long it took) or a `Failed` (every
problem, one line each), the `Entry`s of the index page, and a `version` that
changes whenever a source file does, so that open pages know to reload.
"""

from __future__ import annotations

import secrets
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass, field, replace
from pathlib import Path

from careerbook import build
from careerbook.booklet.book import ordered_careers, render_book_html
from careerbook.build import Options, Report
from careerbook.content.project import Project, open_project
from careerbook.content.validate import load_career
from careerbook.errors import CareerbookError
from careerbook.live.pages import PageView, page_png, read_pages
from careerbook.live.watch import problem_lines
from careerbook.render.templates import render_handout


def _quiet(_: str) -> None:
    pass


@dataclass
class Built:
    """A document that built: its PDF and what the page needs to show it."""

    title: str
    pdf: bytes
    pages: list[PageView]
    seconds: float
    pngs: dict[int, bytes] = field(default_factory=dict)


@dataclass(frozen=True)
class Failed:
    """A document that did not build: every problem, one line each."""

    title: str
    lines: list[str]
    bug: bool = False


Result = Built | Failed


@dataclass(frozen=True)
class Entry:
    """One career file on the index page."""

    stem: str
    file: str
    title: str
    problems: int


@dataclass(frozen=True)
class DocumentKey:
    """Which document: the handout of `stem`, or the booklet (kind "booklet", no stem)."""

    kind: str
    stem: str = ""


class Previewer:
    """The project's documents, built on demand and kept until a source file changes."""

    def __init__(self, root: Path, options: Options | None = None, report: Report = _quiet) -> None:
        self.root = root.resolve()
        # Builds run in the server's threads: nothing may be forked from them.
        self.options = replace(options or Options(), fork=False)
        self.report = report
        self._token = secrets.token_hex(4)  # a restarted server is a new version too
        self._counter = 0
        self._cache: dict[DocumentKey, Result] = {}
        self._lock = threading.Lock()  # guards the counter and the cache
        self._build_lock = threading.Lock()  # one WeasyPrint render at a time

    @property
    def version(self) -> str:
        return f"{self._token}-{self._counter}"

    def changed(self) -> None:
        """A source file changed: forget every build and tell the pages to reload."""
        with self._lock:
            self._counter += 1
            self._cache.clear()

    def project(self) -> Project:
        return open_project(self.root)

    def career_file(self, stem: str) -> Path | None:
        for path in self.project().career_files():
            if path.stem == stem:
                return path
        return None

    def entries(self) -> list[Entry]:
        """Every career file, titled when it loads, with its number of problems when not."""
        out = []
        for path in self.project().career_files():
            try:
                out.append(Entry(path.stem, path.name, load_career(path).title, 0))
            except CareerbookError as exc:
                out.append(Entry(path.stem, path.name, f"content/{path.name}", len(problem_lines(exc))))
        return out

    def result(self, kind: str, stem: str = "") -> Result:
        """The handout of `stem` (kind "handout") or the booklet, built once per version."""
        key = DocumentKey(kind, stem)
        with self._lock:
            cached = self._cache.get(key)
        if cached is not None:
            return cached
        with self._build_lock:
            with self._lock:
                version = self._counter
                cached = self._cache.get(key)
            if cached is not None:
                return cached
            result = self._build(kind, stem)
            with self._lock:
                if self._counter == version:
                    self._cache[key] = result
            return result

    def png(self, kind: str, stem: str, index: int) -> bytes | None:
        built = self.result(kind, stem)
        if not isinstance(built, Built) or not 0 <= index < len(built.pages):
            return None
        if index not in built.pngs:
            built.pngs[index] = page_png(built.pdf, index)
        return built.pngs[index]

    def _build(self, kind: str, stem: str) -> Result:
        """Run `careerbook build`'s own pipeline into a scratch file and keep the PDF in memory."""
        title = "Booklet" if kind == "booklet" else stem
        started = time.perf_counter()
        try:
            project = self.project()
            with tempfile.TemporaryDirectory(prefix="careerbook-preview-") as scratch:
                target = Path(scratch) / "document.pdf"
                if kind == "booklet":
                    title = project.book.title or title
                    build.booklet(project, target, self.options)
                else:
                    path = self.career_file(stem)
                    if path is None:
                        return Failed(title, [f"content/{stem}.yaml: no such career file (any more)"])
                    title = f"content/{path.name}"
                    title = load_career(path).title
                    build.handout(path, target, self.options)
                pdf = target.read_bytes()
            pages = read_pages(pdf)
        except CareerbookError as exc:
            return Failed(title, problem_lines(exc, self.root))
        except Exception:  # a bug in careerbook: say so, on the page, and keep serving
            return Failed(title, traceback.format_exc().splitlines(), bug=True)
        seconds = time.perf_counter() - started
        self.report(f"Built the {kind} {stem}".rstrip() + f" in {seconds:.1f} s ({len(pages)} pages)")
        return Built(title, pdf, pages, seconds)

    def print_html(self, kind: str, stem: str) -> str:
        """The HTML that WeasyPrint lays out, for a browser: the logo served by this server."""
        with self._build_lock:  # the charts are drawn with matplotlib, one thread at a time
            return self._print_html(kind, stem)

    def _print_html(self, kind: str, stem: str) -> str:
        project = self.project()
        logo = project.logo()
        theme = self.options.theme_for(project)
        page = self.options.page(project.book, logo)
        if kind == "booklet":
            html = render_book_html(project, ordered_careers(project), theme, page)
        else:
            path = self.career_file(stem)
            if path is None:
                raise CareerbookError(f"content/{stem}.yaml: no such career file")
            html = render_handout(load_career(path), theme, page)
        if logo is not None:
            html = html.replace(logo.as_uri(), "/_logo/" + logo.name)
        return html
