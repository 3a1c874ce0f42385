"""The official pay data's commands: `data` (the OEWS release in use), `data update FOLDER`,
and `occupations QUERY` (find an SOC code and its pay).

They stay fast: only careerbook.oews and rich, never WeasyPrint, matplotlib or pydantic.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from careerbook.cli.app import AreaOpt, app, say, user_errors

if TYPE_CHECKING:
    from careerbook.oews import Figure, Release

data_app = typer.Typer(
    help="The official pay data (BLS OEWS) that OEWS pay ranges print: which release, and "
    "how to install a newer one.",
    invoke_without_command=True,
    no_args_is_help=False,
    rich_markup_mode=None,
)
app.add_typer(data_app, name="data")


def _release_lines(release: Release) -> list[str]:
    origin = (
        "bundled with careerbook"
        if release.origin == "bundled"
        else "installed with `careerbook data update`"
    )
    lines = [
        f"OEWS release: {release.name} ({origin})",
        f"source: {release.source}",
        f"file: {release.path}",
        f"built from: {release.built_from}",
        f"{release.occupation_count:,} occupations and groups, {release.area_count:,} areas",
    ]
    if release.top_annual:
        lines.append(
            f"top-coded at ${release.top_annual:,} a year"
            + (f", ${release.top_hourly:,.2f} an hour" if release.top_hourly else "")
        )
    lines += [
        f"  {f.name}: sha256 {f.sha256}" + (f", {f.last_modified}" if f.last_modified else "")
        for f in release.files
    ]
    lines.append(release.notice)
    return [line for line in lines if line]


@data_app.callback()
@user_errors
def data(ctx: typer.Context) -> None:
    """Print the OEWS release in use and where it came from.

    Example: careerbook data
    """
    if ctx.invoked_subcommand is not None:
        return
    from careerbook.oews import current_release

    typer.echo("\n".join(_release_lines(current_release())))


@data_app.command("update")
@user_errors
def update(
    folder: Annotated[
        Path,
        typer.Argument(
            help="A folder of BLS's OEWS flat files (oe.data.0.Current, oe.occupation, oe.area, "
            "oe.areatype, oe.footnote, oe.datatype, oe.industry) from "
            "download.bls.gov/pub/time.series/oe/.",
            file_okay=False,
        ),
    ],
) -> None:
    """Install a newer OEWS release from BLS's flat files; from then on it is the one in use.

    The folder is checked in full first: a missing or malformed file is an error naming it,
    and nothing changes.

    Example: careerbook data update ~/Downloads/oe
    """
    from careerbook.errors import CareerbookError
    from careerbook.oews import update_from_flat_files

    if not folder.is_dir():
        raise CareerbookError(
            f"{folder} is not a folder; give the folder that holds BLS's "
            "flat files (oe.data.0.Current, oe.occupation …); nothing changed"
        )
    release = update_from_flat_files(folder)
    say(f"Installed OEWS {release.name} from {folder} into {release.path}")


def _money(figure: Figure) -> str:
    if figure.top_coded and figure.at_least is not None:
        return f"${figure.at_least:,.0f} or more"
    return "–" if figure.value is None else f"${figure.value:,.0f}"


def _count(figure: Figure) -> str:
    return "–" if figure.value is None else f"{figure.value:,.0f}"


@app.command()
@user_errors
def occupations(
    query: Annotated[
        str,
        typer.Argument(
            help='Words of the title ("electric", "nurse practitioner") or the start of an SOC '
            'code ("47-21").'
        ),
    ],
    area: AreaOpt = None,
    limit: Annotated[int, typer.Option(min=1, help="How many to list at most.")] = 20,
) -> None:
    """Find occupations in BLS's wage data: SOC code, title, median yearly pay and employment,
    for the nation or an area. The code goes in a career's `soc` and `oews` pay ranges.

    Example: careerbook occupations electrician --area Oregon
    """
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from careerbook.oews import current_release, find_area, search_occupations

    place = find_area(area) if area else None
    found = search_occupations(query, place, limit=limit)
    where = place.name if place else "the nation"
    if not found:
        say(f"No occupation matches {query!r}; try fewer or shorter words, or a code like 47-21")
        raise typer.Exit(1)
    table = Table(
        box=None,
        pad_edge=False,
        show_edge=False,
        header_style="bold",
        title=f"OEWS {current_release().name}, {where}",
        title_justify="left",
    )
    for heading, justify in (
        ("code", "left"),
        ("title", "left"),
        ("median pay (yearly)", "right"),
        ("employment", "right"),
    ):
        table.add_column(heading, justify=justify)  # type: ignore[arg-type]
    for match in found:
        table.add_row(
            match.occupation.code,
            escape(match.occupation.title),
            _money(match.annual_median),
            _count(match.employment),
        )
    Console(highlight=False, soft_wrap=True).print(table)
