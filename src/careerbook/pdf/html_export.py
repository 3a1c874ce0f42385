"""An accessible HTML version beside each PDF, for school websites.

The same document the PDF is made from (the same semantic markup, charts as <img> with
their alt text and data tables, the same `lang` attributes), with a screen stylesheet
instead of the print one: the theme's CSS without @page rules, print-only parts hidden,
and a readable column. Fonts and images are copied next to the page into `assets/` and
referenced relatively, so the folder can be uploaded as it is.

A school's website runs what the page carries, and a project's templates travel between
schools: nothing that runs leaves here. Scripts, frames, plugins, `<base>`, refreshes,
event handlers (`on…`) and `javascript:` addresses that templates produce are removed
(the PDF never ran them either).
"""

from __future__ import annotations

import base64
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from careerbook.errors import OutputError, RenderError, shown
from careerbook.files import write_atomic
from careerbook.render.theme import Theme
from careerbook.resources import styles_dir

ASSETS = "assets"
Asset = Callable[[str, Path], str]  # (url, folder it is relative to) -> the URL to use

SCREEN_CSS = """
/* Screen: the printed column, a little larger; what only makes sense on paper is hidden. */
body { display: flex; flex-direction: column; max-width: 7.1in; margin: 0 auto; padding: 1rem 1rem 3rem; }
@media (min-width: 60rem) { body { zoom: 1.2; } }
a { text-decoration: underline; text-underline-offset: 0.15em; }
a:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.qr { display: none; }
.brand-footer { order: 1; margin-top: 2rem; white-space: normal; }
.cover { height: auto; }
.cover-text { padding: 2.5rem 1.5rem; }
.cover-foot { padding: 1rem 1.5rem; }
.contents, .chapter, .index { margin-top: 3rem; }
figure img { max-width: 100%; height: auto; }
.draft-mark { display: block; margin: 0 0 1rem; padding: 0.4rem 0.75rem; border: 2px solid #b3261e;
  color: #b3261e; font-weight: 700; letter-spacing: 0.04em; text-transform: uppercase; }
"""


def write_html(html: str, target: Path, theme: Theme, roots: Iterable[Path]) -> Path:
    """Write `html` (a document made for print) as a web page at `target`."""
    import tinyhtml5

    allowed = [r.resolve() for r in [*roots, styles_dir()]]
    assets: dict[Path, str] = {}  # source file -> its name under assets/

    def asset(url: str, base: Path) -> str:
        """Copy a local file the page uses into assets/; data: URIs stay as they are."""
        parts = urlsplit(url)
        if parts.scheme == "data":
            return url
        if parts.scheme not in ("", "file") or parts.netloc:
            raise RenderError(f"the HTML version cannot use {url[:200]}: only files in the project")
        path = (base / unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in allowed) or not path.is_file():
            raise RenderError(f"the HTML version cannot use {path}: not a file inside the project")
        if path not in assets:
            name, number = path.name, 1
            while name in assets.values():  # another file of that name: number this one
                name = f"{number}-{path.name}"
                number += 1
            assets[path] = name
        return f"{ASSETS}/{assets[path]}"

    tree = tinyhtml5.parse(html, namespace_html_elements=False)
    _without_active_content(tree)
    head = tree.find("head")
    if head is None:
        raise RenderError("the HTML version needs a <head>")
    for style in head.findall("style"):
        head.remove(style)
    ET.SubElement(head, "meta", name="viewport", content="width=device-width, initial-scale=1")
    ET.SubElement(head, "style").text = "\n" + screen_css(theme, asset) + "\n"
    for img in tree.iter("img"):
        img.set("src", _svg_font_fallback(asset(img.get("src", ""), Path("/"))))
    for element in tree.iter():
        style = element.get("style")
        if style and "break-" in style:  # page breaks mean nothing on a screen
            del element.attrib["style"]

    text = "<!DOCTYPE html>\n" + ET.tostring(tree, encoding="unicode", method="html") + "\n"

    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")

    _copy_assets(assets, target.parent / ASSETS)
    write_atomic(target, write)
    return target


# What runs or loads elsewhere in a browser, and the attributes that can start it.
_ACTIVE = frozenset(
    {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "noscript"}
)
_ADDRESSES = ("href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc")


def _without_active_content(tree: ET.Element) -> None:
    """Remove what would run in a browser: see the module's docstring."""
    for parent in list(tree.iter()):
        for child in list(parent):
            tag = child.tag.lower() if isinstance(child.tag, str) else ""
            refresh = tag == "meta" and (child.get("http-equiv") or "").lower() == "refresh"
            if tag in _ACTIVE or refresh:
                parent.remove(child)
    for element in tree.iter():
        for name in list(element.attrib):
            value = element.attrib[name]
            lowered = "".join(value.split()).lower()
            if name.lower().startswith("on") or (
                name.lower() in _ADDRESSES and lowered.startswith(("javascript:", "vbscript:"))
            ):
                del element.attrib[name]


def _copy_assets(assets: dict[Path, str], folder: Path) -> None:
    """Copy the files into `folder`, only inside it: a link there (assets/ itself, or a file in
    it pointing anywhere) is refused, never followed, for a copy through it would overwrite
    whatever it points to."""
    if not assets:
        return
    if folder.is_symlink():
        raise OutputError(
            f"cannot write into {shown(folder)}: it is a symbolic link; careerbook "
            "writes only inside the output folder: make it a real folder"
        )
    for source, name in assets.items():
        copy = folder / name
        if copy.is_file() and not copy.is_symlink() and copy.read_bytes() == source.read_bytes():
            continue
        write_atomic(copy, lambda tmp, source=source: shutil.copyfile(source, tmp))  # type: ignore[misc]


def _svg_font_fallback(uri: str) -> str:
    """An SVG image cannot use the page's fonts: give its text a sans-serif to fall back on."""
    prefix = "data:image/svg+xml;base64,"
    if not uri.startswith(prefix):
        return uri
    svg = base64.b64decode(uri[len(prefix) :]).decode("utf-8")
    svg = re.sub(
        r"(font-family:\s*)([^;\"<>]+)",
        lambda m: m[0] if "sans-serif" in m[2] else f"{m[1]}{m[2].strip()}, sans-serif",
        svg,
    )
    return prefix + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def screen_css(theme: Theme, asset: Asset) -> str:
    """The theme's stylesheets without @page rules, their url()s pointing into assets/."""
    import tinycss2

    parts = []
    for sheet in theme.stylesheets():
        rules = tinycss2.parse_stylesheet(sheet.read_text(encoding="utf-8"))
        kept = [r for r in rules if not (r.type == "at-rule" and r.lower_at_keyword == "page")]
        for rule in kept:
            _rewrite_urls(rule, sheet.parent, asset)
        parts.append(tinycss2.serialize(kept).strip())
    parts.append(theme.css_variables())
    parts.append(SCREEN_CSS.strip())
    return "\n".join(parts)


def _rewrite_urls(node: object, folder: Path, asset: Asset) -> None:
    """Point every url() at the copy in assets/ (WeasyPrint resolves them from styles/)."""
    import tinycss2.ast

    for child in [
        *(getattr(node, "prelude", None) or []),
        *(getattr(node, "content", None) or []),
        *(getattr(node, "arguments", None) or []),
    ]:
        if isinstance(child, tinycss2.ast.URLToken):
            child.value = _local(child.value, folder, asset)
            child.representation = f"url({child.value})"
        elif isinstance(child, tinycss2.ast.FunctionBlock) and child.lower_name == "url":
            for arg in child.arguments:
                if isinstance(arg, tinycss2.ast.StringToken):
                    arg.value = _local(arg.value, folder, asset)
                    arg.representation = f'"{arg.value}"'
        else:
            _rewrite_urls(child, folder, asset)


def _local(url: str, folder: Path, asset: Asset) -> str:
    """A stylesheet's url(), first beside the stylesheet, then in careerbook's styles/."""
    if urlsplit(url).scheme or url.startswith("/"):
        return asset(url, folder)
    here = folder / unquote(url)
    return asset(url, folder if here.is_file() else styles_dir())
