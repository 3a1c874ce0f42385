"""Check loaded data against the models and say what is wrong in an author's words."""

from __future__ import annotations

import difflib
import re
import types
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from careerbook.content.kinds import number_text
from careerbook.content.models import Book, Career
from careerbook.content.pay_models import OEWS_TAG, TYPED_TAG, OewsRange, PayRange
from careerbook.content.reader import Document, Loc, read_yaml
from careerbook.errors import ContentError, Problem
from careerbook.limits import MAX_PROBLEMS

M = TypeVar("M", bound=BaseModel)

_KIND = {dict: "a mapping of fields", list: "a list", str: "text", type(None): "nothing"}

# pydantic's messages rewritten for authors; {x} are keys of the error's ctx.
_MESSAGES = {
    "missing": "is required",
    "string_type": "expected text, got {kind}",
    "string_too_short": "must not be empty",
    "string_too_long": "is {length} characters; the limit is {max_length}",
    "float_parsing": "expected a number, got {input!r}",
    "float_type": "expected a number, got {kind}",
    "finite_number": "expected a finite number",
    "greater_than": "must be greater than {gt}",
    "greater_than_equal": "must be {ge} or more",
    "less_than_equal": "must be {le} or less",
    "too_short": "needs at least {min_length} item(s), has {actual_length}",
    "too_long": "allows at most {max_length} items, has {actual_length}",
    "list_type": "expected a list, got {kind}",
    "model_type": "expected a mapping of fields, got {kind}",
    "model_attributes_type": "expected a mapping of fields, got {kind}",
    "dict_type": "expected a mapping of fields, got {kind}",
    "literal_error": "must be one of {expected}",
}


def _unwrap(annotation: Any) -> list[Any]:
    """The classes an annotation may hold, looking through Optional, Annotated, list."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _unwrap(get_args(annotation)[0])
    if origin in (Union, types.UnionType, list):
        return [t for arg in get_args(annotation) for t in _unwrap(arg)]
    return [annotation]


def _model_at(root: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class that holds the fields at `loc` (for "did you mean")."""
    current: type[BaseModel] | None = root
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        if isinstance(part, str) and part in _TAGGED:  # which kind of union (a pay range) it is
            current = _TAGGED[part]
            continue
        field = current.model_fields.get(part)
        if field is None:
            return None
        models = [t for t in _unwrap(field.annotation) if isinstance(t, type) and issubclass(t, BaseModel)]
        current = models[0] if models else None
    return current


# The kinds of a tagged union, by the tag pydantic puts in an error's place.
_TAGGED: dict[str, type[BaseModel]] = {TYPED_TAG: PayRange, OEWS_TAG: OewsRange}


def _place(loc: Loc) -> Loc:
    """An error's place as the author wrote it: without the tag of a union's kind."""
    return tuple(
        part for i, part in enumerate(loc) if not (part in _TAGGED and i and isinstance(loc[i - 1], int))
    )


def _unknown_field(root: type[BaseModel], loc: Loc) -> str:
    model = _model_at(root, loc[:-1])
    allowed = list(model.model_fields) if model else []
    name = str(loc[-1])
    odd = [c for c in name if unicodedata.category(c) in ("Cf", "Cc", "Zs") and c != " "]
    if odd:
        # A byte-order mark or a no-break space pasted in: the name looks right but is not.
        return (
            f"unknown field '{name.strip()}': it holds an invisible character "
            f"(U+{ord(odd[0]):04X}); delete the line's start and type it again"
        )
    if name.endswith(":") and name.rstrip(":") in allowed:
        return f"'{name}' has one ':' too many; write '{name.rstrip(':')}: …'"
    close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else f"allowed here: {', '.join(allowed)}"
    return f"unknown field '{name}'; {hint}"


def _message(error: Any, root: type[BaseModel]) -> str:
    kind = error["type"]
    ctx = dict(error.get("ctx") or {})
    value = error.get("input")
    ctx.setdefault("kind", _KIND.get(type(value), type(value).__name__))
    ctx.setdefault("input", value)
    if isinstance(value, str):
        ctx.setdefault("length", len(value))
    for bound in ("gt", "ge", "le"):
        if isinstance(ctx.get(bound), int | float):
            ctx[bound] = number_text(ctx[bound])
    if kind == "list_type" and isinstance(value, str) and value.startswith("-"):
        # `-Nurse` under a key is text: YAML's list items need a space after the dash.
        return "expected a list, got text; write each item as '- item', with a space after the '-'"
    if kind == "extra_forbidden":
        return _unknown_field(root, tuple(error["loc"]))
    if kind in ("value_error", "assertion_error"):
        return re.sub(r"^(Value|Assertion) error, ", "", error["msg"])
    template = _MESSAGES.get(kind)
    if template:
        try:
            return template.format(**ctx)
        except (KeyError, ValueError, IndexError):
            pass
    return str(error["msg"])


def problems_of(exc: ValidationError, doc: Document, root: type[BaseModel]) -> list[Problem]:
    """Every validation error as a Problem pointing at the author's line."""
    problems = []
    errors = exc.errors()
    for error in errors[:MAX_PROBLEMS]:
        loc: Loc = tuple(error["loc"])
        at = (error.get("ctx") or {}).get("at")
        if at:
            loc = (*loc, *at)
        key = error["type"] == "extra_forbidden"
        problems.append(doc.problem(_place(loc), _message(error, root), key=key))
    if len(errors) > MAX_PROBLEMS:
        # Past this many the file is not a career file with typos; listing more only costs time.
        problems.append(
            Problem(
                doc.path,
                problems[-1].line,
                1,
                "",
                f"and {len(errors) - MAX_PROBLEMS:,} more problems; fix these first",
            )
        )
    return problems


def validate(doc: Document, model: type[M]) -> M:
    """Build `model` from a Document, or raise ContentError listing every problem."""
    if not isinstance(doc.data, dict):
        what = "empty" if doc.data is None else f"{_KIND.get(type(doc.data), 'a value')}"
        message = f"the file is {what}; it must be a mapping of fields, like 'title: Music Producer'"
        raise ContentError([*doc.problems, doc.problem((), message)])
    try:
        result = model.model_validate(doc.data)
    except ValidationError as exc:
        raise ContentError(doc.problems + problems_of(exc, doc, model)) from None
    if doc.problems:
        raise ContentError(doc.problems)
    return result


# Letters that Unicode does not decompose into a base letter and an accent.
_LETTERS = str.maketrans({"æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"})


def slugify(text: str) -> str:
    """A slug from a title or a file name, accents folded: 'Técnico de Sonido' ->
    'tecnico-de-sonido'; empty when nothing is left."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LETTERS))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def slug_from_stem(stem: str) -> str:
    """A career's slug when it gives none: its file's name."""
    return slugify(stem) or "career"


# The files `build` writes beside the handouts (output/<slug>.pdf): a career of one of these
# slugs would be overwritten by them.
RESERVED_SLUGS = frozenset({"booklet", "booklet-imposed", "class-set"})


def career_of(doc: Document) -> Career:
    """Validate a career file's data; the slug defaults to the file's stem."""
    career = validate(doc, Career)
    if career.slug is None:
        career = career.model_copy(update={"slug": slug_from_stem(doc.path.stem)})
    if career.key in RESERVED_SLUGS:
        raise ContentError(
            [
                doc.problem(
                    ("slug",),
                    (
                        f"'{career.key}' is the name of a file careerbook writes beside the handouts "
                        f"(output/{career.key}.pdf); give the career another slug, or rename the file"
                    ),
                )
            ]
        )
    return career


def load_career(path: Path, inside: Sequence[Path] = ()) -> Career:
    """Read and validate one career file (with `inside`, only if it really lies there)."""
    return career_of(read_yaml(path, inside))


def book_of(doc: Document) -> Book:
    """Validate a book file's data; an empty file means every default."""
    if doc.data is None:
        # An empty book file means every default, but not a refused '!!null' or '&a'.
        if doc.problems:
            raise ContentError(doc.problems)
        return Book()
    return validate(doc, Book)


def load_book(path: Path) -> Book:
    """Read and validate a book file; a missing one means every default."""
    if not path.exists():
        return Book()
    return book_of(read_yaml(path, [path.parent]))
