"""Career models + a theme -> HTML, through the Jinja2 templates (the user's first)."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup

from careerbook.clock import today as build_date  # the handout's footer date; book.py's cover's
from careerbook.content.models import Book, Career, Source
from careerbook.content.pay import ResolvedPay, resolve_pay, sources_with_bls
from careerbook.errors import CareerbookError, TemplateError
from careerbook.lang import formatting
from careerbook.lang.i18n import translations
from careerbook.render import markdown
from careerbook.render.footer import fit_line, text_width
from careerbook.render.sandbox import ConfinedLoader, TemplateSandbox, read_confined
from careerbook.render.theme import Theme
from careerbook.speed import cache as disk_cache
from careerbook.speed.cache import DrawnChart

if TYPE_CHECKING:
    from careerbook.oews import Area


@dataclass(frozen=True)
class Figure:
    """A chart ready for the page: its SVG as a data URI and the text it stands for."""

    uri: str
    alt: str


@dataclass(frozen=True)
class Related:
    title: str
    anchor: str | None  # set when the career is in the same document


@dataclass
class PageSetup:
    """What the page frame needs besides the careers: paper, branding, fixed text."""

    book: Book = field(default_factory=Book)
    paper: str = "letter"
    theme_css: str = ""
    logo_uri: str | None = None
    lang: str = "en"
    area: Area | None = None  # whose wages OEWS pay ranges print; None: the nation's
    pay_data: str = ""  # the OEWS release in use, when a career prints its figures (a cache key)


def svg_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


@cache
def _environment(template_dirs: tuple[Path, ...], lang: str) -> jinja2.Environment:
    # Sandboxed: a project's templates are as untrusted as its content.
    env = TemplateSandbox(
        loader=ConfinedLoader([str(d) for d in template_dirs]),
        # Every template is HTML whatever its extension: never trust a file name.
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(
        md=markdown.block,
        md_inline=markdown.inline,
        md_first=markdown.first_block,
        md_rest=markdown.other_blocks,
        fit_footer=fit_line,
        text_width=text_width,
        money=lambda v, cur, period="year": formatting.money(v, cur, lang, period=period),
        money_range=lambda r, cur, period="year": formatting.money_range(
            r.low, r.high, cur, lang, open_high=r.open_high, period=period
        ),
        exact_money=lambda v, cur, period="year": formatting.exact_money(v, cur, lang, period=period),
        percent=lambda v: formatting.percent(v, lang),
        growth=lambda g: formatting.growth(g.low, g.high, lang),
        month_year=lambda d: formatting.month_year(d, lang),
        full_date=lambda d: formatting.full_date(d, lang),
        css_string=css_string,
        css_counters=css_counters,
    )
    return env


def css_string(text: object) -> Markup:
    """A CSS string literal, safe inside a <style> element."""
    escaped = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ").replace("\n", "\\a ")
    return Markup(f'"{escaped}"')


def css_counters(template: str) -> Markup:
    """ "Page {page} of {pages}" (translated) as CSS content with live counters."""
    out = []
    for i, part in enumerate(re.split(r"\{(page|pages)\}", str(template))):
        if i % 2:
            out.append(f"counter({part})")
        elif part:
            out.append(css_string(part))
    return Markup(" ".join(out))


def environment(theme: Theme, lang: str) -> jinja2.Environment:
    return _environment(theme.template_dirs, lang)


def prepare(theme: Theme, lang: str) -> None:
    """Compile the templates and load the locale's data now, while waiting for something else
    (a handout's charts); a template that does not compile says so when it is rendered."""
    env = environment(theme, lang)
    for name in env.list_templates(extensions=("html", "css")):
        with suppress(jinja2.TemplateError, CareerbookError, OSError, ValueError):
            env.get_template(name)
    formatting.money(1, "USD", lang)
    markdown.block("*warm*")


def _render(env: jinja2.Environment, name: str, **context: Any) -> str:
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"template '{exc.name}' not found") from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"{exc.filename}:{exc.lineno}: template error: {exc.message}") from None
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"template '{name}': {exc.message}") from None
    except jinja2.TemplateError as exc:  # the sandbox's SecurityError among them
        raise TemplateError(f"template '{name}': {exc.message}") from None
    except (ArithmeticError, LookupError, TypeError, ValueError, RuntimeError) as exc:
        # What a broken or hostile template can raise ({{ 1/0 }}, a macro calling itself).
        raise TemplateError(f"template '{name}' failed: {type(exc).__name__}: {exc}") from None


def career_lang(career: Career, book: Book) -> str:
    return career.lang or book.lang or "en"


@dataclass(frozen=True)
class ChartJob:
    """A chart to draw: its name, what the drawing depends on (its cache key), how to draw it
    (SVG and alt text)."""

    name: str
    inputs: Any
    draw: Callable[[], DrawnChart]


def chart_jobs(
    career: Career, theme: Theme, lang: str, area: Area | None = None, resolved: ResolvedPay | None = None
) -> list[ChartJob]:
    """The career's charts, each to be drawn or found in the cache. The pay chart draws the
    pay as resolved for `area` (content/pay.py), unless given it.

    matplotlib is imported only when a chart is actually drawn, so a build whose
    charts are all in the cache (cache.py) never loads it.
    """
    gettext = translations(lang).gettext
    colours = (theme.colors, theme.patterns)
    split = career.work.time_split

    def time_split() -> DrawnChart:
        from careerbook.charts.donut import time_split_alt, time_split_svg

        return DrawnChart(
            svg=time_split_svg(split, theme.chart_style(), lang=lang),
            alt=time_split_alt(split, lang, title=gettext("Time split")),
        )

    jobs = [ChartJob("time_split", (split, colours, lang, gettext("Time split")), time_split)]
    pay = resolved or resolve_pay(career, area)
    if pay and pay.ranges:
        # Literal gettext calls, so that `pybabel extract` finds the words (scripts/translations).
        labels = [gettext("Pay ranges"), gettext("to"), gettext("median"), gettext("an hour")]

        def pay_chart() -> DrawnChart:
            from careerbook.charts.pay import pay_alt, pay_svg

            return DrawnChart(
                svg=pay_svg(pay, theme.chart_style(), lang=lang, median_label=labels[2]),
                alt=pay_alt(pay, lang, title=labels[0], to=labels[1], median=labels[2], per_hour=labels[3]),
            )

        jobs.append(
            ChartJob("pay", ((pay.currency, pay.period, pay.ranges), colours, lang, labels), pay_chart)
        )
    return jobs


def figures(career: Career, theme: Theme, lang: str, pay: ResolvedPay | None = None) -> dict[str, Figure]:
    """The career's charts, drawn in the theme's colours, with their alt text."""
    out = {}
    for job in chart_jobs(career, theme, lang, resolved=pay):
        drawn = disk_cache.chart(job.name, job.inputs, job.draw)
        out[job.name] = Figure(svg_uri(drawn.svg), drawn.alt)
    return out


def related(career: Career, in_book: dict[str, str]) -> list[Related]:
    """Each related career, linked when it is in the document (by title or slug)."""
    out = []
    for name in career.related or []:
        anchor = in_book.get(name.casefold())
        out.append(Related(name, anchor))
    return out


def qr_codes(sources: Career | Sequence[Source]) -> dict[int, str]:
    """A vector QR code for every source with a URL, keyed by the source's index.

    The model keeps addresses short enough for a QR code; one that does not fit all the
    same prints as text only.
    """
    import segno

    codes = {}
    listed = (sources.sources or []) if isinstance(sources, Career) else sources
    for i, s in enumerate(listed):
        if s.url:
            try:
                code = segno.make(s.url, error="m")
            except segno.DataOverflowError:
                continue
            codes[i] = svg_uri(code.svg_inline(scale=1, border=0, omitsize=False))
    return codes


def render_career(
    career: Career, theme: Theme, page: PageSetup, in_book: dict[str, str] | None = None
) -> Markup:
    """One career as an <article>, in its own language."""
    lang = career_lang(career, page.book)
    env = environment(theme, lang)
    pay = resolve_pay(career, page.area)
    sources = sources_with_bls(career, pay)
    html = _render(
        env,
        "career.html",
        career=career,
        lang=lang,
        figures=figures(career, theme, lang, pay),
        related=related(career, in_book or {}),
        qr=qr_codes(sources),
        in_book=in_book is not None,
        page=page,
        pay=pay,
        sources=sources,
    )
    return Markup(html)


def render_handout(career: Career, theme: Theme, page: PageSetup) -> str:
    """A whole HTML document for one career's handout."""
    lang = career_lang(career, page.book)
    article = render_career(career, theme, page)
    return _render(
        environment(theme, lang),
        "handout.html",
        career=career,
        article=article,
        lang=lang,
        page=page,
        css=stylesheet(theme, page),
        footer_date=career.dated_on or build_date(),
        dated=career.dated_on is not None,
    )


def render_booklet(careers: Sequence[Career], theme: Theme, page: PageSetup, context: dict[str, Any]) -> str:
    """A whole HTML document for the booklet; `context` comes from book.py."""
    return _render(
        environment(theme, page.lang),
        "booklet.html",
        page=page,
        careers=careers,
        lang=page.lang,
        css=stylesheet(theme, page),
        **context,
    )


def stylesheet(theme: Theme, page: PageSetup) -> Markup:
    """The theme's CSS, its colour variables and the paper size, inlined into the page."""
    # A project's stylesheet may not be a link to a file outside its folder, nor close <style>.
    parts = [read_confined(p, theme.style_dirs).replace("</", "<\\/") for p in theme.stylesheets()]
    size = "letter" if page.paper == "letter" else "A4"
    parts.append(theme.css_variables())
    parts.append(f"@page {{ size: {size}; }}")
    return Markup("\n".join(parts))
