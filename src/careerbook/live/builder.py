"""Preview's builds, each in a child process where the time limit holds.

In: a `BuildJob` (the project, which document, PDF or print HTML, the build options).
Out: an `Output` (the PDF's bytes or the HTML, its title, how long it took) or a
`Failed` (every problem, one line each, and whether it is a bug in careerbook).

`careerbook.limits.guard` stops a render with SIGALRM, which only a process's main
thread receives: the preview server's threads cannot keep the limit. So every
build runs in the main thread of a child process (started afresh, not forked: the
server has threads), kept for the next build. A child still busy a few seconds
after the limit (stuck in C code, where the alarm is not seen) is killed with
whatever it started, and the next build starts another. The child runs in a
session of its own, so Ctrl-C in the terminal stops the server, which stops it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from careerbook import build
from careerbook.booklet.book import ordered_careers, render_book_html
from careerbook.content.project import Project, open_project
from careerbook.content.validate import load_career
from careerbook.errors import CareerbookError
from careerbook.limits import guard
from careerbook.live.watch import problem_lines
from careerbook.options import Options
from careerbook.render.templates import render_handout
from careerbook.speed.forking import import_weasyprint

# How long past the time limit a child may stay busy before it is killed: the guard's
# own stop (a RenderError, with what to look for) comes first whenever it can.
GRACE_SECONDS = 3.0
_CHILD = "from careerbook.live.builder import child_main; child_main()"


@dataclass(frozen=True)
class BuildJob:
    """One document to make: the handout of `stem` or the booklet, as a PDF or as print HTML."""

    root: Path
    kind: str  # "handout", "booklet" or "handouts" (a class set: `options.careers` in one file)
    stem: str
    options: Options
    html: bool = False  # the HTML that WeasyPrint lays out, instead of the PDF
    # The book file's values to change for this build (the desk's booklet for one student:
    # its own `careers`, `title` and `subtitle`), as (field, value) pairs.
    book: tuple[tuple[str, Any], ...] = ()

    @property
    def name(self) -> str:
        return {"booklet": "Booklet", "handouts": "Class set"}.get(self.kind, self.stem)


@dataclass(frozen=True)
class Output:
    """A document made: the PDF's bytes (or the print HTML's, UTF-8)."""

    title: str
    data: bytes
    seconds: float


@dataclass(frozen=True)
class Failed:
    """A document that did not build: every problem, one line each."""

    title: str
    lines: list[str]
    bug: bool = False


def time_up(job: BuildJob, seconds: float) -> Failed:
    """What the page says when a child had to be killed."""
    return Failed(
        job.name,
        [
            f"error: rendering took longer than the time limit of {seconds:g} s "
            "and was stopped; look for a very long text or extreme sizes in the "
            "project's stylesheets, or an endless loop in its templates"
        ],
    )


def make(job: BuildJob) -> Output | Failed:
    """Make the document in this process, under the time limit (this thread must be the main one)."""
    title = job.name
    started = time.perf_counter()
    try:
        project = _project(job)
        path = None
        if job.kind == "booklet":
            title = project.book.title or title
        elif job.kind == "handouts":
            title = "Class set"
            if job.html:
                return Failed(title, ["a class set has no print HTML; see each handout's"])
        else:
            path = next((p for p in project.career_files() if p.stem == job.stem), None)
            if path is None:
                return Failed(title, [f"content/{job.stem}.yaml: no such career file (any more)"])
            title = load_career(path).title
        if job.html:
            with guard(job.options.time_limit):
                data = _print_html(job, path).encode()
        else:
            data = _pdf(job, path)
    except CareerbookError as exc:
        return Failed(title, problem_lines(exc, job.root))
    except Exception:  # a bug in careerbook: say so, on the page, and keep serving
        return Failed(title, traceback.format_exc().splitlines(), bug=True)
    return Output(title, data, time.perf_counter() - started)


def _project(job: BuildJob) -> Project:
    """The job's project, with the book file's values the job changes."""
    project = open_project(job.root)
    if not job.book:
        return project
    return Project(project.root, project.book.model_copy(update=dict(job.book)))


def _pdf(job: BuildJob, career: Path | None) -> bytes:
    """`careerbook build`'s own pipeline (and its time limit) into a scratch file."""
    with tempfile.TemporaryDirectory(prefix="careerbook-preview-") as scratch:
        target = Path(scratch) / "document.pdf"
        if job.kind == "handouts":
            build.handouts(_project(job), target, job.options)
        elif career is None:
            build.booklet(_project(job), target, job.options)
        else:
            build.handout(career, target, job.options)
        return target.read_bytes()


def _print_html(job: BuildJob, career: Path | None) -> str:
    """The HTML that WeasyPrint lays out, for a browser: the logo served by the preview."""
    project = _project(job)
    logo = project.logo()
    theme = job.options.theme_for(project)
    page = job.options.page(project.book, logo)
    if career is None:
        html = render_book_html(project, ordered_careers(project), theme, page)
    else:
        html = render_handout(load_career(career), theme, page)
    if logo is not None:
        html = html.replace(logo.as_uri(), "/_logo/" + logo.name)
    return html


def child_main() -> None:
    """The child: make each job read from the fd in argv[1], answer on the fd in argv[2]."""
    jobs = Connection(int(sys.argv[1]), writable=False)
    answers = Connection(int(sys.argv[2]), readable=False)
    import_weasyprint()  # ready before the first job
    while True:
        try:
            job = jobs.recv()
        except (EOFError, OSError):  # the server stopped
            return
        answers.send(make(job))


class Worker:
    """The child process that makes the preview's documents, one at a time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._jobs: Connection | None = None
        self._answers: Connection | None = None

    def start(self) -> None:
        """Start the child now (it gets WeasyPrint ready while nothing is asked of it)."""
        with self._lock:
            self._ensure()

    def run(self, job: BuildJob, wait: float | None) -> Output | Failed:
        """Make `job` in the child; after `wait` seconds without an answer, kill it."""
        with self._lock:
            jobs, answers = self._ensure()
            try:
                jobs.send(job)
                if not answers.poll(wait):
                    self._stop(kill=True)
                    return time_up(job, job.options.time_limit or wait or 0)
                answer: Output | Failed = answers.recv()
                return answer
            except (EOFError, OSError):
                self._stop(kill=True)
                return Failed(
                    job.name,
                    [
                        "careerbook failed: the process that builds the preview "
                        "ended unexpectedly (out of memory?)"
                    ],
                    bug=True,
                )

    def close(self) -> None:
        """Stop the child: at once if it is building (Ctrl-C must not wait for a render)."""
        if self._lock.acquire(timeout=0.2):
            try:
                self._stop(kill=False)
            finally:
                self._lock.release()
            return
        process = self._process
        if process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)  # `run` sees the pipe close and returns

    def _ensure(self) -> tuple[Connection, Connection]:
        if (
            self._process is not None
            and self._process.poll() is None
            and self._jobs is not None
            and self._answers is not None
        ):
            return self._jobs, self._answers
        self._stop(kill=True)
        job_read, job_write = os.pipe()
        answer_read, answer_write = os.pipe()
        package_parent = str(Path(__file__).resolve().parents[2])  # where `careerbook` is found
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_parent, env.get("PYTHONPATH")) if p)
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-c", _CHILD, str(job_read), str(answer_write)],
                pass_fds=(job_read, answer_write),
                stdin=subprocess.DEVNULL,
                env=env,
                start_new_session=True,
            )
        finally:
            os.close(job_read)
            os.close(answer_write)
        self._jobs = Connection(job_write, readable=False)
        self._answers = Connection(answer_read, writable=False)
        return self._jobs, self._answers

    def _stop(self, kill: bool) -> None:
        """Close the pipes (the child then ends by itself) or kill it and all it started."""
        process, self._process = self._process, None
        for connection in (self._jobs, self._answers):
            if connection is not None:
                connection.close()
        self._jobs = self._answers = None
        if process is None:
            return
        if not kill:
            try:
                process.wait(timeout=5)
                return
            except subprocess.TimeoutExpired:
                pass
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # the child leads its own session
        process.wait()
