"""YAML syntax errors in an author's words, at the line where the mistake starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from refusals import BASE, problems

# Words of PyYAML's grammar that mean nothing to an author.
JARGON = (
    "block mapping",
    "block collection",
    "<scalar>",
    "<block end>",
    "token",
    "while parsing",
    "while scanning",
    "flow sequence",
    "flow mapping",
    "mapping values",
    "simple key",
    "stream",
    "<document start>",
)

# A valid career below the broken lines, so the parser stops far from the mistake.
TAIL = """\
work:
  summary: Outdoors.
  time_split:
    - activity: "Hives"
      percent: 60
    - activity: Sales
      percent: 40
closing: "Try it."
"""


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        # An unclosed double quote runs on to the next quote, many lines down.
        ('title: Beekeeper\nsummary: "Bees, honey\n' + TAIL, 2, 'double quote (") is not closed on its line'),
        # ... or to the end of the file.
        ("title: Beekeeper\nsummary: Bees.\n" + TAIL + 'dated: "2026-06\n', 11, "is never closed"),
        (
            "title: Beekeeper\nsummary: 'Bees, honey\n" + TAIL.replace("Sales", "Sale's"),
            2,
            "single quote (') is not closed on its line",
        ),
        ("title: Beekeeper\nsummary: 'it's bees'\n" + TAIL, 2, "apostrophe inside a text in single quotes"),
        ('title: Beekeeper\nsummary: "Bees" and honey\n' + TAIL, 2, "a text after the closing double quote"),
        ("title: Beekeeper\nsummary: Bees.\nwork:\n\tsummary: Outdoors.\n", 4, "a tab; indent with spaces"),
        (
            "title: Beekeeper\nsummary: Note: bees sting\n" + TAIL,
            2,
            "a ': ' inside a text; put the text in quotes",
        ),
        ("title:Beekeeper\nsummary: Bees.\n" + TAIL, 1, "needs a space after its ':'"),
        (
            "title: Beekeeper\nsummary: Bees.\nwork:\n  summary: Outdoors.\n    time_split: x\n",
            5,
            "'time_split' is indented more than the text above it",
        ),
        (
            "title: Beekeeper\nsummary: Bees.\nwork:\n  summary: Outdoors.\n time_split: x\n",
            5,
            "indented less than the ones above it",
        ),
        (
            "title: Beekeeper\nrelated:\n  - Farmer\n - Gardener\nsummary: Bees.\n",
            4,
            "'-' item is indented less",
        ),
        ("title: Beekeeper\nsummary: Bees.\n- Gardener\n" + TAIL, 3, "a list item ('- ') among names"),
        (
            "title: Beekeeper\nrelated: [Farmer, Gardener\nsummary: Bees.\n" + TAIL,
            2,
            "this '[' is never closed",
        ),
        ("title: Beekeeper\nfit: {worth_it_if: bees\nsummary: Bees.\n" + TAIL, 2, "this '{' is never closed"),
        ("title: Beekeeper\nsummary: Bees.\n}\n" + TAIL, 3, "a '}' with no '{' before it"),
        ("title: Beekeeper\nsummary: @bees on every channel\n" + TAIL, 2, "cannot start with '@'"),
        ("title: Beekeeper\nsummary: `bees`\n" + TAIL, 2, "cannot start with '`'"),
        ("title: Beekeeper\nsummary: %30 of the year outdoors\n" + TAIL, 2, "cannot start with '%'"),
        ("title: Beekeeper\nsummary: *very* outdoors\n" + TAIL, 2, "cannot start with '*'"),
        ("title: Beekeeper\nsummary: & more\n" + TAIL, 2, "cannot start with '&'"),
        ("title: Beekeeper\nsummary: : Bees.\n" + TAIL, 2, "two ':' in a row"),
        ("title: Beekeeper\nsummary\n" + TAIL, 2, "this line has no ':'"),
        ("title: Beekeeper\nsummary: > Bees\n" + TAIL, 2, "cannot start with '>' on this line"),
        (
            "title: Beekeeper\nwork:\n  - summary: Outdoors.\n  time_split: x\n",
            4,
            "a name among the '- ' items of a list",
        ),
    ],
)
def test_syntax_error_is_said_plainly_where_it_starts(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    found = problems(tmp_path, text)
    assert len(found) == 1, found
    assert found[0].line == line, found[0]
    assert words in found[0].message
    assert not [j for j in JARGON if j in found[0].message.lower()], found[0].message
    assert found[0].detail  # the parser's own words, kept for --debug


def test_parser_words_are_kept_as_the_detail(tmp_path: Path) -> None:
    found = problems(tmp_path, 'title: Beekeeper\nsummary: "Bees, honey\n' + TAIL)
    assert found[0].detail is not None
    assert "while parsing a block mapping" in found[0].detail
    assert "while parsing" not in str(found[0])  # printed normally: the author's words only


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (BASE.replace("summary: Bees.", "summary:: Bees."), "'summary:' has one ':' too many"),
        (BASE.replace("summary: Bees.", "\ufeffsummary: Bees."), "invisible character (U+FEFF)"),
        (BASE.replace("summary: Bees.", "\u00a0summary: Bees."), "invisible character (U+00A0)"),
        (BASE + "related:\n  -Farmer\n", "with a space after the '-'"),
        (BASE + "related: *farmer\n", "a text that starts with '*' goes in quotes"),
    ],
)
def test_mistakes_yaml_accepts_are_explained_too(tmp_path: Path, text: str, words: str) -> None:
    found = problems(tmp_path, text)
    assert any(words in p.message for p in found), found
