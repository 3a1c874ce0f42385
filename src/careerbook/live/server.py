"""The preview's web server: the pages, the PDFs, the page pictures, on 127.0.0.1 only.

In: a project folder, the build `Options` and a port. Out: a local web site, an
index of the project's documents and a page for each (its PDF's pages drawn by
PDFium, with the text laid over them so the browser's find and copy work); the
page asks `/_version` twice a second and reloads when a source file changed.
Other host names are refused (a web page rebinding its DNS name to 127.0.0.1).
"""

from __future__ import annotations

import contextlib
import errno
import mimetypes
import re
import threading
import traceback
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import jinja2

from careerbook.build import Progress
from careerbook.errors import CareerbookError, ContentError, shown
from careerbook.live.builder import Failed
from careerbook.live.previewer import Built, Entry, Previewer
from careerbook.live.watch import ProjectWatcher, problem_lines
from careerbook.options import Options
from careerbook.resources import styles_dir

HOST = "127.0.0.1"
DEFAULT_PORT = 8765
ASSETS = Path(__file__).parent / "assets"
# What a preview page may load and run: its own script and stylesheet (and the style
# attributes that place the pages and their text), the page pictures, the fonts, the
# version it polls; nothing from elsewhere, no inline script, no frames, no plugins.
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "style-src-attr 'unsafe-inline'; img-src 'self'; object-src 'none'; "
    "frame-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
# print.html is the project's own HTML: its inline stylesheets, its charts (data: URIs),
# the fonts and the logo; no script of any kind (a template's <script>, onclick, …).
PRINT_POLICY = (
    "default-src 'self'; script-src 'none'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; object-src 'none'; frame-src 'none'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
MAX_TARGET = 2048  # characters of a request's target: no page of the preview needs more


def _quiet(_: str) -> None:
    pass


def _pages_env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(ASSETS)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


_PAGE = re.compile(r"page-(\d{1,5})\.png")


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal shows builds and changes, not every request

    def do_GET(self) -> None:
        if not self._host_allowed():
            self._send(
                HTTPStatus.FORBIDDEN,
                b"careerbook preview answers only to 127.0.0.1\n",
                "text/plain; charset=utf-8",
            )
            return
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            path = self._path()  # (a reset: the page reloaded before it got its answer)
            if path is None:
                return
            try:
                self._route(path)
            except (BrokenPipeError, ConnectionResetError):
                raise
            except Exception:  # a bug in careerbook: an answer for the browser, the trace for us
                traceback.print_exc()
                self._send(
                    HTTPStatus.INTERNAL_SERVER_ERROR,
                    b"careerbook preview failed (a bug); the terminal shows why\n",
                    "text/plain; charset=utf-8",
                )

    def _path(self) -> str | None:
        """The request's path, decoded; None once an odd one is answered with a 4xx."""
        if len(self.path) > MAX_TARGET:
            self._send(HTTPStatus.REQUEST_URI_TOO_LONG, b"path too long\n", "text/plain; charset=utf-8")
            return None
        path = unquote(urlsplit(self.path).path)
        if not path.startswith("/") or any(c < " " or c in "\x7f\\" for c in path):
            self._send(HTTPStatus.BAD_REQUEST, b"bad path\n", "text/plain; charset=utf-8")
            return None
        return path

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
                self._page(
                    "document.html",
                    kind=kind,
                    stem=stem,
                    name=name,
                    built=False,
                    result=Failed(stem or "Booklet", problem_lines(exc, previewer.root)),
                )
            else:
                self._redirect("./")
            return
        if missing:
            self._not_found()
            return
        if rest == "":
            result = previewer.result(kind, stem)
            self._page(
                "document.html",
                kind=kind,
                stem=stem,
                name=name,
                result=result,
                built=isinstance(result, Built),
            )
        elif rest == f"{name}.pdf" or rest == "print.html":
            result = previewer.result(kind, stem)
            if not isinstance(result, Built):
                self._redirect("./")
            elif rest == "print.html":
                html = previewer.print_html(kind, stem)
                if isinstance(html, Failed):  # broken since the build: the page says what is wrong
                    self._redirect("./")
                else:
                    self._send(HTTPStatus.OK, html.encode(), "text/html; charset=utf-8", PRINT_POLICY)
            else:
                # No policy: a browser shows a PDF with its plugin, which object-src 'none' blocks.
                self._send(HTTPStatus.OK, result.pdf, "application/pdf", None)
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
        html = _pages_env().get_template(template).render(version=self.server.previewer.version, **context)
        self._send(HTTPStatus.OK, html.encode(), "text/html; charset=utf-8")

    def _file(self, folder: Path, name: str) -> None:
        try:
            path = (folder / name).resolve()
            found = path.is_relative_to(folder.resolve()) and path.is_file()
        except (OSError, ValueError):  # a name too long for the file system, say
            found = False
        if not found:
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

    def _send(self, status: HTTPStatus, body: bytes, kind: str, policy: str | None = PAGE_POLICY) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        if policy is not None:
            self.send_header("Content-Security-Policy", policy)
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

    def __init__(
        self,
        root: Path,
        options: Options | None = None,
        *,
        host: str = HOST,
        port: int = DEFAULT_PORT,
        report: Progress = _quiet,
    ) -> None:
        if host != HOST:
            raise CareerbookError(
                f"preview listens on {HOST} only, not on {host!r}: "
                "it serves your files to anyone who can reach it"
            )
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
                raise CareerbookError(f"port {port} is already in use; choose another with --port") from None
            raise CareerbookError(f"cannot listen on {HOST}:{port}: {exc.strerror}") from None
        self.httpd.previewer = self.previewer
        self.watcher = ProjectWatcher(self.previewer.root)
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}/"

    def start(self) -> PreviewServer:
        self.previewer.start()
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
        self.previewer.close()
        for thread in self._threads:
            thread.join(timeout=2)


def serve(
    root: Path, options: Options, port: int, report: Progress, on_ready: Callable[[str], None] | None = None
) -> None:
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
