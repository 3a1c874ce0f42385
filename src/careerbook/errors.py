"""The errors a user can meet: bad content, a broken theme, a failed render."""

from __future__ import annotations

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


class TemplateError(CareerbookError):
    """A theme's template or stylesheet is missing or broken."""


class OutputError(CareerbookError):
    """A file cannot be written where asked: a folder, a device, a link, a full disk."""


class RenderError(CareerbookError):
    """WeasyPrint could not turn the HTML into a PDF (a missing resource, a time-out)."""

def shown(path: Path, base: Path | None = None) -> Path:
    """`path` relative to `base` (default: the current folder) when it is inside it
    (`.` for the folder itself), else as it was given."""
    base = base or Path.cwd()
    for inside, folder in ((path, base), (path.resolve(), base.resolve())):
        if inside.is_absolute() == folder.is_absolute() and inside.is_relative_to(folder):
            return inside.relative_to(folder)
    return path
