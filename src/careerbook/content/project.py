"""A content project: a folder with careerbook.yaml, content/, and maybe styles/ and templates/."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from careerbook.content.kinds import LOGO_TYPES
from careerbook.content.models import Book, Career
from careerbook.content.validate import load_book, load_career
from careerbook.errors import CareerbookError, ContentError, Problem
from careerbook.files import OUTSIDE, output_folder

BOOK_FILE = "careerbook.yaml"


@dataclass(frozen=True)
class Project:
    root: Path
    book: Book

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def output_dir(self) -> Path:
        return output_folder(self.root / "output")

    def career_files(self) -> list[Path]:
        """content/*.yaml, refused (every one of them) if any leads outside the project: a
        link to someone's file elsewhere must not be printed in the booklet."""
        files = sorted(p for p in self.content_dir.glob("*.y*ml") if p.suffix in (".yaml", ".yml"))
        root = self.root.resolve()
        outside = [Problem(p, 1, 1, "", OUTSIDE) for p in files if not p.resolve().is_relative_to(root)]
        if outside:
            raise ContentError(outside)
        return files

    def logo(self) -> Path | None:
        """The book's logo, checked to be an SVG or PNG inside the project."""
        if not self.book.logo:
            return None
        path = (self.root / self.book.logo).resolve()
        where = Problem(self.root / BOOK_FILE, 1, 1, "logo", "")
        if not path.is_relative_to(self.root.resolve()):
            raise ContentError(
                [
                    _with(
                        where,
                        f"'{self.book.logo}' is outside the project; put the logo in the project folder",
                    )
                ]
            )
        if path.suffix.lower() not in LOGO_TYPES:  # the model checked the name; this, the file
            raise ContentError([_with(where, f"'{self.book.logo}' is not an SVG or PNG file")])
        if not path.is_file():
            raise ContentError([_with(where, f"'{self.book.logo}' does not exist")])
        return path


def _with(problem: Problem, message: str) -> Problem:
    return Problem(problem.path, problem.line, problem.column, problem.field, message)


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` holding a book file."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / BOOK_FILE).is_file():
            return folder
    return None


def open_project(root: Path) -> Project:
    if not root.is_dir():
        raise CareerbookError(f"{root} is not a folder")
    return Project(root.resolve(), load_book(root / BOOK_FILE))


def project_of(career_file: Path) -> Project | None:
    """The project a career file belongs to, if it sits in one."""
    root = find_root(career_file.parent)
    return open_project(root) if root else None


def load_careers(files: list[Path], inside: Sequence[Path] = ()) -> list[Career]:
    """Load every file; report the problems of all of them together."""
    careers, problems = [], []
    for path in files:
        try:
            careers.append(load_career(path, inside))
        except ContentError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ContentError(problems)
    return careers
