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


def _blocks(text: str | None) -> list[Markup]:
    """Text as HTML, one item per top-level block (a paragraph, a list)."""
    md = _parser()
    tokens = md.parse(text or "")
    blocks: list[Markup] = []
    start = 0
    for i, token in enumerate(tokens):
        if token.level == 0 and token.nesting <= 0:  # a block closes at the top level
            blocks.append(Markup(md.renderer.render(tokens[start : i + 1], md.options, {})).strip())
            start = i + 1
    return blocks


def first_block(text: str | None) -> Markup:
    """The first paragraph (or list) of a text, as HTML: what a heading keeps on its page."""
    blocks = _blocks(text)
    return blocks[0] if blocks else Markup("")


def other_blocks(text: str | None) -> Markup:
    """Everything of a text after its first block, as HTML (`first_block` + this = `block`)."""
    return Markup("\n").join(_blocks(text)[1:])
