"""A YAML syntax error said in an author's words, at the line where the mistake starts.

PyYAML reports where it gave up, in its grammar's words ("while parsing a block
mapping expected <block end>, but found '<scalar>'"), often far below the
mistake: a quote left open on line 2 runs on to the next quote, 40 lines down.
`explain` looks at the tokens read before the error to find where the mistake
starts and says what to do. The parser's own words are kept as the Problem's
`detail`, shown only when debugging.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

# A line that looks like `name: value` (a key the author meant to write).
_KEY_LINE = re.compile(r"^\s*(?:-\s+)?([^\s:#'\"{}\[\]][^:#]{0,60}?):(?:\s|$)")
_NO_SPACE_KEY = re.compile(r"^\s*[^\s:#'\"]+:[^\s:/]")
_QUOTE_THEN_KEY = re.compile(r"\n\s*(?:-\s+)?[^\s:#'\"]+:\s")
_QUOTES = {'"': 'double quote (")', "'": "single quote (')"}


@dataclass(frozen=True)
class Explained:
    """Where a syntax mistake starts and what to do about it."""

    line: int
    column: int
    message: str


@dataclass(frozen=True)
class _Error:
    """The parser's complaint, with 0-based marks made 1-based."""

    context: str
    problem: str
    line: int
    column: int
    index: int
    context_line: int
    context_column: int
    context_index: int


def parser_words(exc: yaml.MarkedYAMLError) -> str:
    """The parser's message, for `--debug`: its words and where it stopped."""
    mark = exc.problem_mark or exc.context_mark
    where = f" (at {mark.line + 1}:{mark.column + 1})" if mark else ""
    return " ".join(s for s in (exc.context, exc.problem) if s) + where


def explain(text: str, exc: yaml.MarkedYAMLError) -> Explained:
    """What went wrong, said for an author, at the line where it starts."""
    mark = exc.problem_mark or exc.context_mark
    cmark = exc.context_mark or mark
    error = _Error(
        exc.context or "",
        exc.problem or "",
        mark.line + 1 if mark else 1,
        mark.column + 1 if mark else 1,
        mark.index if mark else 0,
        cmark.line + 1 if cmark else 1,
        cmark.column + 1 if cmark else 1,
        cmark.index if cmark else 0,
    )
    tokens = _tokens_before(text, error.index)
    lines = text.splitlines() or [""]
    return (
        _tab(error, lines)
        or _open_quote(error, text)
        or _runaway_quote(tokens, text)
        or _by_kind(error, tokens, text, lines)
        or Explained(
            error.line,
            error.column,
            "this line cannot be read; check its "
            "indentation, and put a text holding ': ', ' #' or quotes in quotes",
        )
    )


def _tokens_before(text: str, index: int) -> list[yaml.Token]:
    """The tokens PyYAML's scanner reads before `index` (all it can, if it fails first)."""
    out: list[yaml.Token] = []
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= index:
                break
            out.append(token)
    except yaml.YAMLError:
        pass
    return out


def _last_scalar(tokens: list[yaml.Token]) -> yaml.ScalarToken | None:
    for token in reversed(tokens):
        if isinstance(token, yaml.ScalarToken):
            return token
    return None


def _line(lines: list[str], number: int) -> str:
    return lines[number - 1] if 0 < number <= len(lines) else ""


def _tab(error: _Error, lines: list[str]) -> Explained | None:
    if "'\\t'" not in error.problem:
        return None
    line = _line(lines, error.line)
    column = line.find("\t") + 1 or error.column
    return Explained(
        error.line, column, "a tab; indent with spaces (YAML does not allow tabs for indentation)"
    )


def _open_quote(error: _Error, text: str) -> Explained | None:
    """A quote still open at the end of the file (or at a '---')."""
    if not error.context.startswith("while scanning a quoted scalar"):
        return None
    quote = text[error.context_index : error.context_index + 1]
    what = _QUOTES.get(quote, "quote")
    return Explained(
        error.context_line, error.context_column, f"this {what} is never closed; end the text with {quote}"
    )


def _runaway_quote(tokens: list[yaml.Token], text: str) -> Explained | None:
    """A quote left open that a later quote closed: the text swallowed the lines between."""
    for token in tokens:
        if not isinstance(token, yaml.ScalarToken) or token.style not in _QUOTES:
            continue
        start, end = token.start_mark, token.end_mark
        if start.line == end.line or not _QUOTE_THEN_KEY.search(text[start.index : end.index]):
            continue
        quote = token.style
        return Explained(
            start.line + 1,
            start.column + 1,
            f"this {_QUOTES[quote]} is not closed on its line, so the text runs on "
            f"to the {quote} on line {end.line + 1}; end the text with {quote}",
        )
    return None


def _by_kind(error: _Error, tokens: list[yaml.Token], text: str, lines: list[str]) -> Explained | None:
    context, problem = error.context, error.problem
    if context.startswith("while scanning an alias") or context.startswith("while scanning an anchor"):
        sign = text[error.context_index : error.context_index + 1]
        return Explained(
            error.context_line,
            error.context_column,
            f"a text cannot start with '{sign}' (YAML reads it as an "
            f"{'alias' if sign == '*' else 'anchor'}); put the text in quotes",
        )
    if "that cannot start any token" in problem:
        sign = text[error.index : error.index + 1]
        return Explained(
            error.line, error.column, f"a text cannot start with '{sign}'; put the text in quotes"
        )
    if context.startswith("while scanning a block scalar"):
        sign = text[error.context_index : error.context_index + 1]
        return Explained(
            error.context_line,
            error.context_column,
            f"a text cannot start with '{sign}' on this line; put the text in quotes "
            f"(or, for a long text, write '{sign}' alone and the text on the lines "
            "below, indented)",
        )
    if context.startswith("while scanning a simple key"):
        return Explained(
            error.context_line,
            error.context_column,
            "this line has no ':'; write it as 'name: value' (or, if it goes on "
            "from the text above, indent it further)",
        )
    for opener, closer in (("[", "]"), ("{", "}")):
        if context.startswith(f"while parsing a flow {'sequence' if opener == '[' else 'mapping'}"):
            if error.line > error.context_line or "<stream end>" in problem:
                return Explained(
                    error.context_line,
                    error.context_column,
                    f"this '{opener}' is never closed; close it with '{closer}' on the same line",
                )
            return Explained(
                error.line,
                error.column,
                f"a text inside {opener} {closer} holds a sign YAML reads (':', "
                f"'{opener}', '#' …); put that text in quotes",
            )
    for directive in range(min(error.line, len(lines))):
        if lines[directive].startswith("%"):
            return Explained(directive + 1, 1, "a line cannot start with '%'; put the text in quotes")
    if "mapping values are not allowed" in problem:
        return _colon(error, tokens, lines)
    if "expected <block end>, but found" in problem:
        return _misplaced(error, tokens, text, lines)
    return None


def _colon(error: _Error, tokens: list[yaml.Token], lines: list[str]) -> Explained:
    """A ': ' where YAML cannot take a key."""
    scalar = _last_scalar(tokens)
    before = tokens[-1] if tokens else None
    if isinstance(before, yaml.ValueToken):
        return Explained(error.line, error.column, "two ':' in a row; write one after the name")
    if scalar is None:
        return Explained(error.line, error.column, "a ': ' YAML cannot place here; put the text in quotes")
    start = scalar.start_mark.line + 1
    if start == error.line:
        return Explained(
            error.line, scalar.start_mark.column + 1, "a ': ' inside a text; put the text in quotes"
        )
    first = _line(lines, start)
    if _NO_SPACE_KEY.match(first) and first[: scalar.start_mark.column].strip(" -") == "":
        return Explained(
            start, scalar.start_mark.column + 1, "a name needs a space after its ':', like 'title: Nurse'"
        )
    key = _KEY_LINE.match(_line(lines, error.line))
    if key and len(key.group(1).split()) <= 3:
        here = _line(lines, error.line)
        return Explained(
            error.line,
            len(here) - len(here.lstrip()) + 1,
            f"'{key.group(1).strip()}' is indented more than the text above it, so "
            "it reads as part of that text; line it up with the names it belongs with",
        )
    return Explained(
        error.line,
        error.column,
        f"a ': ' inside a text (which starts on line {start}); put the text in quotes",
    )


def _misplaced(error: _Error, tokens: list[yaml.Token], text: str, lines: list[str]) -> Explained | None:
    """Something where a mapping or list had to end: what it is says what went wrong."""
    found = error.problem.rsplit("found ", 1)[-1].strip("'")
    if found == "<scalar>":
        scalar = _last_scalar(tokens)
        if scalar is not None and scalar.style in _QUOTES and scalar.end_mark.line + 1 == error.line:
            quote = scalar.style
            glued = scalar.end_mark.index == error.index and text[error.index : error.index + 1].isalpha()
            if quote == "'" and glued:
                return Explained(
                    error.line,
                    scalar.start_mark.column + 1,
                    "an apostrophe inside a text in single quotes; write it twice "
                    "('') or put the text in double quotes (\")",
                )
            return Explained(
                error.line,
                error.column,
                f"a text after the closing {_QUOTES[quote]}; put the whole text in "
                "quotes, or write it without them",
            )
        return Explained(
            error.line,
            error.column,
            "this text does not line up with the lines above it; check its indentation",
        )
    if found in ("<block mapping start>", "<block sequence start>"):
        what = "name" if "mapping" in found else "'-' item"
        return Explained(
            error.line,
            error.column,
            f"this {what} is indented less than the ones above it, but more than "
            "the name they belong to; line it up with one of them",
        )
    if found == "-":
        return Explained(
            error.line,
            error.column,
            "a list item ('- ') among names; a field holds "
            "either 'name: value' lines or a list of '- ' items, not both",
        )
    if found == "?":
        return Explained(
            error.line,
            error.column,
            "a name among the '- ' items of a list; indent "
            "it to line up with the first name after the '- ', or end the list first",
        )
    if found in ("}", "]"):
        opener = "{" if found == "}" else "["
        return Explained(
            error.line,
            error.column,
            f"a '{found}' with no '{opener}' before it; remove it, or put the text in quotes",
        )
    return None
