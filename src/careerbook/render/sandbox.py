"""Templates and stylesheets are as untrusted as the content: a sandbox and confined reads.

A project's `templates/` may not reach Python internals, build gigabyte strings
or read, through a symbolic link, a file outside the folder it was found in;
the same holds for its `styles/`.
"""

from __future__ import annotations

import os
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
        raise TemplateError(f"{path} leads outside its folder (a symbolic link?); "
                            "careerbook reads no file outside the project")
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

    def get_source(self, environment: Environment,
                   template: str) -> tuple[str, str, Callable[[], bool]]:
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


class TemplateSandbox(ImmutableSandboxedEnvironment):
    """Jinja2's sandbox, plus a cap on what `*` and `**` may build.

    A project's templates are as untrusted as its content: the sandbox stops
    them from reaching Python internals, and the cap from making a gigabyte string.
    """

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            if isinstance(right, int | float) and abs(right) > 100:
                raise SecurityError("a power above 100 is not allowed in a template")
            return left ** right
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, str | list | tuple) and isinstance(times, int) \
                    and len(seq) * times > MAX_TEMPLATE_SEQUENCE:
                raise SecurityError(f"a repeated text or list longer than "
                                    f"{MAX_TEMPLATE_SEQUENCE:,} is not allowed in a template")
        return left * right
