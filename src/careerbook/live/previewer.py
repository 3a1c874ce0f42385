"""The preview's documents: built on demand, kept until a source file changes.

In: a project folder and the build `Options`. Out: for each handout and the
booklet a `Built` (the PDF, its pages, how long it took) or a `Failed` (every
problem, one line each; the builds run in a worker process, `builder`, where
the time limit holds), the `Entry`s of the index page, and a `version` that
changes whenever a source file does, so that open pages know to reload.
"""

from __future__ import annotations

import secrets
import threading
import traceback
from dataclasses import dataclass, field, replace
from pathlib import Path

from careerbook.build import Progress
from careerbook.content.project import Project, open_project
from careerbook.content.validate import load_career
from careerbook.errors import CareerbookError
from careerbook.live.builder import GRACE_SECONDS, BuildJob, Failed, Output, Worker
from careerbook.live.pages import PageView, page_png, read_pages
from careerbook.live.watch import problem_lines
from careerbook.options import Options


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

    def __init__(self, root: Path, options: Options | None = None, report: Progress = _quiet) -> None:
        self.root = root.resolve()
        # Builds run in a worker process, one at a time; it forks nothing (the limit is
        # kept by its main thread, for the whole document).
        self.options = replace(options or Options(), fork=False)
        self.report = report
        self._token = secrets.token_hex(4)  # a restarted server is a new version too
        self._counter = 0
        self._cache: dict[DocumentKey, Result] = {}
        self._lock = threading.Lock()  # guards the counter and the cache
        self._build_lock = threading.Lock()  # one WeasyPrint render at a time
        self._worker = Worker()

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
        """`careerbook build`'s own pipeline, in the worker process, the PDF kept in memory."""
        made = self._run(BuildJob(self.root, kind, stem, self.options))
        if isinstance(made, Failed):
            return made
        try:
            pages = read_pages(made.data)
        except Exception:  # a bug in careerbook: say so, on the page, and keep serving
            return Failed(made.title, traceback.format_exc().splitlines(), bug=True)
        self.report(f"Built the {kind} {stem}".rstrip() + f" in {made.seconds:.1f} s ({len(pages)} pages)")
        return Built(made.title, made.data, pages, made.seconds)

    def print_html(self, kind: str, stem: str) -> str | Failed:
        """The HTML that WeasyPrint lays out, for a browser: the logo served by this server."""
        with self._build_lock:  # one thing at a time in the worker
            made = self._run(BuildJob(self.root, kind, stem, self.options, html=True))
        return made if isinstance(made, Failed) else made.data.decode()

    def _run(self, job: BuildJob) -> Output | Failed:
        limit = self.options.time_limit
        return self._worker.run(job, None if limit is None else limit + GRACE_SECONDS)

    def start(self) -> Previewer:
        """Start the worker process now, so that it is ready by the first page."""
        self._worker.start()
        return self

    def close(self) -> None:
        self._worker.close()
