"""JSON Schemas of the career file and the book file, for editors (the YAML language server).

They are generated from the pydantic models, so they never drift from what
`careerbook validate` checks. Where a model says a rule in Python (a slug, a
date, a currency), the schema says it as a pattern or a list of values, so the
editor can check it as the author types. The schema is a helper: careerbook's
own validation stays the final word (it also checks sums, orders and the book).

careerbook keeps every scalar as written and decides later what is a number,
so a number may also be written as a numeric string, and a yes/no field as
the text `true` or `false`; the schema says the same, so the data that
`careerbook.load.read_yaml` reads fits it as well as what an editor parses.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from careerbook.content import kinds, models

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
CAREER_SCHEMA_FILE = "career.schema.json"
BOOK_SCHEMA_FILE = "careerbook.schema.json"

_NUMBER = r"^\s*[0-9]+(\.[0-9]+)?\s*$"
_SIGNED_NUMBER = r"^\s*[-+]?[0-9]+(\.[0-9]+)?\s*$"
# JSON Schema patterns are ECMA 262 regular expressions: no inline flags.
_TRUE_FALSE = "^([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])$"
_URL = r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/$.?#]\S*$"
# A relative path inside the project, no '..' part, ending in .svg or .png.
_LOGO = r"^(?![/\\])(?!(.*[/\\])?\.\.([/\\]|$))[^:]+\.([Ss][Vv][Gg]|[Pp][Nn][Gg])$"


def _pattern(regex: str, message: str) -> dict[str, Any]:
    # `patternErrorMessage` is the YAML language server's own keyword; validators ignore it.
    return {"pattern": regex, "patternErrorMessage": message}


@cache
def _rules() -> dict[Callable[..., Any], dict[str, Any]]:
    """What each of the models' own validators means, in JSON Schema words."""
    from babel.numbers import list_currencies

    return {
        kinds._slug: _pattern(
            kinds.SLUG_RE.pattern, "lowercase letters, digits and single hyphens, like music-producer"
        ),
        kinds._lang: _pattern(kinds.LANG_RE.pattern, "a language tag like en, es or fr-CA"),
        kinds._dated: _pattern(kinds.DATED_RE.pattern, "YYYY-MM or YYYY-MM-DD, like 2026-06"),
        kinds._url: _pattern(_URL, "a web address starting with https://"),
        kinds._clock: _pattern("[0-9]", "a clock time, like 11:00 or 6:45 pm"),
        kinds._currency: {"enum": sorted(list_currencies())},
        kinds._soc: _pattern(kinds.SOC_RE.pattern, 'an SOC code in quotes, like "47-2111"'),
        kinds._color: _pattern(kinds.COLOR_RE.pattern, "a hex colour, like #0f6e6e or #000"),
        kinds._logo: _pattern(_LOGO, "an .svg or .png file inside the project, like logo.svg"),
    }


class _Generator(GenerateJsonSchema):
    """pydantic's generator, told what the validators it cannot read mean."""

    def function_after_schema(self, schema: core_schema.AfterValidatorFunctionSchema) -> JsonSchemaValue:
        inner = super().function_after_schema(schema)
        extra = _rules().get(schema["function"]["function"])
        return {**inner, **extra} if extra else inner

    def function_before_schema(self, schema: core_schema.BeforeValidatorFunctionSchema) -> JsonSchemaValue:
        inner = super().function_before_schema(schema)
        if schema["function"]["function"] is models._source:
            # A source is plain text, or {text, url}.
            return {"anyOf": [{"type": "string", "minLength": 1}, inner]}
        return inner

    def float_schema(self, schema: core_schema.FloatSchema) -> JsonSchemaValue:
        number = super().float_schema(schema)
        non_negative = number.get("minimum", -1) >= 0 or number.get("exclusiveMinimum", -1) >= 0
        text = {
            "type": "string",
            **_pattern(
                _NUMBER if non_negative else _SIGNED_NUMBER, "a plain number, like 34000 (no $ or commas)"
            ),
        }
        return {"anyOf": [number, text]}

    def bool_schema(self, schema: core_schema.BoolSchema) -> JsonSchemaValue:
        return {"anyOf": [{"type": "boolean"}, {"type": "string", **_pattern(_TRUE_FALSE, "true or false")}]}


def _schema(model: type[kinds.Model], title: str, description: str) -> dict[str, Any]:
    body = model.model_json_schema(schema_generator=_Generator)
    return {"$schema": JSON_SCHEMA_DIALECT, **body, "title": title, "description": description}


def career_schema() -> dict[str, Any]:
    """The JSON Schema of a career file (content/<slug>.yaml)."""
    return _schema(
        models.Career, "careerbook career file", "One career profile for careerbook (FORMAT.md, version 1.1)."
    )


def book_schema() -> dict[str, Any]:
    """The JSON Schema of the book file (careerbook.yaml)."""
    return _schema(
        models.Book,
        "careerbook book file",
        "careerbook.yaml: the booklet and the house style of a content project. Every key is optional.",
    )


def dumps(schema: dict[str, Any]) -> str:
    """The schema as stable, readable JSON text, ending with a newline."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
