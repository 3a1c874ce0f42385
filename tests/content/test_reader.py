"""The YAML loader: scalars stay as written, positions are kept, YAML extras are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from careerbook.content import reader as load
from careerbook.content.reader import dotted, parse_yaml, read_yaml
from careerbook.content.validate import load_career
from careerbook.errors import ContentError, Problem
from refusals import BASE, problems


def where(found: list[Problem]) -> list[tuple[int, int, str]]:
    return [(p.line, p.column, p.field) for p in found]


def data(text: str) -> object:
    return parse_yaml(text, Path("x.yaml")).data


# --- scalars stay the text the author typed --------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "11:00",
        "3:00",
        "12:30",
        "1:30:00",
        "No",
        "no",
        "NO",
        "on",
        "On",
        "off",
        "yes",
        "Yes",
        "y",
        "n",
        "true",
        "False",
        "012345",
        "1.10",
        "0x1F",
        "0o17",
        "1e3",
        "+12",
        "1_000",
        ".inf",
        "-.inf",
        ".nan",
        "2026-06-01",
        "2026-06",
        "=",
        "<<",
    ],
)
def test_plain_scalars_are_never_resolved(written: str) -> None:
    assert data(f"key: {written}\n") == {"key": written}
    assert data(f"- {written}\n") == [written]


@pytest.mark.parametrize("written", ["'No'", '"11:00"', "'012345'", '"1.10"', "|-\n  on"])
def test_quoted_and_block_scalars_are_text(written: str) -> None:
    assert data(f"key: {written}\n") == {"key": written.split("\n")[-1].strip(" '\"|-")}


@pytest.mark.parametrize("written", ["", "~", "null", "Null", "NULL"])
def test_plain_nulls_are_none(written: str) -> None:
    assert data(f"key: {written}\n") == {"key": None}


def test_quoted_null_is_text() -> None:
    assert data("a: 'null'\nb: ''\nc: '~'\n") == {"a": "null", "b": "", "c": "~"}


def test_keys_stay_text() -> None:
    assert data("1: a\nyes: b\nnull: c\n") == {"1": "a", "yes": "b", "null": "c"}


@pytest.mark.parametrize(
    "written",
    ["No", "on", "012345", "1.10", "NO", "yes", "Off", "1e3", "0x1F", "2026-06-01", "11:00", "true", ".inf"],
)
def test_title_is_exactly_as_written(tmp_path: Path, written: str) -> None:
    path = tmp_path / "career.yaml"
    path.write_text(BASE.replace("Beekeeper", written), encoding="utf-8")
    assert load_career(path).title == written


def test_text_fields_keep_every_yaml_1_1_lookalike(tmp_path: Path) -> None:
    path = tmp_path / "career.yaml"
    path.write_text(
        BASE.replace("Hives", "No").replace("Sales", "012345")
        + """\
related: [on, NO, 1.10, 'yes']
cluster: off
typical_day:
  title: 1.10
  steps:
    - {time: 11:00, title: No, text: on}
    - {time: 3:00, title: NO, text: '012345'}
    - {time: 9:30 pm, title: yes, text: 1.10}
    - {time: "6:45 pm", title: y, text: <b>raw html</b>}
pay:
  ranges:
    - {label: 1.10, low: 012345, median: 20000, high: 1e5}
sources: [No, {text: on, url: 'https://example.org'}]
dated: 2026-06
""",
        encoding="utf-8",
    )
    career = load_career(path)
    assert [s.activity for s in career.work.time_split] == ["No", "012345"]
    assert career.related == ["on", "NO", "1.10", "yes"]
    assert career.cluster == "off"
    assert career.typical_day is not None
    assert career.typical_day.title == "1.10"
    assert [(s.time, s.title, s.text) for s in career.typical_day.steps] == [
        ("11:00", "No", "on"),
        ("3:00", "NO", "012345"),
        ("9:30 pm", "yes", "1.10"),
        ("6:45 pm", "y", "<b>raw html</b>"),
    ]
    assert career.pay is not None
    (pay_range,) = career.pay.ranges
    assert pay_range.label == "1.10"
    assert (pay_range.low, pay_range.median, pay_range.high) == (12345, 20000, 100000)
    assert career.sources is not None
    assert [(s.text, s.url) for s in career.sources] == [("No", None), ("on", "https://example.org")]
    assert career.dated == "2026-06"


def test_numbers_are_numbers(tmp_path: Path) -> None:
    path = tmp_path / "career.yaml"
    path.write_text(
        BASE.replace("percent: 60", "percent: 25").replace("percent: 40", "percent: 75.0"), encoding="utf-8"
    )
    first, second = load_career(path).work.time_split
    assert first.percent == 25
    assert isinstance(first.percent, float)
    assert second.percent == 75


# --- positions ---------------------------------------------------------------------------


def test_positions_of_values_and_keys() -> None:
    doc = parse_yaml(BASE + "related:\n  - A\n  -   B\n", Path("x.yaml"))
    assert doc.values[("title",)] == (1, 8)
    assert doc.keys[("title",)] == (1, 1)
    assert doc.values[("work", "summary")] == (4, 12)
    assert doc.keys[("work", "summary")] == (4, 3)
    assert doc.values[("work", "time_split", 1, "percent")] == (7, 34)
    assert doc.keys[("work", "time_split", 1, "percent")] == (7, 25)
    assert doc.values[("related", 1)] == (10, 7)
    # A value that is missing is placed at its parent: the key for a mapping ...
    assert doc.position(("work", "time_split_note")) == (3, 1)
    # ... the item for a list item, and the start of the file for the top level.
    assert doc.position(("work", "time_split", 0, "note")) == (6, 7)
    assert doc.position(("nothing",)) == (1, 1)


def test_dotted() -> None:
    assert dotted(("work", "time_split", 2, "percent")) == "work.time_split[2].percent"
    assert dotted(("sources", 0)) == "sources[0]"
    assert dotted(()) == ""


# --- duplicate keys, at any depth --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column", "field", "first"),
    [
        (BASE + "title: Again\n", 8, 1, "title", 1),
        (BASE.replace("  time_split:", "  summary: Again.\n  time_split:"), 5, 3, "work.summary", 4),
        (
            BASE.replace("percent: 40}", "percent: 40, activity: Other}"),
            7,
            38,
            "work.time_split[1].activity",
            7,
        ),
        (
            BASE + "typical_day:\n  steps:\n    - time: 3:00\n      title: A\n      text: B\n"
            "      time: 4:00\n",
            13,
            7,
            "typical_day.steps[0].time",
            10,
        ),
        (
            BASE + "pay:\n  ranges:\n    - {label: L, low: 1, high: 2}\n  growth:\n    low: 1\n"
            "    high: 2\n    low: 1\n",
            14,
            5,
            "pay.growth.low",
            12,
        ),
    ],
)
def test_duplicate_keys_name_both_lines(
    tmp_path: Path, text: str, line: int, column: int, field: str, first: int
) -> None:
    found = problems(tmp_path, text)
    assert where(found) == [(line, column, field)]
    key = field.rsplit(".", 1)[-1]
    assert found[0].message == (f"duplicate key '{key}' (first written on line {first}); keep only one")


def test_every_duplicate_is_reported(tmp_path: Path) -> None:
    found = problems(tmp_path, BASE + "draft: true\ndraft: false\ndraft: true\n")
    assert where(found) == [(9, 1, "draft"), (10, 1, "draft")]
    assert all("first written on line 8" in p.message for p in found)


def test_duplicate_key_and_schema_problems_together(tmp_path: Path) -> None:
    found = problems(tmp_path, "title: A\ntitle: B\nsummary: S\n")
    assert where(found) == [(1, 1, "work"), (2, 1, "title")]


# --- anchors, aliases and tags -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column", "field", "message"),
    [
        (BASE.replace("Beekeeper", "&t Beekeeper"), 1, 8, "title", "anchors (&t) are not part"),
        (BASE.replace("work:", "work: &w"), 3, 7, "work", "anchors (&w)"),
        (
            BASE.replace("- {activity: Hives", "- &h {activity: Hives"),
            6,
            7,
            "work.time_split[0]",
            "anchors (&h)",
        ),
        (BASE.replace("title:", "&k title:"), 1, 1, "title", "anchors (&k)"),
        (BASE.replace("Bees.", "*s"), 2, 10, "summary", "aliases (*s) are not part"),
        (BASE + "related: [A, *b]\n", 8, 14, "related[1]", "aliases (*b)"),
        (
            BASE + "fit:\n  worth_it_if: &x Yes\n  maybe_not_if: *x\n",
            9,
            16,
            "fit.worth_it_if",
            "anchors (&x)",
        ),
        (
            BASE.replace("Beekeeper", "!!str Beekeeper"),
            1,
            8,
            "title",
            "tags (!!str) are not part of the career format; remove the tag",
        ),
        (
            BASE.replace("Beekeeper", "!!python/object:os.system x"),
            1,
            8,
            "title",
            "tags (!!python/object:os.system)",
        ),
        (BASE + "draft: !!bool true\n", 8, 8, "draft", "tags (!!bool)"),
        (
            BASE.replace("percent: 40", "percent: !!int 40"),
            7,
            34,
            "work.time_split[1].percent",
            "tags (!!int)",
        ),
        (BASE.replace("work:", "work: !!map"), 3, 7, "work", "tags (!!map)"),
        (BASE.replace("Bees.", "!local Bees."), 2, 10, "summary", "tags (!local)"),
        (BASE.replace("Bees.", "!<tag:yaml.org,2002:str> Bees."), 2, 10, "summary", "tags (!!str)"),
        (BASE + "related: !!set {a, b}\n", 8, 10, "related", "tags (!!set)"),
    ],
)
def test_anchors_aliases_and_tags_are_refused(
    tmp_path: Path, text: str, line: int, column: int, field: str, message: str
) -> None:
    found = problems(tmp_path, text)
    # A refused tag on a container may also leave a schema problem at the same place.
    assert (line, column, field) in where(found), found
    assert any(message in p.message for p in found), found


def test_anchor_and_alias_both_reported(tmp_path: Path) -> None:
    found = problems(tmp_path, BASE + "fit:\n  worth_it_if: &x Yes\n  maybe_not_if: *x\n")
    assert where(found) == [(9, 16, "fit.worth_it_if"), (10, 17, "fit.maybe_not_if")]
    assert "aliases (*x)" in found[1].message


def test_python_tags_are_never_constructed(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = BASE + f"closing: !!python/object/apply:os.system ['touch {marker}']\n"
    found = problems(tmp_path, text)
    assert {(p.line, p.field) for p in found} == {(8, "closing")}
    assert any("tags (!!python/object/apply:os.system)" in p.message for p in found)
    assert not marker.exists()


def test_merge_key_is_an_unknown_field_not_a_merge(tmp_path: Path) -> None:
    found = problems(tmp_path, BASE + "fit:\n  <<: {worth_it_if: x}\n")
    assert where(found) == [(9, 3, "fit.<<")]
    assert "unknown field '<<'" in found[0].message


# --- documents, syntax, and what a file must be ------------------------------------------


def test_multiple_documents_are_refused(tmp_path: Path) -> None:
    found = problems(tmp_path, BASE + "---\ntitle: Second\n")
    assert where(found) == [(8, 1, "")]
    assert "a career file holds one document" in found[0].message


def test_explicit_start_and_end_of_one_document_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "career.yaml"
    path.write_text("---\n" + BASE + "...\n", encoding="utf-8")
    assert load_career(path).title == "Beekeeper"


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        (BASE + "related: [A, B\ndated: 2026-06\n", 8, 10, "this '[' is never closed"),
        (BASE + "closing: 'unclosed\n", 8, 10, "this single quote (') is never closed"),
        ("title: Beekeeper\n\tsummary: Bees.\n", 2, 1, "a tab; indent with spaces"),
        ("title: a: b\n", 1, 8, "a ': ' inside a text"),
        ("title: Beekeeper\n  summary: Bees.\n", 2, 3, "'summary' is indented more"),
        ("title: Beekeeper\n- item\n", 2, 1, "a list item ('- ') among names"),
        ("title: @home\n", 1, 8, "cannot start with '@'"),
    ],
)
def test_yaml_syntax_errors_report_their_line(
    tmp_path: Path, text: str, line: int, column: int, message: str
) -> None:
    found = problems(tmp_path, text)
    assert where(found) == [(line, column, "")]
    assert found[0].message.startswith("YAML syntax: ")
    assert message in found[0].message


@pytest.mark.parametrize(
    ("text", "line", "column", "code"),
    [
        (BASE + "closing: a\x07b\n", 8, 11, "U+0007"),
        ("\x00" + BASE, 1, 1, "U+0000"),
        (BASE.replace("Bees.", "Bees.\x0c"), 2, 15, "U+000C"),
    ],
)
def test_control_characters_are_reported_where_they_are(
    tmp_path: Path, text: str, line: int, column: int, code: str
) -> None:
    found = problems(tmp_path, text)
    assert where(found) == [(line, column, "")]
    assert f"character {code} is not allowed in YAML; delete it" in found[0].message


def test_problems_before_a_syntax_error_are_kept(tmp_path: Path) -> None:
    found = problems(tmp_path, "title: A\ntitle: B\nsummary: [x\n")
    assert [p.line for p in found] == [2, 3]  # the '[' never closed, where it opens
    assert "duplicate key" in found[0].message
    assert "YAML syntax" in found[1].message


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("", 1),
        ("\n\n", 1),
        ("# only a comment\n", 1),
        ("~\n", 1),
        ("---\n", 2),
    ],
)
def test_empty_file_is_refused(tmp_path: Path, text: str, line: int) -> None:
    found = problems(tmp_path, text)
    assert where(found) == [(line, 1, "")]
    assert "the file is empty; it must be a mapping of fields" in found[0].message


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("- title: Beekeeper\n- summary: Bees.\n", "the file is a list"),
        ("Beekeeper\n", "the file is text"),
    ],
)
def test_top_level_must_be_a_mapping(tmp_path: Path, text: str, what: str) -> None:
    found = problems(tmp_path, text)
    assert where(found) == [(1, 1, "")]
    assert what in found[0].message


def test_complex_keys_are_refused(tmp_path: Path) -> None:
    found = problems(tmp_path, BASE + "? [a, b]\n: c\n")
    assert where(found) == [(8, 3, "")]
    assert "a key must be a plain name, not a list" in found[0].message


def test_nesting_is_limited(tmp_path: Path) -> None:
    deep = "[" * (load.MAX_DEPTH + 1) + "]" * (load.MAX_DEPTH + 1)
    found = problems(tmp_path, BASE + f"related: {deep}\n")
    assert len(found) == 1
    assert found[0].line == 8
    assert f"nested deeper than {load.MAX_DEPTH} levels" in found[0].message


# --- bytes on disk -----------------------------------------------------------------------


def test_non_utf8_is_refused_with_its_line(tmp_path: Path) -> None:
    found = problems(tmp_path, BASE.encode() + "closing: Café\n".encode("latin-1"))
    assert where(found) == [(8, 1, "")]
    assert "not UTF-8 text; save the file as UTF-8" in found[0].message


def test_utf16_is_refused(tmp_path: Path) -> None:
    found = problems(tmp_path, BASE.encode("utf-16"))
    assert where(found) == [(1, 1, "")]
    assert "not UTF-8" in found[0].message


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "career.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + BASE.replace("Bees.", "Abejas — ñandú.").encode())
    career = load_career(path)
    assert career.title == "Beekeeper"
    assert career.summary == "Abejas — ñandú."


def test_file_at_the_size_cap_is_read(tmp_path: Path) -> None:
    path = tmp_path / "career.yaml"
    padding = load.MAX_FILE_BYTES - len(BASE) - 1
    path.write_bytes(BASE.encode() + b"#" * padding + b"\n")
    assert path.stat().st_size == load.MAX_FILE_BYTES
    assert load_career(path).title == "Beekeeper"


def test_file_over_the_size_cap_is_refused(tmp_path: Path) -> None:
    padding = load.MAX_FILE_BYTES - len(BASE)
    found = problems(tmp_path, BASE.encode() + b"#" * padding + b"\n")
    assert where(found) == [(1, 1, "")]
    assert found[0].message.startswith("file is 1,048,577 bytes; the limit is 1,048,576")


def test_missing_file_is_a_content_error(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as info:
        read_yaml(tmp_path / "nope.yaml")
    (found,) = info.value.problems
    assert "cannot read file" in found.message


# --- LibYAML reads what the Python parser reads -------------------------------------------

ROOT = Path(__file__).parents[2]
SAMPLES = sorted(
    [*(ROOT / "content").glob("*.yaml"), *(ROOT / "tests/data").rglob("*.yaml"), ROOT / "careerbook.yaml"]
)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: str(p.relative_to(ROOT)))
def test_libyaml_and_the_python_parser_read_the_same(path: Path) -> None:
    assert load._FAST_LOADER is not None, "PyYAML was built without LibYAML"
    text = path.read_text(encoding="utf-8")
    try:
        slow = load._parse_slowly(text, path)
    except ContentError as refused:
        with pytest.raises(ContentError) as fast_refused:
            parse_yaml(text, path)
        assert fast_refused.value.problems == refused.problems
        return
    with pytest.MonkeyPatch.context() as patch:  # LibYAML alone must read it
        patch.setattr(load, "_parse_slowly", lambda *_: pytest.fail("read by the Python parser"))
        fast = parse_yaml(text, path)
    assert (fast.data, fast.values, fast.keys, fast.problems) == (
        slow.data,
        slow.values,
        slow.keys,
        slow.problems,
    )
