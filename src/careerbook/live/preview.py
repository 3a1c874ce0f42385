"""`careerbook preview`: a local web page showing each handout and the booklet as it will print.

Each document is built by the same pipeline as `careerbook build` (the same HTML
and CSS, laid out by WeasyPrint), kept in memory until a source file changes, and
shown as its PDF's pages (drawn by PDFium) with the page's text laid over them, so
the browser's find and copy work. The page asks `/_version` twice a second and
reloads itself when the project changed. A file that breaks the format shows its
problems on the page, not a stale render. The server listens on 127.0.0.1 only.
"""

from __future__ import annotations

import contextlib
import errno
import io
import mimetypes
import re
import secrets
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import jinja2

from careerbook.build import Progress
from careerbook.content.project import Project, open_project
from careerbook.content.validate import load_career
from careerbook.errors import CareerbookError, ContentError, shown
from careerbook.live.watch import ProjectWatcher, problem_lines
from careerbook.options import Options
from careerbook.resources import styles_dir

HOST = "127.0.0.1"
DEFAULT_PORT = 8765
ASSETS = Path(__file__).parent / "assets"
PAGE_SCALE = 2.0  # PNG pixels per PDF point: sharp on ordinary and most high-density screens

# PDFium is not thread-safe: every call into it holds this lock.
_pdfium_lock = threading.Lock()


def _quiet(_: str) -> None:
    pass


@dataclass(frozen=True)
class TextRun:
    """A run of text on a page, placed in percent of the page's width and height."""

    text: str
    left: float
    top: float
    width: float
    height: float


@dataclass(frozen=True)
class PageView:
    width: float  # points
    height: float
    runs: list[TextRun]

    @property
    def pixels(self) -> tuple[int, int]:
        return round(self.width * PAGE_SCALE), round(self.height * PAGE_SCALE)


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


def read_pages(pdf: bytes) -> list[PageView]:
    """Each page's size and its text runs, read back from the PDF."""
    import pypdfium2 as pdfium

    pages = []
    with _pdfium_lock:
        document = pdfium.PdfDocument(pdf)
        try:
            for page in document:
                width, height = page.get_size()
                text = page.get_textpage()
                runs = []
                for i in range(text.count_rects()):
                    left, bottom, right, top = text.get_rect(i)
                    words = text.get_text_bounded(left, bottom, right, top).strip()
                    if words and right > left and top > bottom:
                        runs.append(TextRun(words, 100 * left / width, 100 * (height - top) / height,
                                            100 * (right - left) / width, 100 * (top - bottom) / width))
                text.close()
                page.close()
                pages.append(PageView(width, height, runs))
        finally:
            document.close()
    return pages


def page_png(pdf: bytes, index: int) -> bytes:
    """One page of a PDF as a PNG, PAGE_SCALE pixels per point."""
    import pypdfium2 as pdfium

    with _pdfium_lock:
        document = pdfium.PdfDocument(pdf)
        try:
            page = document[index]
            image = page.render(scale=PAGE_SCALE).to_pil()
            page.close()
        finally:
            document.close()
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=1)
    return out.getvalue()


class Previewer:
    """The project's documents, built on demand and kept until a source file changes."""

    def __init__(self, root: Path, options: Options | None = None, report: Progress = _quiet) -> None:
        self.root = root.resolve()
        # Builds run in the server's threads: nothing may be forked from them.
        self.options = replace(options or Options(), fork=False)
        self.report = report
        self._token = secrets.token_hex(4)  # a restarted server is a new version too
        self._counter = 0
        self._cache: dict[tuple[str, str], Result] = {}
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
        key = (kind, stem)
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
        from careerbook import build

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
            from careerbook.booklet.book import ordered_careers, render_book_html

            html = render_book_html(project, ordered_careers(project), theme, page)
        else:
            from careerbook.render.templates import render_handout

            path = self.career_file(stem)
            if path is None:
                raise CareerbookError(f"content/{stem}.yaml: no such career file")
            html = render_handout(load_career(path), theme, page)
        if logo is not None:
            html = html.replace(logo.as_uri(), "/_logo/" + logo.name)
        return html


def _pages_env() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(ASSETS)), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


_PAGE = re.compile(r"page-(\d+)\.png")


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal shows builds and changes, not every request

    def do_GET(self) -> None:
        if not self._host_allowed():
            self._send(HTTPStatus.FORBIDDEN, b"careerbook preview answers only to 127.0.0.1\n",
                       "text/plain; charset=utf-8")
            return
        path = unquote(urlsplit(self.path).path)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._route(path)  # (a reset: the page reloaded before it got its answer)

    def _host_allowed(self) -> bool:
        """Refuse other host names (a web page rebinding its name to 127.0.0.1)."""
        port = self.server.server_address[1]
        return self.headers.get("Host", "") in (f"{HOST}:{port}", f"localhost:{port}")

    def _route(self, path: str) -> None:
        previewer = self.server.previewer
        if path == "/_version":
            self._send(HTTPStatus.OK, previewer.version.encode(), "text/plain; charset=utf-8")
        elif path == "/":
            self._index()
        elif path.startswith("/_assets/"):
            self._file(ASSETS, path.removeprefix("/_assets/"))
        elif path.startswith("/_styles/fonts/"):
            self._file(styles_dir() / "fonts", path.removeprefix("/_styles/fonts/"))
        elif path.startswith("/_logo/"):
            self._logo(path.removeprefix("/_logo/"))
        elif path == "/handout" or path == "/booklet":
            self._redirect(path + "/")
        elif path.startswith("/handout/"):
            stem, _, rest = path.removeprefix("/handout/").partition("/")
            if not rest and not path.endswith("/"):
                self._redirect(path + "/")
            else:
                self._document("handout", stem, rest)
        elif path.startswith("/booklet/"):
            self._document("booklet", "", path.removeprefix("/booklet/"))
        else:
            self._not_found()

    def _index(self) -> None:
        previewer = self.server.previewer
        entries: list[Entry] = []
        title, problems = "careerbook", []
        try:
            project = previewer.project()
            title = project.book.title or project.root.name
            entries = previewer.entries()
        except CareerbookError as exc:
            problems = problem_lines(exc, previewer.root)
        self._page("index.html", title=title, entries=entries, problems=problems)

    def _document(self, kind: str, stem: str, rest: str) -> None:
        previewer = self.server.previewer
        name = stem or "booklet"
        try:
            missing = kind == "handout" and previewer.career_file(stem) is None
        except CareerbookError as exc:  # a broken book file: the page says what is wrong
            if rest == "":
                self._page("document.html", kind=kind, stem=stem, name=name, built=False,
                           result=Failed(stem or "Booklet", problem_lines(exc, previewer.root)))
            else:
                self._redirect("./")
            return
        if missing:
            self._not_found()
            return
        if rest == "":
            result = previewer.result(kind, stem)
            self._page("document.html", kind=kind, stem=stem, name=name, result=result,
                       built=isinstance(result, Built))
        elif rest == f"{name}.pdf" or rest == "print.html":
            result = previewer.result(kind, stem)
            if not isinstance(result, Built):
                self._redirect("./")
            elif rest == "print.html":
                try:
                    html = previewer.print_html(kind, stem)
                except CareerbookError:  # broken since the build: the page says what is wrong
                    self._redirect("./")
                    return
                self._send(HTTPStatus.OK, html.encode(), "text/html; charset=utf-8")
            else:
                self._send(HTTPStatus.OK, result.pdf, "application/pdf")
        elif m := _PAGE.fullmatch(rest):
            png = previewer.png(kind, stem, int(m[1]) - 1)
            if png is None:
                self._not_found()
            else:
                self._send(HTTPStatus.OK, png, "image/png")
        else:
            # What print.html asks for by relative URL: the fonts beside the stylesheets.
            self._file(styles_dir(), rest)

    def _logo(self, name: str) -> None:
        try:
            logo = self.server.previewer.project().logo()
        except CareerbookError:
            logo = None
        if logo is None or logo.name != name:
            self._not_found()
        else:
            self._file(logo.parent, logo.name)

    def _page(self, template: str, **context: Any) -> None:
        html = _pages_env().get_template(template).render(
            version=self.server.previewer.version, **context)
        self._send(HTTPStatus.OK, html.encode(), "text/html; charset=utf-8")

    def _file(self, folder: Path, name: str) -> None:
        path = (folder / name).resolve()
        if not path.is_relative_to(folder.resolve()) or not path.is_file():
            self._not_found()
            return
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/javascript", "image/svg+xml"):
            kind += "; charset=utf-8"
        self._send(HTTPStatus.OK, path.read_bytes(), kind)

    def _redirect(self, where: str) -> None:
        self.send_response(HTTPStatus.SEE_OTHER)
        self.send_header("Location", where)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _not_found(self) -> None:
        self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8")

    def _send(self, status: HTTPStatus, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(body)


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    previewer: Previewer


class PreviewServer:
    """The preview web server and its file watcher; `start()` runs both in the background."""

    def __init__(self, root: Path, options: Options | None = None, *, host: str = HOST,
                 port: int = DEFAULT_PORT, report: Progress = _quiet) -> None:
        if host != HOST:
            raise CareerbookError(f"preview listens on {HOST} only, not on {host!r}: "
                                  "it serves your files to anyone who can reach it")
        self.previewer = Previewer(root, options, report)
        # A missing folder or an unknown theme is an error before anything listens; a broken
        # book file is not: the pages show its problems until it is fixed.
        with contextlib.suppress(ContentError):
            self.previewer.options.theme_for(self.previewer.project())
        self.report = report
        try:
            self.httpd = _HTTPServer((HOST, port), _Handler)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise CareerbookError(f"port {port} is already in use; "
                                      "choose another with --port") from None
            raise CareerbookError(f"cannot listen on {HOST}:{port}: {exc.strerror}") from None
        self.httpd.previewer = self.previewer
        self.watcher = ProjectWatcher(self.previewer.root)
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}/"

    def start(self) -> PreviewServer:
        self.watcher.start()
        for target in (self._follow_changes, self.httpd.serve_forever):
            thread = threading.Thread(target=target, name="careerbook-preview", daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def wait_ready(self, timeout: float = 10) -> bool:
        """True once edits are being watched."""
        return self.watcher.wait_ready(timeout)

    def _follow_changes(self) -> None:
        root = self.previewer.root
        for changed in self.watcher.batches():
            names = sorted(str(shown(p, root)) for p in changed)
            self.previewer.changed()
            self.report(f"Changed: {', '.join(names)}; the open pages reload")

    def close(self) -> None:
        self.watcher.close()
        self.httpd.shutdown()
        self.httpd.server_close()
        for thread in self._threads:
            thread.join(timeout=2)


def serve(root: Path, options: Options, port: int, report: Progress,
          on_ready: Callable[[str], None] | None = None) -> None:
    """Serve until Ctrl-C, then stop cleanly."""
    server = PreviewServer(root, options, port=port, report=report).start()
    try:
        server.wait_ready()
        if on_ready is not None:
            on_ready(server.url)
        stop = threading.Event()
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
