"""The straightforward pipeline the benchmark compares against (not part of careerbook).

One WeasyPrint document for the whole booklet, charts redrawn every time with
matplotlib.pyplot (matplotlib's defaults: text drawn as paths), everything
imported up front. Templates, stylesheets, loading and validation are
careerbook's own, so only the way of working differs. (Its charts' text is drawn as
paths, so careerbook's whole-string drawing of SVG text, svg_text.py, finds none.)

    python -m benchmarks.reference handout content/music-producer.yaml -o out.pdf
    python -m benchmarks.reference booklet PROJECT -o booklet.pdf
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("svg")

import matplotlib.pyplot as plt
import weasyprint  # noqa: F401  (imported up front, as a plain script would)

import careerbook.render.templates as render
from careerbook.content.models import Career, TimeSlice
from careerbook.content.pay_models import Pay
from careerbook.lang import formatting
from careerbook.lang.i18n import translations
from careerbook.pdf.document import WriteOptions
from careerbook.render.templates import Figure, svg_uri
from careerbook.render.theme import Theme


def _svg(fig: plt.Figure) -> str:
    out = io.StringIO()
    fig.savefig(out, format="svg")
    plt.close(fig)
    return out.getvalue()


def time_split_svg(slices: list[TimeSlice], palette: tuple[str, ...]) -> str:
    fig, ax = plt.subplots(figsize=(6.2, 3.4))
    ax.pie(
        [s.percent for s in slices],
        labels=[s.activity for s in slices],
        colors=[palette[i % len(palette)] for i in range(len(slices))],
        autopct=lambda p: f"{p:.0f}%",
        pctdistance=0.82,
        startangle=90,
        counterclock=False,
        wedgeprops={"width": 0.36, "edgecolor": "white"},
        textprops={"fontsize": 8},
    )
    ax.set_aspect("equal")
    return _svg(fig)


def pay_svg(pay: Pay, colour: str, lang: str) -> str:
    rows = pay.ranges
    fig, ax = plt.subplots(figsize=(6.2, 0.42 + 0.66 * len(rows)))
    for i, r in enumerate(reversed(rows)):
        ax.barh(i, r.high - r.low, left=r.low, height=0.3, color=colour)
        if r.median is not None:
            ax.plot([r.median], [i], marker="D", color="white", markersize=5)
            ax.annotate(
                f"median {formatting.money(r.median, pay.currency, lang)}",
                (r.median, i + 0.2),
                ha="center",
                fontsize=7,
            )
    ax.set_yticks(range(len(rows)), [r.label for r in reversed(rows)], fontsize=8)
    ax.xaxis.set_major_formatter(lambda v, _: formatting.money(v, pay.currency, lang))
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return _svg(fig)


def figures(career: Career, theme: Theme, lang: str, pay: Any = None) -> dict[str, Figure]:
    """careerbook's figures, drawn the plain pyplot way (the pay as careerbook resolved it)."""
    gettext = translations(lang).gettext
    style = theme.chart_style()
    from careerbook.charts.donut import time_split_alt
    from careerbook.charts.pay import pay_alt

    out = {
        "time_split": Figure(
            svg_uri(time_split_svg(career.work.time_split, style.palette)),
            time_split_alt(career.work.time_split, lang, title=gettext("Time split")),
        )
    }
    if pay is not None and pay.ranges:
        out["pay"] = Figure(
            svg_uri(pay_svg(pay, style.accent, lang)),
            pay_alt(pay, lang, title=gettext("Pay ranges"), to=gettext("to"), median=gettext("median")),
        )
    return out


render.figures = figures  # the one change: pyplot charts


def handout(career_file: Path, target: Path) -> int:
    from careerbook.content.validate import load_career
    from careerbook.pdf.document import render_document, write_pdf
    from careerbook.render.theme import load_theme
    from careerbook.resources import styles_dir

    career = load_career(career_file)
    html = render.render_handout(career, load_theme(None), render.PageSetup())
    document = render_document(html, styles_dir(), [styles_dir(), career_file.parent])
    write_pdf(document, target, _write_options())
    return len(document.pages)


def _write_options() -> WriteOptions:
    """How careerbook writes by default (PDF/UA-1, tagged), so both write the same kind of file."""
    from careerbook.options import Options

    return Options().write_options()


def booklet(root: Path, target: Path) -> int:
    from careerbook.booklet.book import ordered_careers, padded, render_book_html
    from careerbook.content.project import open_project
    from careerbook.options import Options
    from careerbook.pdf.document import render_document, resource_roots, write_pdf
    from careerbook.resources import styles_dir

    project = open_project(root)
    careers = ordered_careers(project)
    options = Options()
    theme = options.theme_for(project)
    page = options.page(project.book, project.logo())
    html = render_book_html(project, careers, theme, page)
    document = render_document(html, styles_dir(), resource_roots(project, project.content_dir))
    if project.book.duplex:
        document = padded(document, 4, "", page.lang)
    write_pdf(document, target, _write_options())
    return len(document.pages)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.reference")
    parser.add_argument("what", choices=["handout", "booklet"])
    parser.add_argument("source", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    build = handout if args.what == "handout" else booklet
    pages = build(args.source, args.output)
    print(f"{args.output}: {pages} pages")


if __name__ == "__main__":
    main()
