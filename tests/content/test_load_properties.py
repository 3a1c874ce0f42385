"""Property tests: whatever bytes a career file holds, the loader answers with a ContentError.

Hypothesis feeds `load_career` random text and mutations of a valid career
file (keys dropped or renamed, values of the wrong type, YAML syntax injected).
The only acceptable outcomes are a Career or careerbook's own ContentError with
at least one problem, each pointing at a line and column inside the file.
"""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerbook.content.models import Career
from careerbook.content.validate import load_career
from careerbook.errors import ContentError

VALID = (Path(__file__).parents[1] / "data" / "careers" / "full.yaml").read_text(encoding="utf-8")
VALID_TREE = yaml.load(VALID, Loader=yaml.CSafeLoader)
# One folder for every example: the file is rewritten each time.
FOLDER = Path(tempfile.mkdtemp(prefix="careerbook-properties-"))
# Modest counts keep the file under a few seconds; derandomized so a failure repeats.
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Fragments of YAML syntax that break or bend a file when dropped into it.
SYNTAX = [
    "&a ",
    "*a",
    "!!python/object:os.system ",
    "!tag ",
    "? ",
    "- ",
    ": ",
    "{",
    "}",
    "[",
    "]",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "|\n",
    ">-\n",
    "'",
    '"',
    "\t",
    "#",
    "<<: ",
    "\x00",
    "\ufeff",
    "\x85",
    "\u2028",
    "@",
    "`",
    "~",
    "null",
    "1e999",
    "-0",
    ".nan",
    "0x1F",
    "11:00",
    "NO",
    "on",
    "012345",
    "1.10",
    "{{ 7*7 }}",
    "<b>x</b>",
    "\\",
    "%",
]
VALUES: list[Any] = [
    None,
    "",
    "text",
    0,
    -1,
    1e308,
    101,
    True,
    [],
    {},
    [1, 2],
    {"x": 1},
    [{"activity": "A", "percent": 50}],
    "NO",
    "11:00",
    "a" * 300,
]


def _check(text: str | bytes) -> None:
    path = FOLDER / "career.yaml"
    path.write_bytes(text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text)
    try:
        career = load_career(path)
    except ContentError as exc:
        assert exc.problems, "a refused file must say why"
        # YAML breaks lines at \r, \x85 and \u2028 too; splitlines knows them all.
        lines = len((text if isinstance(text, str) else text.decode("utf-8", "replace")).splitlines()) + 1
        for problem in exc.problems:
            assert problem.path == path
            assert 1 <= problem.line <= lines + 1, problem
            assert problem.column >= 1, problem
            assert problem.message
    else:
        assert isinstance(career, Career)


@SETTINGS
@given(st.text(max_size=400))
def test_random_text_is_a_career_or_a_content_error(text: str) -> None:
    _check(text)


@SETTINGS
@given(st.binary(max_size=200))
def test_random_bytes_are_a_career_or_a_content_error(data: bytes) -> None:
    _check(data)


@SETTINGS
@given(st.data())
def test_text_mutations_of_a_valid_file(data: st.DataObject) -> None:
    """Insert, delete or replace a few characters of a valid file, YAML syntax included."""
    text = VALID
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        action = data.draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = data.draw(st.sampled_from(SYNTAX) | st.text(max_size=5))
        if action == "insert":
            text = text[:at] + piece + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + data.draw(st.integers(1, 40)) :]
        else:
            line_start = text.rfind("\n", 0, at) + 1
            line_end = text.find("\n", at)
            line_end = len(text) if line_end < 0 else line_end
            text = text[:line_start] + piece + text[line_end:]
    _check(text)


def _paths(node: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [here]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*here, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _paths(value, (*here, i))
    return out


@settings(SETTINGS, max_examples=40)
@given(st.data())
def test_structural_mutations_of_a_valid_file(data: st.DataObject) -> None:
    """Drop or rename keys, put values of the wrong type anywhere, then write it back as YAML."""
    tree = copy.deepcopy(VALID_TREE)
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(_paths(tree)[1:]))
        parent = tree
        for part in path[:-1]:
            parent = parent[part]
        last = path[-1]
        action = data.draw(st.sampled_from(["drop", "rename", "retype"]))
        if action == "drop":
            del parent[last]
        elif action == "rename" and isinstance(parent, dict):
            parent[data.draw(st.text(min_size=1, max_size=12))] = parent.pop(last)
        else:
            parent[last] = data.draw(
                st.sampled_from(VALUES) | st.text(max_size=20) | st.floats(allow_nan=True) | st.integers()
            )
    _check(yaml.dump(tree, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False))
