"""The `careerbook` command. Commands only: heavy modules are imported inside them."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from careerbook import __version__

F = TypeVar("F", bound=Callable[..., Any])

app = typer.Typer(
    name="careerbook",
    help="Career profiles in YAML, printed as PDF handouts and booklets.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)


class Paper(StrEnum):
    letter = "letter"
    a4 = "a4"


class State:
    quiet = False


def say(message: str) -> None:
    if not State.quiet:
        from rich.console import Console

        Console(stderr=True, highlight=False).print(f"[dim]·[/dim] {message}")


def user_errors(command: F) -> F:
    """Bad input is the user's to fix: print it plainly and exit 1, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from careerbook.errors import CareerbookError, ContentError

        try:
            return command(*args, **kwargs)
        except ContentError as exc:
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            files = len({p.path for p in exc.problems})
            n = len(exc.problems)
            print(f"careerbook: {n} problem{'s' * (n != 1)} in {files} file{'s' * (files != 1)}; "
                  "nothing was written.", file=sys.stderr)
            raise typer.Exit(1) from None
        except CareerbookError as exc:
            print(f"careerbook: error: {exc}", file=sys.stderr)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            print("careerbook: interrupted; nothing was written.", file=sys.stderr)
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        print(f"careerbook {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
) -> None:
    """Turn career files (YAML) into print-ready PDF handouts and booklets."""
    State.quiet = quiet


PaperOpt = Annotated[Paper | None,
                     typer.Option(help="Paper size; default from careerbook.yaml, else letter.")]
ThemeOpt = Annotated[str | None,
                     typer.Option(help="Theme: a folder under styles/ (see `careerbook themes`).")]


@app.command()
@user_errors
def handout(
    career: Annotated[Path, typer.Argument(help="A career file, e.g. content/music-producer.yaml.",
                                           exists=True, dir_okay=False)],
    output: Annotated[Path | None, typer.Option("--output", "-o",
                                                help="Where to write; default output/<slug>.pdf.")] = None,
    paper: PaperOpt = None,
    theme: ThemeOpt = None,
) -> None:
    """Build one career's handout PDF.

    Example: careerbook handout content/music-producer.yaml -o output/music-producer.pdf
    """
    from careerbook.build import Options
    from careerbook.build import handout as build_handout

    options = Options(paper=paper.value if paper else None, theme=theme)
    build_handout(career, output, options, report=say)


ProjectArg = Annotated[Path, typer.Argument(
    help="A content project: a folder with careerbook.yaml and content/.", file_okay=False)]


@app.command()
@user_errors
def booklet(
    project: ProjectArg = Path("."),
    output: Annotated[Path | None, typer.Option("--output", "-o",
                                                help="Where to write; default output/booklet.pdf.")] = None,
    paper: PaperOpt = None,
    theme: ThemeOpt = None,
) -> None:
    """Compile a project's careers into one booklet with a cover, contents and index.

    Example: careerbook booklet . -o output/booklet.pdf
    """
    from careerbook.build import Options
    from careerbook.build import booklet as build_booklet
    from careerbook.project import open_project

    options = Options(paper=paper.value if paper else None, theme=theme)
    build_booklet(open_project(project), output, options, report=say)


@app.command()
@user_errors
def build(
    project: ProjectArg = Path("."),
    paper: PaperOpt = None,
    theme: ThemeOpt = None,
) -> None:
    """The main job: every handout into output/<slug>.pdf and the booklet into output/booklet.pdf.

    Example: careerbook build
    """
    from careerbook.build import Options, build_all
    from careerbook.project import open_project

    options = Options(paper=paper.value if paper else None, theme=theme)
    written = build_all(open_project(project), options, report=say)
    say(f"Built {len(written)} PDFs")


def main(argv: list[str] | None = None) -> None:
    """Entry point; `argv` lets tests drive the CLI in-process."""
    app(args=argv, prog_name="careerbook")
