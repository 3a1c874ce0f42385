"""The building commands: one handout, one booklet, or everything (`build`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from careerbook.cli.app import PaperOpt, ProjectArg, ThemeOpt, app, say, user_errors


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
