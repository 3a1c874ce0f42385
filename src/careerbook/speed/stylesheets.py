"""Style sheets parsed once in a worker and handed to WeasyPrint for every part: a booklet's
parts share the theme's CSS, which WeasyPrint took 70 ms to parse (and load the fonts of) for
each. Only where it cannot change the result: see `lifted_styles`."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from multiprocessing.util import Finalize
from pathlib import Path
from typing import Any

# What a <style> element may not hold for `lifted_styles` to pass it as a parsed sheet:
# CSS whose meaning depends on the sheet being the document's own (the author's).
_NOT_LIFTED = re.compile(r"!\s*important|@(layer|counter-style|color-profile|import)\b", re.I)
# What a document may not hold: other sheets, presentational sizes (an <svg>'s width),
# comments or elements that hide or move a <style>, a <base> that moves its URLs.
_NOT_IN_DOCUMENT = ("<link", "<svg", "<!--", "<base", "<template", "<noscript")
_STYLE = re.compile(r"<style>(.*?)</style>", re.S)


@dataclass(frozen=True)
class LiftedStyles:
    """A document without the <style> elements of its head, and their CSS in order."""

    body: str  # the document without them
    texts: list[str]  # their CSS


def lifted_styles(html: str) -> LiftedStyles | None:
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
    if (
        end < 0
        or any(word in lowered for word in _NOT_IN_DOCUMENT)
        or "<style" in lowered[end:]
        or lowered[:end].count("<style") != head.count("<style>")
    ):
        return None
    texts = _STYLE.findall(head)
    if any(_NOT_LIFTED.search(text) for text in texts):
        return None
    return LiftedStyles(body=_STYLE.sub("", head) + html[end:], texts=texts)


_SheetKey = tuple[str, str]  # CSS, base URL


@dataclass(frozen=True)
class ParsedSheets:
    """The parsed sheets of a document's CSS, and those of them parsed for it (`Styles.keep`
    keeps them once it was laid out without error)."""

    sheets: list[Any]  # WeasyPrint's CSS objects, in the order of the texts
    new: dict[_SheetKey, Any]


class Styles:
    """Style sheets parsed in this process, with the one font configuration their @font-face
    rules were loaded into: a fast booklet's worker lays out many parts whose theme CSS is
    the same, and WeasyPrint took 70 ms to parse it and load its fonts for each (a third
    of the time of a blank page). For one set of folders the fetcher may read: a font
    loaded once is not fetched again."""

    KEEP = 8  # sheets kept, the least recently used dropped first
    _here: Styles | None = None

    def __init__(self, roots: tuple[Path, ...]) -> None:
        # WeasyPrint's modules here, not above: speed.forking.import_weasyprint imports it first.
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
    def here(cls, roots: tuple[Path, ...]) -> Styles:
        if cls._here is None or cls._here.roots != roots:
            cls._here = cls(roots)
        return cls._here

    def sheets_for(self, texts: list[str], base_url: str, fetcher: Any) -> ParsedSheets:
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
                sheet = new[key] = CSS(
                    string=text,
                    base_url=base_url,
                    url_fetcher=fetcher,
                    font_config=self.font_config,
                    counter_style=self.counter_style,
                )
            sheets.append(sheet)
        return ParsedSheets(sheets=sheets, new=new)

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
    """Drop the sheets and fonts kept (`Styles`): after a failure, or in a new worker."""
    Styles._here = None
