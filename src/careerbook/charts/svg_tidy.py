"""matplotlib's SVG in the shape WeasyPrint draws fastest: the same drawing, half the nodes.

matplotlib wraps every artist in a `<g id=…>`, styles every element through a `style`
attribute and sets two properties for all of them with a `*` rule in a stylesheet. For
each node WeasyPrint matches the stylesheet's rules and parses the style attribute with
its CSS parser, so a chart's nodes cost more than its drawing. Here the `*` rule becomes
attributes of the root (the properties are inherited), each style attribute becomes
presentation attributes (nothing else can override them once the stylesheet is gone),
groups that carry nothing but an id are dissolved, and what draws nothing (metadata, a
fully transparent background, a zero rotation) is dropped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"

_UNIVERSAL_RULE = re.compile(r"\s*\*\s*\{([^{}]*)\}\s*")
_REFERENCE = re.compile(r"url\(#([^)\s]+)\)|href=\"#([^\"]+)\"")
_NO_ROTATION = re.compile(r"rotate\(-?0(?:\.0*)?(?:[ ,][^)]*)?\)")


def _tag(element: ET.Element) -> str:
    return element.tag.rpartition("}")[2]


def _declarations(text: str) -> dict[str, str]:
    out = {}
    for item in text.split(";"):
        name, colon, value = item.partition(":")
        if colon and name.strip():
            out[name.strip()] = value.strip()
    return out


def tidy(svg: str) -> str:
    """The same drawing in fewer nodes, without CSS; an SVG this does not expect (another
    stylesheet than matplotlib's one `*` rule) comes back unchanged."""
    root = ET.fromstring(svg)
    sheets = [e for e in root.iter() if _tag(e) == "style"]
    rules = [_UNIVERSAL_RULE.fullmatch(e.text or "") for e in sheets]
    if not all(rules):
        return svg
    for rule in rules:
        root.attrib.update(_declarations(rule.group(1)) if rule else {})
    referenced = {a or b for a, b in _REFERENCE.findall(svg)}
    _prune(root, lambda e: _tag(e) in ("style", "metadata") or (e.get("opacity") == "0" and len(e) == 0))
    for element in root.iter():
        element.attrib.update(_declarations(element.attrib.pop("style", "")))
        if _NO_ROTATION.fullmatch(element.get("transform", "")):
            del element.attrib["transform"]
        if element.get("id") not in referenced:
            element.attrib.pop("id", None)
    _dissolve_bare_groups(root)
    _prune(root, lambda e: _tag(e) == "defs" and len(e) == 0)
    # The SVG namespace as the default one, as matplotlib wrote it, whatever prefixes other
    # code has registered with ElementTree for the whole process.
    for element in root.iter():
        element.tag = _tag(element)
        if XLINK_HREF in element.attrib:  # SVG 2's plain href: no prefix to declare
            element.set("href", element.attrib.pop(XLINK_HREF))
    root.set("xmlns", SVG_NS)
    return ET.tostring(root, encoding="unicode")


def _prune(root: ET.Element, drop: Callable[[ET.Element], bool]) -> None:
    for parent in list(root.iter()):  # the root first
        for child in list(parent):
            if drop(child):
                parent.remove(child)


def _dissolve_bare_groups(parent: ET.Element) -> None:
    children: list[ET.Element] = []
    for child in parent:
        _dissolve_bare_groups(child)
        if _tag(child) == "g" and not child.attrib:
            children.extend(child)
        else:
            children.append(child)
    parent[:] = children
