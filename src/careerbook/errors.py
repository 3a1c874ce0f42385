"""Two kinds of error, kept apart: the user's (bad content, a broken theme, a failed render:
`CareerbookError` and its kinds, shown as a plain message, exit 1) and ours (`InternalError`,
or any other exception: a bug in careerbook, said as such, the traceback behind `--debug`)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one input file, at a place an author can find."""

    path: Path
    line: int
    column: int
    field: str
    message: str
    # What a tool said, in its own words (the YAML parser's message): for `--debug`, not for
    # authors. Not compared, so a problem found twice is still listed once.
    detail: str | None = dataclasses.field(default=None, compare=False)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class CareerbookError(Exception):
    """An error caused by the user's input or setup, shown without a traceback."""


class ContentError(CareerbookError):
    """One or more content files break the format; every problem is listed."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[ContentError], tuple[list[Problem]]]:
        # Raised in a booklet's worker, it crosses to the main process pickled: whole.
        return (ContentError, (self.problems,))


class TemplateError(CareerbookError):
    """A theme's template or stylesheet is missing or broken."""


class OutputError(CareerbookError):
    """A file cannot be written where asked: a folder, a device, a link, a full disk."""


class RenderError(CareerbookError):
    """WeasyPrint could not turn the HTML into a PDF (a missing resource, a time-out)."""


class InternalError(Exception):
    """A bug in careerbook, not the user's doing (even when it surfaced inside WeasyPrint,
    in code of ours that runs there: PDF/UA tagging, SVG text)."""


def shown(path: Path, base: Path | None = None) -> Path:
    """`path` relative to `base` (default: the current folder) when it is inside it
    (`.` for the folder itself), else as it was given."""
    base = base or Path.cwd()
    for inside, folder in ((path, base), (path.resolve(), base.resolve())):
        if inside.is_absolute() == folder.is_absolute() and inside.is_relative_to(folder):
            return inside.relative_to(folder)
    return path
