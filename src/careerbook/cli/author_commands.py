"""The authors' commands: start a project, add a career, check files, get the schema, list themes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from careerbook.cli.app import AreaOpt, State, app, say, user_errors
from careerbook.errors import shown

if TYPE_CHECKING:
    from careerbook.content.checks import Report
    from careerbook.errors import Problem

ProjectOpt = Annotated[
    Path | None,
    typer.Option(
        "--project",
        "-p",
        file_okay=False,
        help="The content project; default: the one around the current folder.",
    ),
]


def _project_or_here(project: Path | None) -> Path:
    from careerbook.content.project import find_root

    if project is not None:
        return project
    root = find_root(Path.cwd())
    return shown(root) if root else Path(".")


@app.command()
@user_errors
def init(
    folder: Annotated[
        Path, typer.Argument(help="Where to make the project: a new or empty folder.", file_okay=False)
    ] = Path("."),
) -> None:
    """Start a content project: careerbook.yaml, an example career, a README, schemas, output/.

    The folder may already hold other files (a git repository, say), but not a
    careerbook.yaml or a content/ folder. Every key of careerbook.yaml is written
    out with a comment; content/bike-mechanic.yaml is an example career that uses
    every field. The project builds as it is.

    \b
    Example: careerbook init my-guide && cd my-guide && careerbook build
    """
    from careerbook.scaffold.scaffold import init_project

    written = init_project(folder)
    for path in written.made:
        say(f"Made {shown(path)}")
    for path in written.kept:
        say(f"Kept {shown(path)}, which was already there")
    steps = [] if shown(folder) == Path(".") else [f"cd {shown(folder)}"]
    steps += [
        'careerbook new "Your Career"   (then edit the file it makes)',
        "careerbook validate",
        "careerbook build",
    ]
    say("Next:\n" + "\n".join(f"    {step}" for step in steps))


@app.command()
@user_errors
def new(
    title: Annotated[str, typer.Argument(help='The career\'s title, e.g. "Nurse Practitioner".')],
    project: ProjectOpt = None,
    slug: Annotated[
        str | None, typer.Option(help="The file name without .yaml; default: made from the title.")
    ] = None,
    lang: Annotated[
        str | None, typer.Option(help="The file's language (en, es …); default: the book's.")
    ] = None,
    soc: Annotated[
        str | None,
        typer.Option(
            help="The nearest BLS occupation's SOC code (see `careerbook occupations`): fills in "
            "`soc`, a pay range of BLS's wages and its source."
        ),
    ] = None,
    area: AreaOpt = None,
) -> None:
    """Make content/<slug>.yaml: every field of the format, commented, with placeholders that validate.

    The slug comes from the title, with accents folded: "Técnico de Sonido" makes
    content/tecnico-de-sonido.yaml. An existing file is never overwritten. The
    file starts as a draft (every page says "Draft") until you set draft: false.

    With --soc, the file's `soc`, a pay range of BLS's wages (OEWS) and their source are
    filled in; --area names the area in the source (default the book's area, else the nation).

    \b
    Example: careerbook new "Nurse Practitioner"
    Example: careerbook new "Electrician" --soc 47-2111 --area Oregon
    """
    from careerbook.scaffold.scaffold import new_career, occupation_for

    root = _project_or_here(project)
    occupation = occupation_for(soc, area or _book_area(root)) if soc else None
    written = new_career(title, root, slug=slug, lang=lang, occupation=occupation)
    if occupation is not None:
        say(f"Filled in BLS's {occupation.title} ({occupation.code}): soc, a pay range, its source")
    for path in written.made:
        say(f"Made {shown(path)}")
    career = next(p for p in written.made if p.suffix == ".yaml")
    say(f"Next: replace its placeholders, then check it with\n    careerbook validate {shown(career)}")


def _book_area(root: Path) -> str | None:
    from careerbook.content.validate import load_book
    from careerbook.errors import CareerbookError

    try:
        return load_book(root / "careerbook.yaml").area
    except CareerbookError:
        return None  # a broken book file is `validate`'s to report


@app.command("validate")
@user_errors
def validate_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Career files, book files (careerbook.yaml) or project folders; "
            "default: the current project.",
            show_default=False,
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Treat warnings as problems: exit 1 when there is any.")
    ] = False,
) -> None:
    """Check career files and book files; list every problem of every file, then a summary.

    Each line starts with file:line:column, so an editor can jump to it. A
    problem breaks the format (the build refuses the file); a warning is worth a
    look before printing, but exits 0 unless --strict:

    - a figure with no source: a career with pay but no sources (a pay.note is a
      caveat, not a source), or a work.time_split with neither
      work.time_split_source nor sources;

    - a lang with no catalog: its headings print in English (numbers and dates
      still follow the language);

    - a dated more than two years before today (or SOURCE_DATE_EPOCH's day);

    - in a project: a related career that is not in the book, and a career in
      content/ that the book's careers list leaves out;

    - a placeholder left from careerbook new or init ("Replace with …", "Your
      school or organization");

    - a plain text cut short by a ' #', which YAML reads as a comment.

    Exit status: 0 when all is well, 1 when anything is wrong.

    \b
    Example: careerbook validate                      (the current project)

    \b
    Example: careerbook validate content/nurse.yaml --strict
    """
    from careerbook.content.checks import check

    report = check(list(paths or []))
    _print_report(report, strict=strict)
    if report.problems or (strict and report.warnings):
        raise typer.Exit(1)


def _print_report(report: Report, *, strict: bool) -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console(highlight=False, soft_wrap=True, emoji=False)  # ":100:" is a line
    lines: list[tuple[Problem, bool]] = [(p, False) for p in report.problems]
    if strict or not State.quiet:
        lines += [(w, True) for w in report.warnings]
    lines.sort(key=lambda item: (str(item[0].path), item[0].line, item[0].column))
    previous = None
    for problem, warning in lines:
        if previous is not None and problem.path != previous:
            console.print()
        previous = problem.path
        where = escape(f"{shown(problem.path)}:{problem.line}:{problem.column}:")
        label = "[bold yellow]warning:[/] " if warning else ""
        colour = "yellow" if warning else "red"
        what = f"[bold {colour}]{escape(problem.field)}:[/] " if problem.field else ""
        console.print(f"[cyan]{where}[/] {label}{what}{escape(problem.message)}")
        if State.debug and problem.detail:
            console.print(f"    [dim](parser: {escape(problem.detail)})[/]")
    if State.quiet:
        return  # only the problems; the exit status says the rest
    if lines:
        console.print()
    console.print(_summary(report, strict=strict))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def _summary(report: Report, *, strict: bool) -> str:
    files = _plural(len(report.files), "file") + " checked"
    if report.problems:
        bad = len({p.path for p in report.problems})
        text = f"[bold red]{files}: {_plural(len(report.problems), 'problem')} in {_plural(bad, 'file')}"
    else:
        text = f"[bold green]{files}: no problems"
    if report.warnings:
        colour = "red" if strict else "yellow"
        text += f"[/], [bold {colour}]{_plural(len(report.warnings), 'warning')}"
        if strict:
            text += " (problems with --strict)"
    return text + "[/]"


@app.command()
@user_errors
def schema(
    book: Annotated[
        bool,
        typer.Option("--book", help="The book file's schema (careerbook.yaml) instead of the career file's."),
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", dir_okay=False, help="Write it to this file; default: print it."),
    ] = None,
) -> None:
    """Print the JSON Schema of the career file (or, with --book, of the book file).

    Editors that use the YAML language server complete and check fields as you
    type when a YAML file starts with
    `# yaml-language-server: $schema=<path to the schema>`;
    files made by `careerbook init` and `careerbook new` already do.

    \b
    Example: careerbook schema -o schema/career.schema.json

    \b
    Example: careerbook schema --book -o schema/careerbook.schema.json
    """
    from careerbook.content.schema import book_schema, career_schema, dumps

    text = dumps(book_schema() if book else career_schema())
    if output is None:
        typer.echo(text, nl=False)
        return
    from careerbook.files import write_atomic

    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")

    write_atomic(output, write)
    say(f"Wrote {output}")


@app.command()
@user_errors
def themes(project: ProjectOpt = None) -> None:
    """List the themes: the built-in ones and the project's own (styles/<name>/theme.yaml).

    The one marked * is what the project uses: careerbook.yaml's theme, else the
    default. Choose another with theme: in careerbook.yaml or --theme on a command.

    \b
    Example: careerbook themes
    """
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from careerbook.content.validate import load_book
    from careerbook.errors import CareerbookError
    from careerbook.render.theme import DEFAULT_THEME, available_themes, load_theme
    from careerbook.resources import styles_dir

    root = _project_or_here(project)
    current = load_book(root / "careerbook.yaml").theme or DEFAULT_THEME
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    for heading in ("", "theme", "from", "description"):
        table.add_column(heading)
    for name, folder in sorted(available_themes(root).items()):
        built_in = folder.parent.resolve() == styles_dir().resolve()
        where = "built-in" if built_in else f"{shown(folder)}/"
        try:
            description = load_theme(name, root).description
        except CareerbookError as exc:
            description = f"[red]cannot be loaded: {escape(str(exc))}[/]"
        else:
            description = escape(description)
        table.add_row("*" if name == current else "", f"[bold]{escape(name)}[/]", escape(where), description)
    Console(highlight=False).print(table)
