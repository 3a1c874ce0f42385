"""A career file as form fields and back: flat values, nested data (the fields: spec.py).

Every input is named by its place in the file, as `careerbook validate` names a field
(`work.time_split[2].percent`), so a problem is shown beside the input it belongs to.
In: a career's data (a mapping read from YAML) or a submitted form (name -> text). Out:
`FormState` (flat values, the problems by input name) or nested data for yaml_edit.py.
Only fields of the spec are read from a form; unknown keys of a file are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from careerbook.live.desk.spec import CAREER, Group, Input, Many, Node, join


@dataclass
class FormState:
    """What a form shows: the values by name, list lengths, and messages by name."""

    values: dict[str, str]
    problems: dict[str, list[str]] = field(default_factory=dict)
    warnings: dict[str, list[str]] = field(default_factory=dict)
    unplaced: list[str] = field(default_factory=list)  # problems with no input of their own

    def value(self, name: str) -> str:
        return self.values.get(name, "")

    def count(self, name: str) -> int:
        """How many items the list `name` has in the form."""
        pattern = re.compile(re.escape(name) + r"\[(\d+)\]")
        found = [int(m.group(1)) for k in self.values if (m := pattern.match(k))]
        return max(found) + 1 if found else 0


# ---------------------------------------------------------------- data -> values


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def values_of(data: Mapping[str, Any] | None, spec: Iterable[Node] = CAREER) -> dict[str, str]:
    """The flat form values of a career's data."""
    out: dict[str, str] = {}
    _fill(out, "", data if isinstance(data, Mapping) else {}, tuple(spec))
    return out


def _fill(out: dict[str, str], prefix: str, data: Mapping[str, Any], spec: tuple[Node, ...]) -> None:
    for node in spec:
        name = join(prefix, node.key)
        value = data.get(node.key)
        if isinstance(node, Input):
            out[name] = (
                _text(value)
                if node.kind != "yesno" or not isinstance(value, bool)
                else ("true" if value else "false")
            )
        elif isinstance(node, Group):
            _fill(out, name, value if isinstance(value, Mapping) else {}, node.parts)
        else:
            for i, item in enumerate(value if isinstance(value, list) else []):
                item_name = join(name, i)
                if isinstance(node.item, Input):
                    out[item_name] = _text(item)
                    continue
                if isinstance(item, str):  # a source written as plain text
                    item = {"text": item}
                item = item if isinstance(item, Mapping) else {}
                if node.key == "ranges":
                    out[join(item_name, "kind")] = "oews" if "oews" in item else "typed"
                for part in node.item:
                    if part.key != "kind" or node.key != "ranges":
                        out[join(item_name, part.key)] = _text(item.get(part.key))


# ---------------------------------------------------------------- values -> data


def _number(text: str) -> Any:
    try:
        return int(text)
    except ValueError:
        pass
    try:
        number = float(text)
    except ValueError:
        return text  # validation says what is wrong with it
    return int(number) if number.is_integer() else number


def _scalar(node: Input, raw: str) -> Any:
    if node.kind == "bool":
        return raw in ("true", "on", "yes", "1")
    if node.kind == "yesno":
        return {"true": True, "false": False}.get(raw.strip())
    text = raw.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return None
    if node.kind == "number":
        return _number(text)
    return text


def data_of(values: Mapping[str, str], spec: Iterable[Node] = CAREER) -> dict[str, Any]:
    """Nested data from flat form values: empty inputs, items and sections are left out."""
    return _build(values, "", tuple(spec)) or {}


def _count(values: Mapping[str, str], name: str) -> int:
    return FormState(dict(values)).count(name)


def _build(values: Mapping[str, str], prefix: str, spec: tuple[Node, ...]) -> dict[str, Any] | None:
    out: dict[str, Any] = {}
    for node in spec:
        name = join(prefix, node.key)
        value: Any
        if isinstance(node, Input):
            value = _scalar(node, values.get(name, ""))
            if value is False and node.kind == "bool":
                value = None  # an unticked box: the default; yaml_edit keeps a written `false`
        elif isinstance(node, Group):
            value = _build(values, name, node.parts)
        else:
            value = [
                item
                for i in range(_count(values, name))
                if (item := _item(values, node, join(name, i))) is not None
            ] or None
        if value is not None:
            out[node.key] = value
    return out or None


def _item(values: Mapping[str, str], node: Many, name: str) -> Any:
    if isinstance(node.item, Input):
        return _scalar(node.item, values.get(name, ""))
    parts = node.item
    if node.key == "ranges":
        oews = values.get(join(name, "kind"), "typed") == "oews"
        keep = {"label", "oews"} if oews else {"label", "low", "median", "high", "open_high"}
        parts = tuple(p for p in parts if p.key in keep)
    item = _build(values, name, parts)
    if item is not None and node.key == "sources" and set(item) == {"text"}:
        return item["text"]  # a source without a web address is written as plain text
    return item


# ---------------------------------------------------------------- lists that grow and shrink


def added(values: dict[str, str], name: str) -> dict[str, str]:
    """The values with one more (empty) item at the end of the list `name`."""
    out = dict(values)
    node = find(name)
    index = _count(values, name)
    if isinstance(node, Many) and isinstance(node.item, tuple):
        for part in node.item:
            out[join(join(name, index), part.key)] = "typed" if part.key == "kind" else ""
    else:
        out[join(name, index)] = ""
    return out


def removed(values: dict[str, str], item: str) -> dict[str, str]:
    """The values without the list item `item` (`work.time_split[1]`); later items move up."""
    match = re.fullmatch(r"(.+)\[(\d+)\]", item)
    if not match:
        return dict(values)
    name, gone = match.group(1), int(match.group(2))
    pattern = re.compile(re.escape(name) + r"\[(\d+)\](.*)", re.DOTALL)
    out = {}
    for key, value in values.items():
        m = pattern.fullmatch(key)
        if m is None:
            out[key] = value
        elif (index := int(m.group(1))) != gone:
            out[f"{name}[{index - (index > gone)}]{m.group(2)}"] = value
    return out


def find(name: str, spec: tuple[Node, ...] = CAREER) -> Node | None:
    """The spec node of a list or field name (indices ignored)."""
    parts = re.sub(r"\[\d+\]", "", name).split(".")
    nodes: tuple[Node, ...] = spec
    found: Node | None = None
    for part in parts:
        found = next((n for n in nodes if n.key == part), None)
        if found is None:
            return None
        nodes = (
            found.parts
            if isinstance(found, Group)
            else (found.item if isinstance(found, Many) and isinstance(found.item, tuple) else ())
        )
    return found


# ---------------------------------------------------------------- problems beside their inputs


def names_of(values: Mapping[str, str], spec: tuple[Node, ...] = CAREER, prefix: str = "") -> set[str]:
    """Every name the form shows: inputs, sections, lists and list items."""
    out: set[str] = set()
    for node in spec:
        name = join(prefix, node.key)
        out.add(name)
        if isinstance(node, Group):
            out |= names_of(values, node.parts, name)
        elif isinstance(node, Many):
            for i in range(_count(values, name)):
                item = join(name, i)
                out.add(item)
                if isinstance(node.item, tuple):
                    out |= {join(item, p.key) for p in node.item}
    return out


def place(field_name: str, names: set[str]) -> str | None:
    """The input (or section) a problem's field belongs to: itself, else its nearest parent."""
    name = field_name
    while name:
        if name in names:
            return name
        cut = max(name.rfind("."), name.rfind("["))
        name = name[:cut] if cut > 0 else ""
    return None
