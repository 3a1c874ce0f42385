"""HTML -> PDF with WeasyPrint: a strict resource fetcher, loud failures, atomic writes."""

from __future__ import annotations

import errno
import logging
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from careerbook.clock import source_date
from careerbook.confine import data_problem, vet
from careerbook.content.project import Project
from careerbook.errors import CareerbookError, InternalError, RenderError
from careerbook.files import write_atomic
from careerbook.limits import MAX_RESOURCE_BYTES, check_not_stopped
from careerbook.pdf import svg_stop
from careerbook.pdf.flow import fitted
from careerbook.resources import styles_dir
from careerbook.speed import svg_text
from careerbook.speed.stylesheets import Styles, forget_styles, lifted_styles

if TYPE_CHECKING:
    from weasyprint import Document

    from careerbook.pdf.marks import Finisher


def _fetcher_class() -> Any:
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

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
            said = vet(url, self.roots)  # the rule `validate` checks a logo with, too
            if said.refused:
                return self.refuse(said.refused)
            if said.data:
                # An image inside an SVG comes this way too: check what it really is.
                response = super().fetch(url, headers)
                try:
                    body = response.read(MAX_RESOURCE_BYTES + 1)
                finally:
                    response.close()
                if problem := data_problem(body):
                    return self.refuse(f"refused to use an embedded image ({url[:40]} …): {problem}")
                return URLFetcherResponse(response.url, body, response.headers, response.status)
            assert said.path is not None
            return super().fetch(said.path.as_uri(), headers)

    return ConfinedFetcher


_DISK_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG, errno.EIO}


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
    ours = [
        Path(frame.filename).resolve().is_relative_to(_PACKAGE)
        for frame in traceback.extract_tb(exc.__traceback__)
    ]
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
    except (CareerbookError, MemoryError):
        raise  # a MemoryError: the caller knows what was being laid out (booklet/workers.py)
    except Exception as exc:
        if isinstance(exc, OSError) and exc.errno in _DISK_ERRORS:
            raise  # the output's fault, not the page's: write_atomic says so
        if _raised_by_careerbook(exc):
            raise InternalError(
                f"careerbook's code failed while WeasyPrint ran ({what}): {type(exc).__name__}: {exc}"
            ) from exc
        # WeasyPrint fails this way on input it cannot lay out (a font size of
        # 1e9px overflows Pango's integers): the page is to blame, not careerbook.
        raise RenderError(
            f"WeasyPrint could not {what}: {type(exc).__name__}: {exc}; "
            "check the project's templates and stylesheets"
        ) from None
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
        raise RenderError(
            'the page asks to embed a file (<link rel="attachment">); careerbook PDFs carry no attachments'
        )
    for page in document.pages:
        for kind, target, *_ in page.links:
            if kind == "attachment":
                raise RenderError(
                    f'the page asks to embed {target[:200]} (<a rel="attachment">); '
                    "careerbook PDFs carry no attachments"
                )
            if kind == "external" and not target.lower().startswith(LINK_SCHEMES):
                raise RenderError(
                    f"a link to {target[:200]!r} is not allowed; links may lead to "
                    "https:, http: or mailto: addresses only"
                )


def render_document(html: str, base: Path, roots: list[Path], *, reuse_styles: bool = False) -> Document:
    """Lay out the pages; every resource comes through the confined fetcher.

    With `reuse_styles`, the document's style sheets are parsed once in this process and
    kept for the next document that has the same (`speed/stylesheets.py`). A chart pushed to
    the next page, leaving much of a page empty, is drawn smaller and laid out again (flow.py).
    """
    return fitted(html, lambda text: _render_once(text, base, roots, reuse_styles))


def _render_once(html: str, base: Path, roots: list[Path], reuse_styles: bool) -> Document:
    from weasyprint import HTML  # here: speed.forking.import_weasyprint imports it first

    svg_text.install()
    svg_stop.install()
    fetcher = _fetcher_class()([*roots, base])
    base_url = base.as_uri() + "/"
    lifted = lifted_styles(html) if reuse_styles else None
    try:
        with _weasyprint_errors(fetcher, "render the page"):
            if lifted is None:
                document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render()
            else:
                styles = Styles.here(tuple(roots))
                parsed = styles.sheets_for(lifted.texts, base_url, fetcher)
                document = HTML(string=lifted.body, base_url=base_url, url_fetcher=fetcher).render(
                    stylesheets=parsed.sheets,
                    font_config=styles.font_config,
                    counter_style=styles.counter_style,
                )
    except BaseException:
        if lifted is not None:
            # The fonts a failed sheet loaded stay in the font configuration, where the
            # next part would find them without asking the fetcher: start afresh.
            forget_styles()
        raise
    if lifted is not None:
        styles.keep(parsed.new)
    _check_links(document)
    return document


@dataclass(frozen=True)
class WriteOptions:
    """How WeasyPrint writes a laid-out document; the default: plain PDF, untagged, as it is."""

    variant: str | None = None  # WeasyPrint's pdf_variant ("pdf/ua-1", "pdf/a-3b"); None: plain
    tagged: bool = False  # WeasyPrint's pdf_tags: the structure tree a PDF/UA file needs
    finisher: Finisher | None = None  # run on the in-memory PDF before it is written


PLAIN = WriteOptions()


def write_pdf(document: Document, target: Path, options: WriteOptions = PLAIN) -> None:
    """Write a laid-out document to `target` atomically, as `options` say.

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

    # WeasyPrint's keywords: only those set, its own defaults for the rest.
    keywords: dict[str, Any] = {"pdf_variant": options.variant} if options.variant else {}
    if options.tagged:
        keywords["pdf_tags"] = True
    if options.finisher is not None:
        keywords["finisher"] = options.finisher

    def write(tmp: Path) -> None:
        # While writing, WeasyPrint logs errors for images, SVG drawings and attachments
        # that fail; its warnings (a character no font has, drawn as a box) do not stop it.
        with _weasyprint_errors(fetcher, "write the PDF", logging.ERROR), tmp.open("wb") as out:
            document.write_pdf(out, **keywords)

    write_atomic(target, write)


def with_print_css(html: str, css: str) -> str:
    """The document with the print-shop rules added last, so they win over the theme's."""
    return html.replace("</head>", f"<style>{css}</style>\n</head>", 1) if css else html


def resource_roots(project: Project | None, extra: Path) -> list[Path]:
    """What the PDF may read: the project, careerbook's styles, the career's folder."""
    roots = [styles_dir(), extra]
    return [*roots, project.root] if project else roots
