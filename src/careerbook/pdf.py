"""HTML -> PDF with WeasyPrint: a strict resource fetcher, loud failures, atomic writes."""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from careerbook.errors import RenderError

if TYPE_CHECKING:
    from weasyprint import Document


def _fetcher_class() -> Any:
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    class ConfinedFetcher(URLFetcher):
        """Serves data: URIs and files under the allowed folders; refuses all else.

        A refusal stops the render: a handout must never ship quietly without
        its chart or its logo.
        """

        def __init__(self, roots: list[Path]) -> None:
            super().__init__(allowed_protocols={"file", "data"})
            self.roots = [r.resolve() for r in roots]

        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            scheme = parts.scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme != "file" or parts.netloc not in ("",):
                raise FatalURLFetchingError(f"refused to fetch {url}: only files inside the "
                                            "project and careerbook's own styles may be used")
            path = Path(unquote(parts.path)).resolve()
            if not any(path.is_relative_to(root) for root in self.roots):
                raise FatalURLFetchingError(f"refused to fetch {path}: it is outside the project")
            if not path.is_file():
                raise FatalURLFetchingError(f"missing file: {path}")
            return super().fetch(path.as_uri(), headers)

    return ConfinedFetcher


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _weasyprint_errors() -> Iterator[_Collect]:
    """Turn WeasyPrint's logged errors (a failed image, a bad font) into a RenderError."""
    from weasyprint import LOGGER

    handler = _Collect()
    LOGGER.addHandler(handler)
    try:
        yield handler
    finally:
        LOGGER.removeHandler(handler)


def render_document(html: str, base: Path, roots: list[Path]) -> Document:
    """Lay out the pages; every resource comes through the confined fetcher."""
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    fetcher = _fetcher_class()([*roots, base])
    with _weasyprint_errors() as log:
        try:
            document = HTML(string=html, base_url=base.as_uri() + "/",
                            url_fetcher=fetcher).render()
        except FatalURLFetchingError as exc:
            raise RenderError(str(exc)) from None
    # "Ignored …" is CSS WeasyPrint does not support: the page still renders.
    errors = [m for m in log.messages if not m.startswith("Ignored")]
    if errors:
        raise RenderError("WeasyPrint could not render the page: " + "; ".join(errors))
    return document


def write_atomic(target: Path, write: Any) -> None:
    """Call `write(tmp_path)`, then move the file into place; on failure leave no trace."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_pdf(document: Document, target: Path, *, variant: str | None = None,
              lang: str = "en") -> None:
    """Write a laid-out document to `target` atomically."""

    def write(tmp: Path) -> None:
        options: dict[str, Any] = {"pdf_variant": variant} if variant else {}
        document.write_pdf(tmp, **options)

    write_atomic(target, write)
