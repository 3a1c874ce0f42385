"""Templates and stylesheets are as untrusted as the content: a sandbox and confined reads.

A project's `templates/` may not reach Python internals, build gigabyte strings
or read, through a symbolic link, a file outside the folder it was found in;
the same holds for its `styles/`.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader
from jinja2.exceptions import SecurityError, TemplateNotFound
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment

from careerbook.errors import TemplateError
from careerbook.files import NotReadable, read_capped
from careerbook.limits import MAX_FILE_BYTES, MAX_TEMPLATE_SEQUENCE


def _inside(path: Path, roots: Sequence[Path]) -> bool:
    real = path.resolve()
    return any(real.is_relative_to(root.resolve()) for root in roots)


def read_confined(path: Path, roots: Sequence[Path]) -> str:
    """The text of a stylesheet or template, if it really lies inside one of `roots`
    (files.read_capped: a regular file, under the size cap)."""
    if not _inside(path, roots):
        raise TemplateError(
            f"{path} leads outside its folder (a symbolic link?); "
            "careerbook reads no file outside the project"
        )
    try:
        raw = read_capped(path, MAX_FILE_BYTES, roots)
    except NotReadable as exc:
        raise TemplateError(f"{path}: {exc}") from None
    except OSError as exc:
        raise TemplateError(f"{path}: cannot read file: {exc.strerror or exc}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise TemplateError(f"{path}: not UTF-8 text; save the file as UTF-8") from None


class ConfinedLoader(FileSystemLoader):
    """Jinja2's file loader that refuses a template whose real path leaves its folder."""

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        # Read here, as read_confined reads, rather than let Jinja2 open the file: a pipe
        # named like a template would hang it, a huge file fill the memory.
        pieces = split_template_path(template)
        for folder in self.searchpath:
            candidate = Path(folder, *pieces)
            if os.path.lexists(candidate):
                source = read_confined(candidate, [Path(folder)])
                mtime = candidate.stat().st_mtime

                def uptodate(path: Path = candidate, mtime: float = mtime) -> bool:
                    try:
                        return path.stat().st_mtime == mtime
                    except OSError:
                        return False

                return source, str(candidate), uptodate
        raise TemplateNotFound(template)


# How much longer than its input a str method or a filter may make a text, from its arguments:
# `'a'.ljust(3000000000)` allocated 2.9 GB before anything could look at the result.
# Each gives the length the call would build, before it runs.
def _replaced(s: str, old: str, new: str, count: int | None = None) -> int:
    times = (s.count(old) if old else len(s) + 1) if count is None or count < 0 else count
    return len(s) + times * max(0, len(str(new)) - len(str(old)))


def _joined(items: list[Any], sep: str = "") -> int:
    return len(str(sep)) * len(items) + sum(len(i) for i in items if isinstance(i, str))


def _indented(s: str, width: int | str = 4, *_: Any) -> int:
    step = len(width) if isinstance(width, str) else int(width)
    return len(s) + (s.count("\n") + 1) * max(step, 0)


def _wrapped(s: str, width: int = 79, _: Any = True, wrapstring: str | None = None, *__: Any) -> int:
    return len(s) + (len(s) // max(int(width), 1) + 1) * len(wrapstring or "\n")


_SPEC = re.compile(r"%[-#0 +]*[\d.]*|\{[^{}]*?:[^{}]*")  # where widths are written
_NESTED_WIDTH = re.compile(r"\{[^{}]*\{|%[-#0 +]*\*")  # a width taken from the arguments


def _formatted(template: str, *args: Any, **kwargs: Any) -> int:
    # A width or precision written in the format, or taken from an argument, may explode.
    specs = "".join(_SPEC.findall(template))
    widths = [int(d) for d in re.findall(r"\d+", specs)]
    if _NESTED_WIDTH.search(template):
        values = [*args, *kwargs.values()]
        for value in list(values):
            if isinstance(value, dict | tuple | list):
                values.extend(value.values() if isinstance(value, dict) else value)
        widths += [v for v in values if isinstance(v, int)]
    return len(template) + max(widths, default=0)


def _width(s: str, width: int = 80, *_: Any) -> int:
    return max(len(s), int(width))


_STR_METHODS: dict[str, Callable[..., int]] = {
    "ljust": _width,
    "rjust": _width,
    "center": _width,
    "zfill": _width,
    "expandtabs": lambda s, tabsize=8: len(s) * max(int(tabsize), 1),
    "replace": _replaced,
    "join": lambda sep, items: _joined(items, sep),
    "format": _formatted,
    "format_map": _formatted,
}
_FILTERS: dict[str, Callable[..., int]] = {
    "center": _width,
    "replace": _replaced,
    "indent": _indented,
    "wordwrap": _wrapped,
    "format": _formatted,
    "join": _joined,
}


def _refuse(size: int, what: str) -> None:
    if size > MAX_TEMPLATE_SEQUENCE:
        raise SecurityError(
            f"{what} would make a text of {size:,} characters; a template may "
            f"make at most {MAX_TEMPLATE_SEQUENCE:,}"
        )


def _capped_filter(name: str, real: Callable[..., Any], size: Callable[..., int]) -> Callable[..., Any]:
    skip = 1 if getattr(real, "jinja_pass_arg", None) else 0  # the context Jinja passes first

    @functools.wraps(real)
    def capped(*args: Any, **kwargs: Any) -> Any:
        given = list(args)
        if len(given) > skip:
            # join takes any iterable: make it a list once, so that it can be measured.
            # Other values go on as they are (a Markup must stay one, or it is escaped).
            value: Any = list(given[skip]) if name == "join" else str(given[skip])
            if name == "join":
                given[skip] = value
            _refuse(size(value, *given[skip + 1 :], **kwargs), f"|{name}")
        return real(*given, **kwargs)

    return capped


class TemplateSandbox(ImmutableSandboxedEnvironment):
    """Jinja2's sandbox, plus caps on what a template may build.

    A project's templates are as untrusted as its content: the sandbox stops
    them from reaching Python internals, and the caps from making a gigabyte string:
    `*` and `**`, `%` formatting, str methods that pad, replace, join or format, and
    the filters that do the same (range() is the sandbox's own, up to 100,000).
    """

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, size in _FILTERS.items():
            self.filters[name] = _capped_filter(name, self.filters[name], size)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        bound = getattr(__obj, "__wrapped__", __obj)  # the sandbox wraps str.format
        owner = getattr(bound, "__self__", None)
        name = getattr(bound, "__name__", "")
        if isinstance(owner, str) and name in _STR_METHODS:
            if name == "join" and args:
                args = (list(args[0]), *args[1:])  # measured, then joined: a generator once
            try:
                size = _STR_METHODS[name](owner, *args, **kwargs)
            except (TypeError, ValueError):
                size = 0  # wrong arguments: the call itself says what is wrong
            _refuse(size, f"str.{name}()")
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            if isinstance(right, int | float) and abs(right) > 100:
                raise SecurityError("a power above 100 is not allowed in a template")
            return left**right
        if operator == "%":
            if isinstance(left, str):
                values = right if isinstance(right, tuple) else (right,)
                _refuse(_formatted(left, *values), "'%' formatting")
            return left % right
        for seq, times in ((left, right), (right, left)):
            if (
                isinstance(seq, str | list | tuple)
                and isinstance(times, int)
                and len(seq) * times > MAX_TEMPLATE_SEQUENCE
            ):
                raise SecurityError(
                    f"a repeated text or list longer than "
                    f"{MAX_TEMPLATE_SEQUENCE:,} is not allowed in a template"
                )
        return left * right
