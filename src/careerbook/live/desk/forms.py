"""A career file as form fields and back: the form's spec, flat values, nested data.

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

TEXT_HELP = ("Markdown you may use: a blank line between paragraphs, **bold**, *italic*, "
             "lines starting with “- ” for a bullet list, and links [words](https://…).")


@dataclass(frozen=True)
class Input:
    """One input: a name relative to its parent, a label, a kind and a hint."""

    key: str
    label: str
    kind: str = "line"  # line, text, number, bool (a box), yesno (true, false or unset), choice, color
    hint: str = ""
    choices: tuple[str, ...] = ()
    required: bool = False


@dataclass(frozen=True)
class Group:
    """A mapping of inputs (a fieldset), e.g. `fit`."""

    key: str
    label: str
    parts: tuple[Node, ...]
    hint: str = ""


@dataclass(frozen=True)
class Many:
    """A list that grows and shrinks: of one input (texts) or of groups of inputs."""

    key: str
    label: str
    item: Input | tuple[Input, ...]
    noun: str  # "a step": the add button says "Add a step"
    hint: str = ""


Node = Input | Group | Many

NUMBER_KEYS = frozenset({"percent", "low", "median", "high"})
RANGE_KINDS = ("typed", "oews")

CAREER: tuple[Node, ...] = (
    Input("title", "Title", required=True, hint="1–80 characters."),
    Input("slug", "Slug", hint="Lowercase letters, digits and hyphens; default the file's name."),
    Input("lang", "Language", hint="A language tag such as en or es; default the book's."),
    Input("cluster", "Career cluster", hint="Groups careers in a booklet."),
    Input("soc", "SOC code", hint="The nearest BLS occupation, like 27-4014."),
    Input("summary", "Summary", "text", required=True, hint="The lede under the title."),
    Many("related", "Related careers", Input("", "Related career"), "a related career",
         hint="Titles or slugs of other careers."),
    Group("fit", "Who it suits", (
        Input("worth_it_if", "Worth a look if …", "text"),
        Input("maybe_not_if", "Maybe not if …", "text"))),
    Group("work", "The work", (
        Input("summary", "What the days are like", "text", required=True),
        Many("time_split", "How the time splits", (
            Input("activity", "Activity"), Input("percent", "Percent", "number")), "a slice",
            hint="2–12 slices; the percents add up to 100."),
        Input("time_split_note", "How the split changes", "text"),
        Input("time_split_source", "Where the split comes from", "text"))),
    Group("typical_day", "A typical day", (
        Input("title", "Heading"),
        Many("steps", "Steps", (
            Input("time", "Time", hint="As written: 9:30 am"), Input("title", "Title"),
            Input("text", "What it is like", "text")), "a step", hint="1–12 steps, in order."),
        Input("note", "Caption", "text"))),
    Group("signals", "Signals", (
        Input("intro", "Lead-in", "text"),
        Many("fits", "It's their thing when …", Input("", "Sign", "text"), "a sign it fits"),
        Many("misfits", "It isn't their thing when …", Input("", "Sign", "text"),
             "a sign it does not fit"))),
    Group("start_here", "Start here", (
        Input("title", "A first project"), Input("text", "What to do", "text"))),
    Group("how_to_get_there", "How to get there", (
        Input("title", "Heading"), Input("education", "Education", "text"),
        Input("training", "Training", "text"), Input("credentials", "Credentials", "text"),
        Many("steps", "Steps", Input("", "Step", "text"), "a step", hint="2–6 steps, in order.")),
        hint="Give at least one of education, training, credentials and steps."),
    Group("pay", "Pay", (
        Input("headline", "Heading"), Input("summary", "About pay", "text"),
        Input("currency", "Currency", hint="ISO code such as USD; OEWS ranges need USD."),
        Input("period", "Period", "choice", choices=("", "year", "hour")),
        Many("ranges", "Pay ranges", (
            Input("kind", "Kind", "choice", choices=RANGE_KINDS,
                  hint="typed: figures you type; oews: BLS wages for an SOC code."),
            Input("label", "Label"), Input("oews", "SOC code (oews ranges)"),
            Input("low", "Low (typed)", "number"), Input("median", "Median (typed)", "number"),
            Input("high", "High (typed)", "number"),
            Input("open_high", "Open top, like $500K+ (typed)", "bool")), "a pay range",
            hint="1–8 ranges; plain figures such as 34000."),
        Group("growth", "Job growth", (
            Input("low", "Low, percent", "number"), Input("high", "High, percent", "number"),
            Input("label", "What it is for"))),
        Input("note", "Caveats", "text"))),
    Group("outlook", "Outlook", (
        Input("where_its_going", "Where it's going", "text"),
        Input("right_now", "Right now", "text"))),
    Many("sources", "Sources", (Input("text", "Source", "text"), Input("url", "Web address")),
         "a source"),
    Input("dated", "Dated", hint="YYYY-MM or YYYY-MM-DD."),
    Input("closing", "Closing line", "text"),
    Input("draft", "Draft (every page says Draft)", "bool"),
)


def join(prefix: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{prefix}[{key}]"
    if not key:
        return prefix
    return f"{prefix}.{key}" if prefix else key


def input_id(name: str) -> str:
    """An element id for a field name: `work.time_split[2].percent` -> `f-work-time_split-2-percent`."""
    return "f-" + re.sub(r"[^A-Za-z0-9_]+", "-", name).strip("-")


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
            out[name] = _text(value) if node.kind != "yesno" or not isinstance(value, bool) \
                else ("true" if value else "false")
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
            value = [item for i in range(_count(values, name))
                     if (item := _item(values, node, join(name, i))) is not None] or None
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
        nodes = found.parts if isinstance(found, Group) else (
            found.item if isinstance(found, Many) and isinstance(found.item, tuple) else ())
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
