"""The JSON Schemas: made from the models, strict, and true to the files careerbook accepts."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from careerbook.cli.main import main
from careerbook.content.models import Book, Career
from careerbook.content.reader import read_yaml
from careerbook.content.schema import book_schema, career_schema

ROOT = Path(__file__).parents[2]
CAREER_FILES = sorted((ROOT / "content").glob("*.yaml")) + sorted(
    (Path(__file__).parents[1] / "data" / "careers").glob("*.yaml")
)


@pytest.fixture(scope="module")
def careers() -> Draft202012Validator:
    schema = career_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@pytest.fixture(scope="module")
def books() -> Draft202012Validator:
    schema = book_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def errors(validator: Draft202012Validator, data: Any) -> list[str]:
    """Every error as 'path: message', with the errors of each branch of an anyOf."""

    def flat(found: Any) -> list[str]:
        out = []
        for e in found:
            out.append(f"{'.'.join(map(str, e.absolute_path))}: {e.message}")
            out += flat(e.context or [])
        return out

    return flat(validator.iter_errors(data))


def objects(node: Any) -> list[dict[str, Any]]:
    """Every object schema (one with properties) anywhere in a schema."""
    found = []
    if isinstance(node, dict):
        if "properties" in node:
            found.append(node)
        for value in node.values():
            found += objects(value)
    elif isinstance(node, list):
        for value in node:
            found += objects(value)
    return found


def minimal() -> dict[str, Any]:
    data = read_yaml(Path(__file__).parents[1] / "data" / "careers" / "minimal.yaml").data
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("path", CAREER_FILES, ids=lambda p: p.name)
def test_every_bundled_career_file_fits_the_schema(path: Path, careers: Draft202012Validator) -> None:
    assert errors(careers, read_yaml(path).data) == []


def test_the_bundled_book_file_fits_the_schema(books: Draft202012Validator) -> None:
    assert errors(books, read_yaml(ROOT / "careerbook.yaml").data) == []


def test_an_unknown_key_fails_the_schema_at_any_depth(
    careers: Draft202012Validator, books: Draft202012Validator
) -> None:
    top = minimal() | {"titel": "Beekeeper"}
    assert any("'titel' was unexpected" in e for e in errors(careers, top))
    nested = minimal()
    nested["work"]["time_splt"] = nested["work"].pop("time_split")
    found = errors(careers, nested)
    assert any(e.startswith("work:") and "'time_splt' was unexpected" in e for e in found)
    assert any(e.startswith("work:") and "'time_split' is a required property" in e for e in found)
    assert any("'colour' was unexpected" in e for e in errors(books, {"colour": "red"}))


def test_every_object_forbids_unknown_keys_and_every_field_is_described() -> None:
    for schema, model in ((career_schema(), Career), (book_schema(), Book)):
        found = objects(schema)
        assert len(found) >= (12 if model is Career else 2)
        for obj in found:
            assert obj["additionalProperties"] is False, obj.get("title")
            for name, prop in obj["properties"].items():
                assert prop.get("description"), f"{obj.get('title')}.{name} has no description"
        assert set(schema["properties"]) == set(model.model_fields)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["title"] and schema["description"]


def test_typed_values_as_an_editor_parses_them_fit_too(careers: Draft202012Validator) -> None:
    """The YAML language server reads `percent: 60` as a number and `draft: true` as a boolean."""
    data = minimal()
    for item in data["work"]["time_split"]:
        item["percent"] = int(item["percent"])
    data |= {
        "draft": True,
        "pay": {
            "ranges": [
                {"label": "Staff", "low": 34000, "median": 45000.5, "high": 60000, "open_high": False}
            ],
            "growth": {"low": -2, "high": 4},
        },
    }
    assert errors(careers, data) == []


@pytest.mark.parametrize(
    ("where", "value", "words"),
    [
        (("slug",), "Music_Producer", "does not match"),
        (("lang",), "english", "does not match"),
        (("dated",), "June 2026", "does not match"),
        (("draft",), "yes", "is not valid under any of the given schemas"),
        (("sources",), [{"text": "BLS", "url": "www.bls.gov"}], "is not valid under any"),
        (("title",), "x" * 81, "is too long"),
        (("summary",), "", "should be non-empty"),
        (("work", "time_split"), [{"activity": "All of it", "percent": 100}], "is too short"),
        (("work", "time_split", 0, "percent"), "sixty", "is not valid under any"),
        (("pay",), {"currency": "DOLLARS", "ranges": [{"label": "a", "low": 1, "high": 2}]}, "is not one of"),
        (("pay",), {"period": "month", "ranges": [{"label": "a", "low": 1, "high": 2}]}, "is not one of"),
        (("pay",), {"ranges": [{"label": "a", "low": "$34K", "high": 2}]}, "is not valid under any"),
        (("typical_day",), {"steps": [{"time": "noon", "title": "Lunch", "text": "Eat."}]}, "does not match"),
    ],
)
def test_the_schema_says_the_rules_the_models_check(
    where: tuple[str | int, ...], value: Any, words: str, careers: Draft202012Validator
) -> None:
    data = copy.deepcopy(minimal())
    target = data
    for part in where[:-1]:
        target = target[part]
    target[where[-1]] = value
    found = errors(careers, data)
    assert any(words in e for e in found), found


@pytest.mark.parametrize(
    ("book", "ok"),
    [
        ({"logo": "images/logo.svg", "colors": {"ink": "#000", "chart": ["#0f6e6e"]}}, True),
        ({"logo": "Logo.PNG"}, True),
        ({"logo": "../logo.svg"}, False),
        ({"logo": "/etc/logo.svg"}, False),
        ({"logo": "logo.jpg"}, False),
        ({"colors": {"accent": "teal"}}, False),
        ({"colors": {"chart": ["#12345"]}}, False),
        ({"paper": "A5"}, False),
        ({"duplex": "no"}, False),
    ],
)
def test_the_book_schema_checks_logo_colours_and_choices(
    book: dict[str, Any], ok: bool, books: Draft202012Validator
) -> None:
    assert (errors(books, book) == []) is ok
    try:
        Book.model_validate(book)
        valid = True
    except ValueError:
        valid = False
    assert valid is ok  # the schema and the model agree


def test_sources_may_be_text_or_text_with_a_url(careers: Draft202012Validator) -> None:
    data = minimal() | {"sources": ["A survey", {"text": "BLS", "url": "https://www.bls.gov/ooh/"}]}
    assert errors(careers, data) == []


def test_the_schema_command_prints_or_writes_either_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as done:
        main(["schema"])
    assert done.value.code == 0
    assert json.loads(capsys.readouterr().out) == career_schema()
    target = tmp_path / "schema" / "careerbook.schema.json"
    with pytest.raises(SystemExit) as done:
        main(["-q", "schema", "--book", "-o", str(target)])
    assert done.value.code == 0
    assert json.loads(target.read_text(encoding="utf-8")) == book_schema()


def test_every_rule_the_models_check_in_python_has_a_schema_counterpart() -> None:
    """A new validator in models.py must be told to schema.py, or editors would miss its rule."""
    from careerbook.content.schema import _rules

    def after_validators(node: Any) -> set[Any]:
        found = set()
        if isinstance(node, dict):
            if node.get("type") == "function-after":
                found.add(node["function"]["function"])
            for value in node.values():
                found |= after_validators(value)
        elif isinstance(node, list):
            for value in node:
                found |= after_validators(value)
        return found

    used = after_validators(Career.__pydantic_core_schema__) | after_validators(Book.__pydantic_core_schema__)
    assert used, "no validators found: the walk is broken"
    # Model-level checks (sums, orders) are `careerbook validate`'s; field rules belong in the schema.
    field_rules = {
        f
        for f in used
        if f.__module__ == "careerbook.content.models"
        and f.__name__.startswith("_")
        and f.__qualname__ == f.__name__
    }
    assert field_rules - set(_rules()) == set()
