"""HTML -> PDF with WeasyPrint: a strict resource fetcher, loud failures, atomic writes."""

from __future__ import annotations

import logging
import os
import re
import shutil
import struct
import tempfile
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from careerbook.clock import source_date
from careerbook.content.project import Project
from careerbook.errors import CareerbookError, InternalError, RenderError
from careerbook.limits import MAX_IMAGE_PIXELS, MAX_RESOURCE_BYTES, check_not_stopped
from careerbook.resources import styles_dir

if TYPE_CHECKING:
    from weasyprint import Document


class PdfVariant(StrEnum):
    """The kinds of PDF careerbook writes: tagged PDF/UA-1 (the default), PDF/A-3b, or plain."""

    ua1 = "pdf/ua-1"
    a3b = "pdf/a-3b"
    plain = "plain"


def _fetcher_class() -> Any:
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    class ConfinedFetcher(URLFetcher):
        """Serves data: URIs and regular files under the allowed folders; refuses all else.

        No network (http, https, ftp …), no host in a file: URL (not even
        localhost), and no path that leads outside the folders once `..`,
        percent-escapes and symbolic links are resolved. A refusal stops the
        render: a handout must never ship quietly without its chart or its logo.
        """

        def __init__(self, roots: list[Path]) -> None:
            super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
            self.roots = [r.resolve() for r in roots]
            # Every refusal, for the error message: WeasyPrint swallows some of
            # them (inside an SVG image) and only says the image failed.
            self.refused: list[str] = []

        def refuse(self, message: str) -> Any:
            self.refused.append(message)
            raise FatalURLFetchingError(message)

        def fetch(self, url: str, headers: Any = None) -> Any:
            try:
                parts = urlsplit(url)
            except ValueError:
                return self.refuse(f"refused to fetch {url[:200]!r}: not a valid address")
            scheme = parts.scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme != "file" or parts.netloc:
                return self.refuse(f"refused to fetch {url[:200]}: only files inside the project "
                                   "and careerbook's own styles may be used, never the network")
            try:
                path = Path(unquote(parts.path, errors="strict")).resolve()
            except (ValueError, OSError, UnicodeDecodeError):
                return self.refuse(f"refused to fetch {url[:200]!r}: not a usable file name")
            if not any(path.is_relative_to(root) for root in self.roots):
                return self.refuse(f"refused to fetch {path}: it is outside the project")
            if not path.is_file():
                return self.refuse(f"missing file: {path}")
            if problem := _resource_problem(path):
                return self.refuse(f"refused to use {path}: {problem}")
            return super().fetch(path.as_uri(), headers)

    return ConfinedFetcher


def _resource_problem(path: Path) -> str | None:
    """Why a file is too big to put in a PDF (an image bomb would eat the memory), if it is."""
    size = path.stat().st_size
    if size > MAX_RESOURCE_BYTES:
        return f"it is {size:,} bytes; the limit is {MAX_RESOURCE_BYTES:,}"
    with path.open("rb") as file:
        head = file.read(24)
    if head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR":
        width, height = struct.unpack(">II", head[16:24])
        if width * height > MAX_IMAGE_PIXELS:
            return (f"the image is {width:,} × {height:,} pixels; the limit is "
                    f"{MAX_IMAGE_PIXELS:,} pixels in all")
    return None


class _Collect(logging.Handler):
    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


_PACKAGE = Path(__file__).resolve().parent.parent


def _raised_by_careerbook(exc: BaseException) -> bool:
    """Whether careerbook's own code running inside WeasyPrint (the PDF/UA finisher, SVG text)
    raised `exc`: a frame of careerbook's deeper than the first of WeasyPrint's."""
    ours = [Path(frame.filename).resolve().is_relative_to(_PACKAGE)
            for frame in traceback.extract_tb(exc.__traceback__)]
    first_theirs = ours.index(False) if False in ours else len(ours)
    return any(ours[first_theirs:])


@contextmanager
def _weasyprint_errors(fetcher: Any, what: str, level: int = logging.WARNING) -> Iterator[None]:
    """Turn what WeasyPrint raises or logs at `level` or above (a refused or broken
    resource, absurd CSS) into a RenderError the user sees."""
    from weasyprint import LOGGER
    from weasyprint.urls import FatalURLFetchingError

    handler = _Collect(level)
    LOGGER.addHandler(handler)
    try:
        try:
            yield
        finally:
            LOGGER.removeHandler(handler)
    except FatalURLFetchingError as exc:
        raise RenderError(str(exc)) from None
    except CareerbookError:
        raise
    except Exception as exc:
        if _raised_by_careerbook(exc):
            raise InternalError(f"careerbook's code failed while WeasyPrint ran ({what}): "
                                f"{type(exc).__name__}: {exc}") from exc
        # WeasyPrint fails this way on input it cannot lay out (a font size of
        # 1e9px overflows Pango's integers): the page is to blame, not careerbook.
        raise RenderError(f"WeasyPrint could not {what}: {type(exc).__name__}: {exc}; "
                          "check the project's templates and stylesheets") from None
    check_not_stopped()
    # "Ignored …" is CSS WeasyPrint does not support: the page still renders.
    errors = [m for m in handler.messages if not m.startswith("Ignored")]
    refused = getattr(fetcher, "refused", [])
    if refused or errors:
        # A data: URI can be the whole chart: keep each message readable.
        said = [m if len(m) <= 300 else m[:300] + " …" for m in dict.fromkeys([*refused, *errors])]
        raise RenderError(f"WeasyPrint could not {what}: " + "; ".join(said))


# The only addresses a link in a careerbook PDF may lead to.
LINK_SCHEMES = ("https:", "http:", "mailto:")


def _check_links(document: Document) -> None:
    """No embedded files and no links to files, scripts or data, whatever a template says."""
    if document.metadata.attachments:
        raise RenderError("the page asks to embed a file (<link rel=\"attachment\">); "
                          "careerbook PDFs carry no attachments")
    for page in document.pages:
        for kind, target, *_ in page.links:
            if kind == "attachment":
                raise RenderError(f"the page asks to embed {target[:200]} (<a rel=\"attachment\">); "
                                  "careerbook PDFs carry no attachments")
            if kind == "external" and not target.lower().startswith(LINK_SCHEMES):
                raise RenderError(f"a link to {target[:200]!r} is not allowed; links may lead to "
                                  "https:, http: or mailto: addresses only")


def render_document(html: str, base: Path, roots: list[Path], *,
                    reuse_styles: bool = False) -> Document:
    """Lay out the pages; every resource comes through the confined fetcher.

    With `reuse_styles`, the document's style sheets are parsed once in this process and
    kept for the next document that has the same (`_Styles`). A chart pushed to the next
    page, leaving much of a page empty, is drawn smaller and laid out again (flow.py).
    """
    from careerbook.pdf.flow import fitted

    return fitted(html, lambda text: _render_once(text, base, roots, reuse_styles))


def _render_once(html: str, base: Path, roots: list[Path], reuse_styles: bool) -> Document:
    from weasyprint import HTML

    from careerbook.speed import svg_text

    svg_text.install()
    fetcher = _fetcher_class()([*roots, base])
    base_url = base.as_uri() + "/"
    lifted = _lifted_styles(html) if reuse_styles else None
    try:
        with _weasyprint_errors(fetcher, "render the page"):
            if lifted is None:
                document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render()
            else:
                styles = _Styles.here(tuple(roots))
                body, texts = lifted
                sheets, new = styles.sheets_for(texts, base_url, fetcher)
                document = HTML(string=body, base_url=base_url, url_fetcher=fetcher).render(
                    stylesheets=sheets, font_config=styles.font_config,
                    counter_style=styles.counter_style)
    except BaseException:
        if lifted is not None:
            # The fonts a failed sheet loaded stay in the font configuration, where the
            # next part would find them without asking the fetcher: start afresh.
            forget_styles()
        raise
    if lifted is not None:
        styles.keep(new)
    _check_links(document)
    return document


# What a <style> element may not hold for `_lifted_styles` to pass it as a parsed sheet:
# CSS whose meaning depends on the sheet being the document's own (the author's).
_NOT_LIFTED = re.compile(r"!\s*important|@(layer|counter-style|color-profile|import)\b", re.I)
# What a document may not hold: other sheets, presentational sizes (an <svg>'s width),
# comments or elements that hide or move a <style>, a <base> that moves its URLs.
_NOT_IN_DOCUMENT = ("<link", "<svg", "<!--", "<base", "<template", "<noscript")
_STYLE = re.compile(r"<style>(.*?)</style>", re.S)


def _lifted_styles(html: str) -> tuple[str, list[str]] | None:
    """The document without the <style> elements of its head, and their CSS in order; or
    None to leave the document as it is.

    Passed to WeasyPrint as parsed sheets they count as the user's rather than the
    author's. That changes nothing while they are the document's only style (they still
    come after the browser's sheet and before style attributes, in their order): so not
    in a document with anything of `_NOT_IN_DOCUMENT`, a <style> with attributes or
    outside the head, or CSS of `_NOT_LIFTED`."""
    end = html.find("</head>")
    lowered = html.lower()
    head = html[:end]
    if (end < 0 or any(word in lowered for word in _NOT_IN_DOCUMENT)
            or "<style" in lowered[end:] or lowered[:end].count("<style") != head.count("<style>")):
        return None
    texts = _STYLE.findall(head)
    if any(_NOT_LIFTED.search(text) for text in texts):
        return None
    return _STYLE.sub("", head) + html[end:], texts


_SheetKey = tuple[str, str]  # CSS, base URL


class _Styles:
    """Style sheets parsed in this process, with the one font configuration their @font-face
    rules were loaded into: a fast booklet's worker lays out many parts whose theme CSS is
    the same, and WeasyPrint took 70 ms to parse it and load its fonts for each (a third
    of the time of a blank page). For one set of folders the fetcher may read: a font
    loaded once is not fetched again."""

    KEEP = 8  # sheets kept, the least recently used dropped first
    _here: _Styles | None = None

    def __init__(self, roots: tuple[Path, ...]) -> None:
        from multiprocessing.util import Finalize

        from weasyprint.css.counters import CounterStyle
        from weasyprint.text.fonts import FontConfiguration

        self.roots = roots
        self.font_config = FontConfiguration()
        self.counter_style = CounterStyle()
        self.sheets: dict[_SheetKey, Any] = {}
        # WeasyPrint removes the folder it copies the fonts to when the configuration is
        # freed, which a worker leaving by os._exit never does; this runs as it leaves.
        Finalize(self, _remove_font_folder, args=(self.font_config,), exitpriority=0)

    @classmethod
    def here(cls, roots: tuple[Path, ...]) -> _Styles:
        if cls._here is None or cls._here.roots != roots:
            cls._here = cls(roots)
        return cls._here

    def sheets_for(self, texts: list[str], base_url: str, fetcher: Any
                   ) -> tuple[list[Any], dict[_SheetKey, Any]]:
        """The parsed sheets of `texts`, and those of them parsed now."""
        from weasyprint import CSS

        sheets: list[Any] = []
        new: dict[_SheetKey, Any] = {}
        for text in texts:
            key = (text, base_url)
            if key in self.sheets:
                sheet = self.sheets[key] = self.sheets.pop(key)  # the most recently used last
            elif key in new:
                sheet = new[key]
            else:
                sheet = new[key] = CSS(string=text, base_url=base_url, url_fetcher=fetcher,
                                       font_config=self.font_config,
                                       counter_style=self.counter_style)
            sheets.append(sheet)
        return sheets, new

    def keep(self, new: dict[_SheetKey, Any]) -> None:
        """Keep the sheets a document was laid out with, once it was without error."""
        self.sheets.update(new)
        while len(self.sheets) > self.KEEP:
            del self.sheets[next(iter(self.sheets))]


def _remove_font_folder(font_config: Any) -> None:
    folder = getattr(font_config, "_folder", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


def forget_styles() -> None:
    """Drop the sheets and fonts kept (`_Styles`): after a failure, or in a new worker."""
    _Styles._here = None


def write_atomic(target: Path, write: Callable[[Path], None]) -> None:
    """Call `write(tmp_path)` on a temporary file beside `target`, then move it into place.

    On any failure or interruption the temporary file is removed and `target`
    keeps its previous bytes.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        os.close(fd)
        write(tmp)
        with tmp.open("rb+") as written:
            os.fsync(written.fileno())
        os.chmod(tmp, 0o644)
        check_not_stopped()
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_pdf(document: Document, target: Path, *, variant: str | None = None,
              **write_options: Any) -> None:
    """Write a laid-out document to `target` atomically.

    Images, SVG drawings and attachments are fetched while writing, so the same
    confinement and error checks apply as during layout. With SOURCE_DATE_EPOCH
    set, the PDF's creation date is that instant; without it the PDF carries no
    clock time at all, so unchanged input gives the same bytes.
    """
    pinned = source_date()
    if pinned is not None:
        stamp = pinned.strftime("%Y-%m-%dT%H:%M:%SZ")
        document.metadata.created = document.metadata.modified = stamp
    fetcher = document.url_fetcher

    def write(tmp: Path) -> None:
        options: dict[str, Any] = {"pdf_variant": variant} if variant else {}
        options.update(write_options)  # more of WeasyPrint's options: pdf_tags, finisher …
        # While writing, WeasyPrint logs errors for images, SVG drawings and attachments
        # that fail; its warnings (a character no font has, drawn as a box) do not stop it.
        with _weasyprint_errors(fetcher, "write the PDF", logging.ERROR), tmp.open("wb") as out:
            document.write_pdf(out, **options)

    write_atomic(target, write)


def with_print_css(html: str, css: str) -> str:
    """The document with the print-shop rules added last, so they win over the theme's."""
    return html.replace("</head>", f"<style>{css}</style>\n</head>", 1) if css else html


def resource_roots(project: Project | None, extra: Path) -> list[Path]:
    """What the PDF may read: the project, careerbook's styles, the career's folder."""
    roots = [styles_dir(), extra]
    return [*roots, project.root] if project else roots
