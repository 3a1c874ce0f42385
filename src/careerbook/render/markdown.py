"""The format's small, safe Markdown: paragraphs, bold, italic, bullet lists, links.

Everything else (raw HTML, images, headings, code …) prints as the characters
the author typed. Links keep only https: and mailto: targets.
"""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from markupsafe import Markup

SAFE_SCHEMES = ("https:", "mailto:")


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("zero", {"html": False, "typographer": False, "breaks": False})
    md.enable(["emphasis", "list", "link", "newline", "escape", "entity"])
    md.validateLink = lambda url: url.strip().lower().startswith(SAFE_SCHEMES)  # type: ignore[method-assign]
    return md


def block(text: str | None) -> Markup:
    """Text as HTML paragraphs and lists."""
    return Markup(_parser().render(text or "")).strip()


def inline(text: str | None) -> Markup:
    """Text as HTML with no paragraph around it, for use inside a sentence."""
    return Markup(_parser().renderInline(text or "")).strip()
