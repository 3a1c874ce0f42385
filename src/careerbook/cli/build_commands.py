"""The building commands: one handout, many in one file to print (`handouts`), one booklet, or
everything (`build`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from careerbook.cli.app import (
    AreaOpt,
    BleedOpt,
    CareersOpt,
    ClusterOpt,
    CropMarksOpt,
    DuplexOpt,
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
from careerbook.content.selection import split_slugs
from careerbook.limits import DEFAULT_TIME_LIMIT
from careerbook.pdf.variant import PdfVariant

ImposedOpt = Annotated[
    bool,
    typer.Option(
        "--imposed",
        help="Also write <name>-imposed.pdf: pages 2-up in booklet order, to print "
        "duplex (flip on the short edge) and fold.",
    ),
]


@app.command()
@user_errors
def handout(
    career: Annotated[
        Path, typer.Argument(help="A career file, e.g. content/welder.yaml.", exists=True, dir_okay=False)
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Where to write; default output/<slug>.pdf in the current folder."
        ),
    ] = None,
    paper: PaperOpt = None,
    theme: ThemeOpt = None,
    pdf_variant: PdfVariantOpt = PdfVariant.ua1,
    bleed: BleedOpt = None,
    crop_marks: CropMarksOpt = False,
    html: HtmlOpt = False,
    time_limit: TimeLimitOpt = DEFAULT_TIME_LIMIT,
    area: AreaOpt = None,
    duplex: DuplexOpt = False,
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
    options = build_options(
        paper,
        theme,
        pdf_variant=pdf_variant.value,
        bleed=bleed,
        crop_marks=crop_marks,
        html=html,
        time_limit=time_limit,
        area=area,
        duplex=duplex,
    )
    build_handout(career, output, options, report=say)


@app.command()
@user_errors
def handouts(
    careers: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[CAREERS]...",
            help="Career slugs (or comma-separated lists); default every career in the book.",
            show_default=False,
        ),
    ] = None,
    project: Annotated[
        Path,
        typer.Option(
            "--project",
            "-p",
            file_okay=False,
            help="The project: a folder with careerbook.yaml and content/.",
        ),
    ] = Path("."),
    cluster: ClusterOpt = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Where to write; default output/class-set.pdf.")
    ] = None,
    duplex: DuplexOpt = False,
    paper: PaperOpt = None,
    theme: ThemeOpt = None,
    pdf_variant: PdfVariantOpt = PdfVariant.ua1,
    bleed: BleedOpt = None,
    crop_marks: CropMarksOpt = False,
    time_limit: TimeLimitOpt = DEFAULT_TIME_LIMIT,
    area: AreaOpt = None,
) -> None:
    """Many handouts in one file to print: a class set.

    Each handout is built as `handout` builds it ("Page 1 of 3" stays its
    own) and they follow in the book's order; the outline has a bookmark for
    each, its own bookmarks under it. With --duplex each starts on a new sheet.
    The file is tagged (PDF/UA) as each handout is: one Part a handout.

    \b
    Example: careerbook handouts --cluster "Arts" --duplex -o arts.pdf
    """
    from careerbook.build import handouts as build_handouts
    from careerbook.content.project import open_project

    options = build_options(
        paper,
        theme,
        pdf_variant=pdf_variant.value,
        bleed=bleed,
        crop_marks=crop_marks,
        time_limit=time_limit,
        area=area,
        duplex=duplex,
        careers=split_slugs(careers or []),
        cluster=cluster,
    )
    show_warnings([project])
    build_handouts(open_project(project), output, options, report=say)


@app.command()
@user_errors
def booklet(
    project: ProjectArg = Path("."),
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Where to write; default output/booklet.pdf.")
    ] = None,
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
    careers: CareersOpt = None,
    cluster: ClusterOpt = None,
) -> None:
    """Compile a project's careers into one booklet with a cover, contents and index.

    --careers and --cluster choose which careers it holds, in the book's order.
    Careers are laid out in parallel and kept in a cache, so a rebuild lays out only
    what changed; --single lays out the whole book as one document instead (slower,
    the same pages).

    \b
    Example: careerbook booklet . -o output/booklet.pdf --imposed
    """
    from careerbook.build import booklet as build_booklet
    from careerbook.content.project import open_project

    options = build_options(
        paper,
        theme,
        pdf_variant=pdf_variant.value,
        bleed=bleed,
        crop_marks=crop_marks,
        html=html,
        imposed=imposed,
        jobs=jobs,
        single=single,
        cache=not no_cache,
        time_limit=time_limit,
        area=area,
        careers=split_slugs(careers or []),
        cluster=cluster,
    )
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
    duplex: DuplexOpt = False,
    careers: CareersOpt = None,
    cluster: ClusterOpt = None,
) -> None:
    """The main job: every handout into output/<slug>.pdf and the booklet into output/booklet.pdf.

    \b
    Example: careerbook build --html
    """
    from careerbook.build import build_all
    from careerbook.content.project import open_project

    options = build_options(
        paper,
        theme,
        pdf_variant=pdf_variant.value,
        bleed=bleed,
        crop_marks=crop_marks,
        html=html,
        imposed=imposed,
        time_limit=time_limit,
        area=area,
        duplex=duplex,
        careers=split_slugs(careers or []),
        cluster=cluster,
    )
    show_warnings([project])
    written = build_all(open_project(project), options, report=say)
    say(f"Built {len(written)} PDFs")
