"""Read a YAML file into plain data that remembers where every value was written.

The format is YAML without its surprises: every scalar stays the text the author
typed (``11:00`` is not 660, ``No`` is not False) and the models decide what a
number or a boolean is. Anchors, aliases, tags, duplicate keys and more than one
document are refused, each with its line and column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml

from careerbook.content.syntax import explain, parser_words
from careerbook.errors import ContentError, Problem
from careerbook.files import NotReadable, TooBig, read_capped
from careerbook.limits import MAX_DEPTH, MAX_FILE_BYTES, MAX_PROBLEMS

# LibYAML's parser, when PyYAML was built with it, reads a file in a tenth of the pure-Python
# parser's time (a cold build of a hundred careers waits for it). A file it refuses is read
# again by the Python parser, whose messages and positions say better what is wrong.
_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", None)

_YAML_TAG_PREFIX = "tag:yaml.org,2002:"

NULLS = frozenset({"", "~", "null", "Null", "NULL"})

Loc = tuple[str | int, ...]


@dataclass
class Document:
    """The data of one YAML file and the (line, column) of each value and key."""

    path: Path
    data: Any
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    # Problems that do not stop the reading; validation adds its own to them.
    problems: list[Problem] = field(default_factory=list)

    def position(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Where `loc` was written; for a missing value, where its parent was."""
        if key and loc in self.keys:
            return self.keys[loc]
        if loc in self.values:
            return self.values[loc]
        for end in range(len(loc) - 1, -1, -1):
            prefix = loc[:end]
            if prefix in self.values:
                return self.keys.get(prefix, self.values[prefix])
        return (1, 1)

    def problem(self, loc: Loc, message: str, *, key: bool = False) -> Problem:
        line, column = self.position(loc, key=key)
        return Problem(self.path, line, column, dotted(loc), message)


def dotted(loc: Loc) -> str:
    """`('work', 'time_split', 2, 'percent')` -> `work.time_split[2].percent`."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _Mark(Protocol):
    # yaml.error.Mark and the C loader's yaml._yaml.Mark both have these.
    line: int
    column: int


def _pos(mark: _Mark | None) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def _describe(event: yaml.Event) -> str:
    if isinstance(event, yaml.MappingStartEvent):
        return "a mapping"
    if isinstance(event, yaml.SequenceStartEvent):
        return "a list"
    return "a value"


class _Builder:
    """Turns PyYAML's event stream into data without ever resolving a type."""

    def __init__(self, path: Path) -> None:
        self.doc = Document(path, None)
        self.problems: list[Problem] = []
        # Each frame: [container, loc, pending key or None]
        self.stack: list[list[Any]] = []
        self.documents = 0

    def fail(self, event: yaml.Event, field_loc: Loc, message: str) -> None:
        line, column = _pos(event.start_mark)
        self.problems.append(Problem(self.doc.path, line, column, dotted(field_loc), message))
        if len(self.problems) >= MAX_PROBLEMS:
            # A file made of nothing but anchors or duplicates: a hundred are enough to say so.
            self.problems.append(
                Problem(self.doc.path, line, column, "", f"stopped reading after {MAX_PROBLEMS} problems")
            )
            raise _Abort

    def _forbid_extras(self, event: yaml.Event, loc: Loc) -> bool:
        anchor = getattr(event, "anchor", None)
        tag = getattr(event, "tag", None)
        if anchor is not None:
            self.fail(
                event,
                loc,
                f"anchors (&{anchor}) are not part of the career format; write the value out in full",
            )
            return False
        if tag is not None:
            # Show the tag as the author wrote it: `!!str`, not `tag:yaml.org,2002:str`.
            if tag.startswith(_YAML_TAG_PREFIX):
                tag = "!!" + tag[len(_YAML_TAG_PREFIX) :]
            self.fail(
                event,
                loc,
                f"tags ({tag}) are not part of the career format; remove the tag and write the plain value",
            )
            return False
        return True

    def _next_loc(self) -> Loc:
        """Where the next value would go: the pending key, or the next list item."""
        if not self.stack:
            return ()
        container, loc, pending = self.stack[-1]
        if isinstance(container, list):
            return (*loc, len(container))
        return loc if pending is None else (*loc, pending)

    def _attach(self, event: yaml.Event, value: Any) -> Loc | None:
        """Put a value where it belongs; return its loc, or None for a key."""
        if not self.stack:
            self.doc.data = value
            self.doc.values[()] = _pos(event.start_mark)
            return ()
        frame = self.stack[-1]
        container, loc, pending = frame
        if isinstance(container, list):
            here = (*loc, len(container))
            container.append(value)
        else:
            if pending is None:
                raise AssertionError("value without a key")  # pragma: no cover
            here = (*loc, pending)
            container[pending] = value
            frame[2] = None
        self.doc.values[here] = _pos(event.start_mark)
        return here

    def _take_key(self, event: yaml.Event) -> bool:
        """When a mapping waits for a key, read it; True if the event was a key."""
        if not self.stack:
            return False
        frame = self.stack[-1]
        container, loc, pending = frame
        if not isinstance(container, dict) or pending is not None:
            return False
        if isinstance(event, yaml.MappingEndEvent):
            return False
        if not isinstance(event, yaml.ScalarEvent):
            self.fail(event, loc, f"a key must be a plain name, not {_describe(event)}")
            raise _Abort
        key = event.value
        here = (*loc, key)
        if key in container:
            first = self.doc.keys[here][0]
            self.fail(event, here, f"duplicate key '{key}' (first written on line {first}); keep only one")
        else:
            self.doc.keys[here] = _pos(event.start_mark)
        frame[2] = key
        return True

    def feed(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self.fail(event, (), "a career file holds one document; remove the extra '---'")
                raise _Abort
            return
        if isinstance(event, yaml.StreamStartEvent | yaml.StreamEndEvent | yaml.DocumentEndEvent):
            return
        if isinstance(event, yaml.AliasEvent):
            self.fail(
                event,
                self._next_loc(),
                f"aliases (*{event.anchor}) are not part of "
                "the career format; write the value out in full (a text that starts with "
                "'*' goes in quotes)",
            )
            raise _Abort
        if self._take_key(event):
            self._forbid_extras(event, (*self.stack[-1][1], self.stack[-1][2]))
            return
        if isinstance(event, yaml.ScalarEvent):
            plain = not event.style  # None from the Python parser, "" from LibYAML
            value = None if plain and event.value in NULLS else event.value
            loc = self._attach(event, value)
            self._forbid_extras(event, loc or ())
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            if len(self.stack) >= MAX_DEPTH:
                self.fail(
                    event,
                    self.stack[-1][1],
                    f"nested deeper than {MAX_DEPTH} levels; a career file is never that deep",
                )
                raise _Abort
            container: dict[str, Any] | list[Any] = {} if isinstance(event, yaml.MappingStartEvent) else []
            loc = self._attach(event, container)
            self._forbid_extras(event, loc or ())
            self.stack.append([container, loc or (), None])
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            self.stack.pop()


class _Abort(Exception):
    """Stop reading: what follows cannot be read sensibly."""


def parse_yaml(text: str, path: Path) -> Document:
    """Parse `text` (the content of `path`) or raise ContentError with every problem."""
    if _FAST_LOADER is not None:
        builder = _Builder(path)
        try:
            for event in yaml.parse(text, Loader=_FAST_LOADER):
                builder.feed(event)
        except _Abort:
            raise ContentError(builder.problems) from None
        except yaml.YAMLError:
            pass  # read again below, for the Python parser's message
        else:
            builder.doc.problems = builder.problems
            return builder.doc
    return _parse_slowly(text, path)


def _parse_slowly(text: str, path: Path) -> Document:
    builder = _Builder(path)
    aborted = False
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            builder.feed(event)
    except _Abort:
        aborted = True
    except yaml.MarkedYAMLError as exc:
        aborted = True
        said = explain(text, exc)  # the parser's words are kept for --debug only
        builder.problems.append(
            Problem(
                path, said.line, said.column, "", f"YAML syntax: {said.message}", detail=parser_words(exc)
            )
        )
    except yaml.reader.ReaderError as exc:
        # A control character (often pasted in from another program): say where it is.
        aborted = True
        before = text[: exc.position]
        line, column = before.count("\n") + 1, exc.position - before.rfind("\n")
        builder.problems.append(
            Problem(
                path,
                line,
                column,
                "",
                f"character U+{exc.character:04X} is not allowed in YAML; "
                "delete it (it is invisible in most editors)",
            )
        )
    except yaml.YAMLError as exc:
        aborted = True
        builder.problems.append(Problem(path, 1, 1, "", f"YAML syntax: {exc}"))
    if aborted:
        raise ContentError(builder.problems)
    builder.doc.problems = builder.problems
    return builder.doc


def _too_big(path: Path, size: int | None) -> ContentError:
    said = f"{size:,} bytes" if size is not None else f"more than {MAX_FILE_BYTES:,} bytes"
    return ContentError(
        [
            Problem(
                path, 1, 1, "", f"file is {said}; the limit is {MAX_FILE_BYTES:,} (split the text or trim it)"
            )
        ]
    )


def read_yaml(path: Path, inside: Sequence[Path] = ()) -> Document:
    """Read a YAML file from disk, with the size and encoding checks of the format.

    Only a regular file is read (a pipe or a device named like a career file
    would hang the build), never more than the size cap, and with `inside`, only
    a file that really lies in one of those folders (files.read_capped).
    """
    try:
        raw = read_capped(path, MAX_FILE_BYTES, inside)
    except TooBig as exc:
        raise _too_big(path, exc.size) from None
    except NotReadable as exc:
        raise ContentError([Problem(path, 1, 1, "", str(exc))]) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ContentError([Problem(path, 1, 1, "", f"cannot read file: {reason}")]) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        message = "not UTF-8 text; save the file as UTF-8"
        raise ContentError([Problem(path, line, 1, "", message)]) from exc
    return parse_yaml(text, path)
