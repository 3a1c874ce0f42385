"""Save a form into a YAML file the author wrote, keeping what the form did not change.

In: the file's text and the form's nested data (forms.data_of). Out: the new text, with
ruamel.yaml's round trip: the author's comments, the order of keys and the quoting of every
value left as it was stay; a changed value keeps its quoting style; keys the form does not
know (a typo such as `titel`) are never dropped. `save` writes it with files.write_atomic,
refusing a file that changed on disk since the form was opened (its sha256).
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from careerbook.files import write_atomic
from careerbook.live.desk.spec import CAREER, Group, Input, Many, Node

_STYLES = (LiteralScalarString, FoldedScalarString, DoubleQuotedScalarString, SingleQuotedScalarString)


class ChangedOnDisk(Exception):
    """The file is not the one the form was made from."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # a long line stays one line, as the author wrote it
    return yaml


def load(text: str) -> Any:
    """The round-trip tree of a YAML text (an empty mapping for an empty file)."""
    data = _yaml().load(text)
    return data if data is not None else CommentedMap()


def dump(tree: Any) -> str:
    out = io.StringIO()
    _yaml().dump(tree, out)
    return out.getvalue()


def updated(text: str, data: Mapping[str, Any], spec: tuple[Node, ...] = CAREER) -> str:
    """`text` with the form's `data` laid over it."""
    tree = load(text)
    if not isinstance(tree, CommentedMap):
        tree = CommentedMap()
    _merge_map(tree, data, spec)
    return dump(tree)


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, bool) or isinstance(new, bool):
        return old is new or old == new
    if old == new:
        return True
    return str(old).strip() == str(new).strip() if old is not None else False


def _styled(old: Any, new: Any) -> Any:
    """A changed value in the style of the one it replaces; a new text of many lines as a block."""
    if isinstance(new, str):
        for style in _STYLES:
            if isinstance(old, style):
                return (
                    style(new)
                    if style is not FoldedScalarString or "\n" not in new
                    else LiteralScalarString(new)
                )
        if "\n" in new:
            return LiteralScalarString(new)
    return new


def _merge_value(old: Any, new: Any, node: Node | None) -> Any:
    if isinstance(node, Group) and isinstance(old, CommentedMap) and isinstance(new, Mapping):
        _merge_map(old, new, node.parts)
        return old
    if (
        isinstance(node, Many)
        and isinstance(old, CommentedSeq)
        and isinstance(new, Sequence)
        and not isinstance(new, str)
    ):
        _merge_seq(old, new, node)
        return old
    if _same(old, new):
        return old
    return _fresh(new, old)


def _fresh(new: Any, old: Any = None) -> Any:
    if isinstance(new, Mapping):
        out = CommentedMap()
        for key, value in new.items():
            out[key] = _fresh(value)
        return out
    if isinstance(new, Sequence) and not isinstance(new, str):
        seq = CommentedSeq()
        seq.extend(_fresh(v) for v in new)
        return seq
    return _styled(old, new)


def _merge_map(tree: CommentedMap, data: Mapping[str, Any], spec: tuple[Node, ...]) -> None:
    known = {node.key: node for node in spec}
    for key in [k for k in tree if k in known and k not in data]:
        node = known[key]
        if isinstance(node, Input) and node.kind == "bool" and tree[key] is False:
            continue  # a written `draft: false` stays: unticked means the same
        del tree[key]
    order = [node.key for node in spec]
    for key, value in data.items():
        if key in tree:
            merged = _merge_value(tree[key], value, known.get(key))
            if merged is not tree[key]:
                tree[key] = merged
            continue
        # A new key goes after the last key that comes before it in the format's order.
        before = order[: order.index(key)] if key in order else order
        keys = list(tree.keys())
        position = max((keys.index(k) + 1 for k in before if k in tree), default=0)
        tree.insert(position, key, _fresh(value))


def _merge_seq(seq: CommentedSeq, items: Sequence[Any], node: Many) -> None:
    item_node: Node | None = Group("", "", node.item) if isinstance(node.item, tuple) else node.item
    for i, value in enumerate(items):
        if i < len(seq):
            old = seq[i]
            if isinstance(old, str) and isinstance(value, Mapping) and node.key == "sources":
                seq[i] = _fresh(value)
                continue
            merged = _merge_value(old, value, item_node)
            if merged is not old:
                seq[i] = merged
        else:
            seq.append(_fresh(value))
    del seq[len(items) :]


def save(path: Path, text: str, expected_sha: str) -> None:
    """Write `text` to `path` atomically, unless the file is no longer what the form was made
    from (ChangedOnDisk)."""
    current = path.read_bytes() if path.exists() else b""
    if sha256(current) != expected_sha:
        raise ChangedOnDisk(str(path))

    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")

    write_atomic(path, write)
