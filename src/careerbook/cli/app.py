"""The Typer app and what every command shares: options, messages, the user-error guard."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from careerbook.limits import DEFAULT_TIME_LIMIT
from careerbook.pdf.variant import PdfVariant

if TYPE_CHECKING:
    from careerbook.errors import Problem
    from careerbook.options import Options

F = TypeVar("F", bound=Callable[..., Any])

app = typer.Typer(
    name="careerbook",
    # \b keeps Click from rewrapping the block: a command is copied whole, never broken
    # (each line fits in 60 columns, the narrowest help the tests check).
    help="Career profiles in YAML, printed as PDF handouts and booklets.\n\n"
    "\b\nExamples:\n"
    "  careerbook init my-guide && cd my-guide\n"
    '  careerbook new "Nurse Practitioner"\n'
    "  careerbook validate\n"
    "  careerbook build\n"
    "  careerbook handout content/welder.yaml --paper a4\n\n"
    "Each command's --help ends with an example of its own.",
    no_args_is_help=True,
    # Plain help: typer's rich help imports rich's markdown, syntax and traceback
    # modules, which cost more than the 0.2 s `careerbook --help` may take.
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


class Paper(StrEnum):
    letter = "letter"
    a4 = "a4"


class State:
    quiet = False
    # --debug: a bug's traceback, and what tools said in their own words (Problem.detail:
    # the YAML parser's message). CAREERBOOK_DEBUG=1 sets it too.
    debug = os.environ.get("CAREERBOOK_DEBUG", "") not in ("", "0")


def with_detail(problem: Problem) -> str:
    """A problem as printed: its line, and in debug mode what the tool said beneath it."""
    if State.debug and problem.detail:
        return f"{problem}\n    (parser: {problem.detail})"
    return str(problem)


def say(message: str) -> None:
    if not State.quiet:
        from rich.console import Console
        from rich.markup import escape

        # soft_wrap: the terminal wraps a long line where it must; rich would break it at its
        # width between two words ("0 from the ⏎ cache"), and a copied path would break too.
        # A path or a title is printed as it is: "[x]" is no markup, ":100:" no emoji.
        Console(stderr=True, highlight=False, soft_wrap=True, emoji=False).print(
            f"[dim]·[/dim] {escape(message)}"
        )


def show_warnings(paths: list[Path]) -> None:
    """Before a build: the warnings `validate` would print for the files it reads, one line
    each (file:line:column: warning: field: what to look at). They never stop the build; its
    problems, if any, the build itself reports. Nothing with --quiet, as with validate."""
    if State.quiet:
        return
    # Here, not at the top: every command's --help imports this module.
    from careerbook.content.checks import check
    from careerbook.errors import shown

    for warning in check(paths).warnings:
        what = f"{warning.field}: " if warning.field else ""
        print(
            f"{shown(warning.path)}:{warning.line}:{warning.column}: warning: {what}{warning.message}",
            file=sys.stderr,
        )


def user_errors(command: F) -> F:
    """Bad input is the user's to fix: print it plainly and exit 1, never a traceback. A Ctrl-C
    goes on through Typer to `main`, which says it in one line wherever it lands."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from careerbook.errors import CareerbookError, ContentError

        try:
            return command(*args, **kwargs)
        except ContentError as exc:
            for problem in exc.problems:
                print(with_detail(problem), file=sys.stderr)
            files = len({p.path for p in exc.problems})
            n = len(exc.problems)
            print(
                f"careerbook: {n} problem{'s' * (n != 1)} in {files} file{'s' * (files != 1)}; "
                "nothing was written.",
                file=sys.stderr,
            )
            raise typer.Exit(1) from None
        except CareerbookError as exc:
            print(f"careerbook: error: {exc}", file=sys.stderr)
            raise typer.Exit(1) from None
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except OSError as exc:  # the machine's, not careerbook's: a full disk, a folder refused
            where = f" ({exc.filename})" if exc.filename else ""
            print(f"careerbook: error: {exc.strerror or exc}{where}; nothing was written.", file=sys.stderr)
            raise typer.Exit(1) from None
        except Exception as exc:  # a bug of ours: say so, never dress it as the user's mistake
            if State.debug:
                raise
            print(
                f"careerbook: this is a bug in careerbook, not a problem with your files: "
                f"{type(exc).__name__}: {exc}\n"
                "careerbook: run the command again with --debug for the details, and please "
                "report it.",
                file=sys.stderr,
            )
            raise typer.Exit(2) from None

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        from careerbook import __version__

        print(f"careerbook {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
    debug: Annotated[
        bool,
        typer.Option("--debug", help="On a bug, show its traceback; on a YAML mistake, the parser's words."),
    ] = False,
) -> None:
    """Turn career files (YAML) into print-ready PDF handouts and booklets."""
    State.quiet = quiet
    State.debug = debug or State.debug


PaperOpt = Annotated[
    Paper | None, typer.Option(help="Paper size; default from careerbook.yaml, else letter.")
]
ThemeOpt = Annotated[
    str | None, typer.Option(help="Theme: a folder under styles/ (see `careerbook themes`).")
]
ProjectArg = Annotated[
    Path,
    typer.Argument(help="A content project: a folder with careerbook.yaml and content/.", file_okay=False),
]
PdfVariantOpt = Annotated[
    PdfVariant,
    typer.Option(
        "--pdf-variant",
        help="pdf/ua-1 (tagged, accessible; the default), pdf/a-3b (archive, tagged) or plain (untagged).",
    ),
]
BleedOpt = Annotated[
    str | None, typer.Option(help="Print beyond the trim for a print shop, e.g. 3mm or 0.125in.")
]
CropMarksOpt = Annotated[bool, typer.Option("--crop-marks", help="Draw crop marks outside the trim.")]
HtmlOpt = Annotated[
    bool, typer.Option("--html", help="Also write an accessible HTML version beside each PDF, for a website.")
]
JobsOpt = Annotated[
    int | None,
    typer.Option("--jobs", "-j", min=1, help="Worker processes laying out careers; default one a core."),
]
SingleOpt = Annotated[
    bool, typer.Option("--single", help="Lay out the whole booklet as one document (slower; the same pages).")
]
NoCacheOpt = Annotated[
    bool, typer.Option("--no-cache", help="Draw and lay out everything again; keep nothing for next time.")
]
AreaOpt = Annotated[
    str | None,
    typer.Option(
        help='Whose wages OEWS pay ranges print: a state or metro area ("Oregon", "Savannah, GA") '
        "or its BLS code; default the book's area, else the nation."
    ),
]
DuplexOpt = Annotated[
    bool,
    typer.Option(
        "--duplex",
        help="Handouts for a duplex printer: margins mirrored (the inner one wider), "
        "truly blank pages to an even count, so that each handout starts on a new sheet.",
    ),
]
CareersOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--careers",
        metavar="SLUGS",
        help="Only these careers (slugs, comma-separated or the option repeated), in the book's order.",
        show_default=False,
    ),
]
ClusterOpt = Annotated[
    str | None,
    typer.Option("--cluster", metavar="NAME", help="Only the careers of this cluster, in the book's order."),
]
TimeLimitOpt = Annotated[
    float,
    typer.Option(
        "--time-limit",
        min=0,
        metavar="SECONDS",
        help=f"Seconds each document may take to lay out before the build stops; 0: no limit "
        f"(default {DEFAULT_TIME_LIMIT:g}).",
        show_default=False,
    ),
]


def build_options(
    paper: Paper | None, theme: str | None, *, time_limit: float = DEFAULT_TIME_LIMIT, **choices: Any
) -> Options:
    """The build's Options from the flags the commands share (and a command's own)."""
    from careerbook.options import Options

    return Options(
        paper=paper.value if paper else None, theme=theme, time_limit=time_limit or None, **choices
    )
