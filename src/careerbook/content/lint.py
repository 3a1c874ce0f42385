"""Warnings read from how a file was written, not from what the models hold.

- A ' #' after a plain (unquoted) text starts a YAML comment: `label: Licensed
  electrician #1 in demand` prints "Licensed electrician". Only prose fields are
  checked: `percent: 30  # approx` is a comment the author meant.
- A placeholder left from `careerbook new` or `careerbook init` would print as is.
  The placeholders are read from the scaffold's own files (see `placeholders`), so
  a new one there is caught here without a second list to keep.
"""

from __future__ import annotations

import re
import string
import types
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin, get_type_hints

import yaml
from pydantic import BaseModel

from careerbook.content.kinds import Line, Text, Title
from careerbook.content.reader import Document, Loc, parse_yaml
from careerbook.errors import ContentError, Problem
from careerbook.limits import MAX_FILE_BYTES
from careerbook.resources import scaffold_dir

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PROSE = (Text, Line, Title)
_COMMENT = re.compile(r"[ \t]+#(.*)")
# Which texts of the scaffold's files are placeholders: they say so ("Replace with …",
# "Placeholder figures …") or speak to the reader ("Your school or organization").
_PLACEHOLDER = re.compile(r"^(?:replace with|your )|placeholder", re.IGNORECASE)
SCAFFOLD_FILES = ("career.yaml", "careerbook.yaml")


# ---------------------------------------------------------------- where a text is prose


@cache
def _hints(model: type[BaseModel]) -> dict[str, Any]:
    return get_type_hints(model, include_extras=True)


def _options(hint: Any) -> list[Any]:
    """The types a hint may hold, through Optional; Annotated kept (it tells prose apart)."""
    if get_origin(hint) in (Union, types.UnionType):
        return [t for arg in get_args(hint) for t in _options(arg)]
    inner = get_args(hint)[0] if get_origin(hint) is Annotated else None
    if get_origin(inner) in (Union, types.UnionType):  # a tagged union (a pay range's kinds)
        return _options(inner)
    return [hint]


def _bare(hint: Any) -> Any:
    return get_args(hint)[0] if get_origin(hint) is Annotated else hint


def _hint_at(root: type[BaseModel], loc: Loc) -> Any:
    """The type hint of the value at `loc`, or None when the models do not know it."""
    hint: Any = root
    for part in loc:
        options = [_bare(t) for t in _options(hint)]
        if isinstance(part, int):
            lists = [t for t in options if get_origin(t) is list]
            if not lists:
                return None
            hint = get_args(lists[0])[0]
        else:
            models = [
                t
                for t in options
                if isinstance(t, type) and issubclass(t, BaseModel) and part in t.model_fields
            ]
            if not models:
                return None
            hint = _hints(models[0])[part]
    return hint


def _is_prose(hint: Any) -> bool:
    for option in _options(hint):
        if option in _PROSE:
            return True
        model = _bare(option)
        # A source written as plain text is its `text` (models._source).
        if isinstance(model, type) and issubclass(model, BaseModel) and "text" in model.model_fields:
            return _hints(model)["text"] in _PROSE
    return False


def _read_text(path: Path) -> str | None:
    try:
        with path.open("rb") as file:
            return file.read(MAX_FILE_BYTES + 1).decode("utf-8-sig", errors="replace")
    except OSError:
        return None


# ---------------------------------------------------------------- a ' #' that cuts a text


def cut_texts(doc: Document, root: type[BaseModel], text: str | None = None) -> list[Problem]:
    """A warning for each plain prose text that a ' #' comment cut short on its line."""
    text = _read_text(doc.path) if text is None else text
    if not text:
        return []
    try:
        # Read again from the same text, so the positions match; the marks say where
        # each plain text ended, which the Document does not keep.
        again = parse_yaml(text, doc.path)
        ends: dict[tuple[int, int], int] = {}
        for event in yaml.parse(text, Loader=_LOADER):
            first, last = event.start_mark, event.end_mark
            if isinstance(event, yaml.ScalarEvent) and not event.style and first and last:
                ends[(first.line + 1, first.column + 1)] = last.index
    except (ContentError, yaml.YAMLError):
        return []
    out = []
    for loc, where in again.values.items():
        end = ends.get(where)
        if end is None or not loc or not _is_prose(_hint_at(root, loc)):
            continue
        comment = _COMMENT.match(text, end)
        if comment is None or "\n" in text[end : comment.end()]:
            continue
        cut = "#" + comment.group(1).rstrip()
        out.append(
            again.problem(
                loc, f"the text stops before '{cut}': a ' #' starts a comment in YAML; put the text in quotes"
            )
        )
    return out


# ---------------------------------------------------------------- placeholders


def _strings(data: Any) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for value in data.values() for s in _strings(value)]
    if isinstance(data, list):
        return [s for value in data for s in _strings(value)]
    return []


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


@cache
def placeholders() -> frozenset[str]:
    """The placeholder texts of the scaffold's files, as `_normal` writes them."""
    found = set()
    for name in SCAFFOLD_FILES:
        path = scaffold_dir() / name
        # The $fields `new` fills in are the author's own (the title, the slug, the BLS
        # occupation): not placeholders. Every one of them, whatever the scaffold adds next.
        template = string.Template(path.read_text(encoding="utf-8"))
        source = template.safe_substitute({key: "" for key in template.get_identifiers()})
        for text in _strings(parse_yaml(source, path).data):
            if _PLACEHOLDER.search(text):
                found.add(_normal(text))
    return frozenset(found)


def _at(data: Any, loc: Loc) -> Any:
    for part in loc:
        data = data[part]
    return data


def placeholder_warnings(doc: Document) -> list[Problem]:
    """A warning for each text that is, or still holds, a placeholder of the scaffold."""
    known = placeholders()
    out = []
    for loc in doc.values:
        value = _at(doc.data, loc)
        if not isinstance(value, str) or not loc:
            continue
        normal = _normal(value)
        if normal in known or any(p in normal for p in known if len(p) >= 20):
            shown = value if len(value) <= 60 else value[:57] + "…"
            out.append(
                doc.problem(
                    loc,
                    f"still the placeholder '{shown}'; write the real text, "
                    "or delete the field if it is optional",
                )
            )
    return out
