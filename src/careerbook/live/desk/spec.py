"""The career form's fields: which inputs a career file has in the desk, with their labels,
kinds and hints (`CAREER`), and how an input is named after its place in the file
(`work.time_split[2].percent`), as `careerbook validate` names a field.

forms.py turns a career's data into these inputs' values and back; the templates draw them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TEXT_HELP = (
    "Markdown you may use: a blank line between paragraphs, **bold**, *italic*, "
    "lines starting with “- ” for a bullet list, and links [words](https://…)."
)


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
    Many(
        "related",
        "Related careers",
        Input("", "Related career"),
        "a related career",
        hint="Titles or slugs of other careers.",
    ),
    Group(
        "fit",
        "Who it suits",
        (Input("worth_it_if", "Worth a look if …", "text"), Input("maybe_not_if", "Maybe not if …", "text")),
    ),
    Group(
        "work",
        "The work",
        (
            Input("summary", "What the days are like", "text", required=True),
            Many(
                "time_split",
                "How the time splits",
                (Input("activity", "Activity"), Input("percent", "Percent", "number")),
                "a slice",
                hint="2–12 slices; the percents add up to 100.",
            ),
            Input("time_split_note", "How the split changes", "text"),
            Input("time_split_source", "Where the split comes from", "text"),
        ),
    ),
    Group(
        "typical_day",
        "A typical day",
        (
            Input("title", "Heading"),
            Many(
                "steps",
                "Steps",
                (
                    Input("time", "Time", hint="As written: 9:30 am"),
                    Input("title", "Title"),
                    Input("text", "What it is like", "text"),
                ),
                "a step",
                hint="1–12 steps, in order.",
            ),
            Input("note", "Caption", "text"),
        ),
    ),
    Group(
        "signals",
        "Signals",
        (
            Input("intro", "Lead-in", "text"),
            Many("fits", "It's their thing when …", Input("", "Sign", "text"), "a sign it fits"),
            Many(
                "misfits", "It isn't their thing when …", Input("", "Sign", "text"), "a sign it does not fit"
            ),
        ),
    ),
    Group(
        "start_here", "Start here", (Input("title", "A first project"), Input("text", "What to do", "text"))
    ),
    Group(
        "how_to_get_there",
        "How to get there",
        (
            Input("title", "Heading"),
            Input("education", "Education", "text"),
            Input("training", "Training", "text"),
            Input("credentials", "Credentials", "text"),
            Many("steps", "Steps", Input("", "Step", "text"), "a step", hint="2–6 steps, in order."),
        ),
        hint="Give at least one of education, training, credentials and steps.",
    ),
    Group(
        "pay",
        "Pay",
        (
            Input("headline", "Heading"),
            Input("summary", "About pay", "text"),
            Input("currency", "Currency", hint="ISO code such as USD; OEWS ranges need USD."),
            Input("period", "Period", "choice", choices=("", "year", "hour")),
            Many(
                "ranges",
                "Pay ranges",
                (
                    Input(
                        "kind",
                        "Kind",
                        "choice",
                        choices=RANGE_KINDS,
                        hint="typed: figures you type; oews: BLS wages for an SOC code.",
                    ),
                    Input("label", "Label"),
                    Input("oews", "SOC code (oews ranges)"),
                    Input("low", "Low (typed)", "number"),
                    Input("median", "Median (typed)", "number"),
                    Input("high", "High (typed)", "number"),
                    Input("open_high", "Open top, like $500K+ (typed)", "bool"),
                ),
                "a pay range",
                hint="1–8 ranges; plain figures such as 34000.",
            ),
            Group(
                "growth",
                "Job growth",
                (
                    Input("low", "Low, percent", "number"),
                    Input("high", "High, percent", "number"),
                    Input("label", "What it is for"),
                ),
            ),
            Input("note", "Caveats", "text"),
        ),
    ),
    Group(
        "outlook",
        "Outlook",
        (Input("where_its_going", "Where it's going", "text"), Input("right_now", "Right now", "text")),
    ),
    Many("sources", "Sources", (Input("text", "Source", "text"), Input("url", "Web address")), "a source"),
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
