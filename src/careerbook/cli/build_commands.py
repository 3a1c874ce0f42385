"""The building commands: one handout, one booklet, or everything (`build`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from careerbook.cli.app import (
    AreaOpt,
    BleedOpt,
    CropMarksOpt,
    HtmlOpt,
    JobsOpt,
    NoCacheOpt,
    PaperOpt,
    PdfVariantOpt,
    ProjectArg,
    SingleOpt,
    ThemeOpt,
    TimeLimitOpt,
    app,
    build_options,
    say,
    show_warnings,
    user_errors,
)
from careerbook.limits import DEFAULT_TIME_LIMIT
from careerbook.pdf.document import PdfVariant

ImposedOpt = Annotated[bool, typer.Option(
    "--imposed", help="Also write <name>-imposed.pdf: pages 2-up in booklet order, to print "
    "duplex (flip on the short edge) and fold.")]


@app.command()
@user_errors
def handout(
    career: Annotated[Path, typer.Argument(help="A career file, e.g. content/welder.yaml.",
                                           exists=True, dir_okay=False)],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o",
        help="Where to write; default output/<slug>.pdf in the current folder.")] = None,
    paper: PaperOpt = None,
    theme: ThemeOpt = None,
    pdf_variant: PdfVariantOpt = PdfVariant.ua1,
    bleed: BleedOpt = None,
    crop_marks: CropMarksOpt = False,
    html: HtmlOpt = False,
    time_limit: TimeLimitOpt = DEFAULT_TIME_LIMIT,
    area: AreaOpt = None,
) -> None:
    """Build one career's handout PDF.

    \b
    Example: careerbook handout content/welder.yaml -o output/welder.pdf
    """
    from careerbook.build import handout as build_handout
    from careerbook.content.project import BOOK_FILE, find_root

    root = find_root(career.parent)
    show_warnings([career, *([root / BOOK_FILE] if root else [])])
    # careerbook.cli.main has forked the chart drawer before Typer was imported.
    options = build_options(paper, theme, pdf_variant=pdf_variant.value, bleed=bleed,
                            crop_marks=crop_marks, html=html, time_limit=time_limit, area=area)
    build_handout(career, output, options, report=say)


@app.command()
@user_errors
def booklet(
    project: ProjectArg = Path("."),
    output: Annotated[Path | None, typer.Option("--output", "-o",
                                                help="Where to write; default output/booklet.pdf.")] = None,
    paper: PaperOpt = None,
    theme: ThemeOpt = None,
    pdf_variant: PdfVariantOpt = PdfVariant.ua1,
    bleed: BleedOpt = None,
    crop_marks: CropMarksOpt = False,
    html: HtmlOpt = False,
    imposed: ImposedOpt = False,
    jobs: JobsOpt = None,
    single: SingleOpt = False,
    no_cache: NoCacheOpt = False,
    time_limit: TimeLimitOpt = DEFAULT_TIME_LIMIT,
    area: AreaOpt = None,
) -> None:
    """Compile a project's careers into one booklet with a cover, contents and index.

    Careers are laid out in parallel and kept in a cache, so a rebuild lays out only
    what changed; --single lays out the whole book as one document instead (slower,
    the same pages).

    \b
    Example: careerbook booklet . -o output/booklet.pdf --imposed
    """
    from careerbook.build import booklet as build_booklet
    from careerbook.content.project import open_project

    options = build_options(paper, theme, pdf_variant=pdf_variant.value, bleed=bleed,
                            crop_marks=crop_marks, html=html, imposed=imposed, jobs=jobs,
                            single=single, cache=not no_cache, time_limit=time_limit,
                            area=area)
    show_warnings([project])
    build_booklet(open_project(project), output, options, report=say)


@app.command()
@user_errors
def build(
    project: ProjectArg = Path("."),
    paper: PaperOpt = None,
    theme: ThemeOpt = None,
    pdf_variant: PdfVariantOpt = PdfVariant.ua1,
    bleed: BleedOpt = None,
    crop_marks: CropMarksOpt = False,
    html: HtmlOpt = False,
    imposed: ImposedOpt = False,
    time_limit: TimeLimitOpt = DEFAULT_TIME_LIMIT,
    area: AreaOpt = None,
) -> None:
    """The main job: every handout into output/<slug>.pdf and the booklet into output/booklet.pdf.

    \b
    Example: careerbook build --html
    """
    from careerbook.build import build_all
    from careerbook.content.project import open_project

    options = build_options(paper, theme, pdf_variant=pdf_variant.value, bleed=bleed,
                            crop_marks=crop_marks, html=html, imposed=imposed, time_limit=time_limit,
                            area=area)
    show_warnings([project])
    written = build_all(open_project(project), options, report=say)
    say(f"Built {len(written)} PDFs")
