"""Careers + a theme -> HTML: the language of the fixed text, branding, a project's own files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from careerbook.booklet.book import render_book_html
from careerbook.content.models import Book, Career
from careerbook.content.project import Project
from careerbook.content.validate import load_career
from careerbook.render.templates import (
    PageSetup,
    css_counters,
    css_string,
    figures,
    render_career,
    render_handout,
    stylesheet,
)
from careerbook.render.theme import load_theme

CAREERS = Path(__file__).parents[1] / "data" / "careers"


@pytest.fixture(scope="module")
def spanish() -> Career:
    return load_career(CAREERS / "spanish.yaml")


@pytest.fixture(scope="module")
def beekeeper() -> Career:
    return load_career(CAREERS / "minimal.yaml")


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# --- the fixed text follows the career's language ---------------------------------------------


def test_career_in_its_own_language(spanish: Career) -> None:
    html = render_handout(spanish, load_theme(None), PageSetup(book=Book(lang="en")))
    assert '<html lang="es">' in html and 'lang="es"' in html
    text = text_of(html)
    for words in (
        "Lo que de verdad harías todo el día",
        "Empieza por aquí",
        "Sueldo anual (EUR)",
        "Fechado en marzo de 2026",
    ):
        assert words in text
    assert '"Página " counter(page) " de " counter(pages)' in html
    assert "What you’d actually do all day" not in text


def test_career_without_lang_takes_the_books(beekeeper: Career) -> None:
    assert beekeeper.lang is None
    spanish_book = text_of(render_handout(beekeeper, load_theme(None), PageSetup(book=Book(lang="es"))))
    assert "Lo que de verdad harías todo el día" in spanish_book
    english = text_of(render_handout(beekeeper, load_theme(None), PageSetup()))
    assert "What you’d actually do all day" in english and "60%" in english


def test_a_language_without_catalog_keeps_english_words_and_its_own_numbers(spanish: Career) -> None:
    french = spanish.model_copy(update={"lang": "fr"})
    html = render_handout(french, load_theme(None), PageSetup())
    assert "What you’d actually do all day" in text_of(html)
    assert "16\u202f000\xa0€" in html  # French groups thousands with a narrow space
    assert "Dated mars 2026" in text_of(html)


def test_hourly_pay_alt_text_in_spanish(spanish: Career) -> None:
    assert spanish.pay is not None
    hourly = spanish.model_copy(update={"pay": spanish.pay.model_copy(update={"period": "hour"})})
    alt = figures(hourly, load_theme(None), "es")["pay"].alt
    assert "por hora" in alt and "an hour" not in alt and alt.startswith("Rangos salariales:")


def test_booklet_frame_follows_the_book_and_references_their_article(
    spanish: Career, beekeeper: Career, tmp_path: Path
) -> None:
    panadero = spanish.model_copy(update={"related": ["Beekeeper"]})
    bees = beekeeper.model_copy(update={"related": ["Panadero artesano"], "lang": "en"})
    page = PageSetup(book=Book(lang="en"))
    html = render_book_html(Project(tmp_path, page.book), [panadero, bees], load_theme(None), page)
    assert '<html lang="en">' in html
    assert ">Contents</h1>" in html and "Index of careers" in html
    # Each reference says "page" in the language of the article it sits in.
    assert f'href="#{panadero.key}" data-page-label="p."' in html
    assert f'href="#{bees.key}" data-page-label="pág."' in html
    assert 'attr(data-page-label) "\\00a0" target-counter(attr(href), page)' in html


# --- branding ------------------------------------------------------------------------------


def test_handout_footer_carries_logo_and_school(spanish: Career) -> None:
    book = Book(organization="Riverside <High> & Co", contact="counseling@riverside.example")
    html = render_handout(spanish, load_theme(None), PageSetup(book=book, logo_uri="file:///p/logo.png"))
    footer = re.search(r'<div class="brand-footer">(.*?)</div>', html, re.S)
    assert footer, "no running footer element"
    assert (
        '<img class="brand-logo" src="file:///p/logo.png" alt="Riverside &lt;High&gt; &amp; Co">' in footer[1]
    )
    assert "Riverside &lt;High&gt; &amp; Co  ·  counseling@riverside.example" in footer[1]
    assert "@bottom-center { content: element(brand); }" in html
    assert html.index("brand-footer") < html.index("<article"), "a running element must come first"


def test_no_branding_no_footer_element(spanish: Career) -> None:
    html = render_handout(spanish, load_theme(None), PageSetup())
    assert "brand-footer" not in html.split("</style>", 1)[1] and "element(brand)" not in html


def test_css_strings_cannot_break_out() -> None:
    assert css_string('a "b" \\ </style>') == '"a \\"b\\" \\\\ \\3c /style>"'
    assert css_counters("Página {page} de {pages}") == '"Página " counter(page) " de " counter(pages)'
    assert css_counters("{page}/{pages}") == 'counter(page) "/" counter(pages)'


def test_stylesheet_order_and_colours() -> None:
    from careerbook.content.models import Colors

    theme = load_theme("ink-saver", colors=Colors(accent="#7a1f5c"))
    css = str(stylesheet(theme, PageSetup(paper="a4")))
    base, ink, variables = (
        css.index(s) for s in ("careerbook base layout", "Ink-saver", "--accent: #7a1f5c")
    )
    assert base < ink < variables and css.rstrip().endswith("@page { size: A4; }")


# --- a project's own templates and styles, searched first -----------------------------------


def test_project_template_replaces_one_file(spanish: Career, tmp_path: Path) -> None:
    (tmp_path / "templates" / "sections").mkdir(parents=True)
    (tmp_path / "templates" / "sections" / "start_here.html").write_text(
        '<section class="start-here mine"><h2>{{ _("Start here") }}: {{ career.start_here.title }}'
        "</h2></section>",
        encoding="utf-8",
    )
    html = str(render_career(spanish, load_theme(None, tmp_path), PageSetup()))
    assert "Empieza por aquí: Tu primera hogaza de masa madre" in text_of(html)
    assert 'class="start-here mine"' in html
    assert "Lo que de verdad harías todo el día" in text_of(html)  # the other sections are ours


def test_project_theme_uses_the_shared_base(tmp_path: Path) -> None:
    folder = tmp_path / "styles" / "school"
    folder.mkdir(parents=True)
    (folder / "theme.yaml").write_text(
        'description: Our colours\ncolors:\n  ink: "#111111"\n  muted: "#555555"\n'
        '  accent: "#004488"\n  accent_soft: "#eef3f9"\n  chart: ["#004488", "#88aadd"]\n',
        encoding="utf-8",
    )
    (folder / "theme.css").write_text(".closing { font-style: italic; }\n", encoding="utf-8")
    theme = load_theme("school", tmp_path)
    sheets = theme.stylesheets()
    assert sheets[0].parent.name == "styles" and sheets[0].name == "base.css"
    assert sheets[1] == folder / "theme.css"
    assert theme.chart_style().palette == ("#004488", "#88aadd")


def test_an_address_too_long_for_a_qr_code_prints_without_one(tmp_path: Path) -> None:
    """The model refuses such an address; should one get through, the page still renders."""
    from careerbook.content.models import Source
    from careerbook.render.templates import qr_codes

    career = load_career(CAREERS / "full.yaml")
    long = Source.model_construct(text="Источник", url="https://example.org/" + "ж" * 1500)
    sources = [*(career.sources or []), long]
    career = career.model_copy(update={"sources": sources})
    codes = qr_codes(career)
    assert len(sources) - 1 not in codes
    assert codes and all(i < len(sources) - 1 for i in codes)  # the others keep theirs
    html = render_handout(career, load_theme(None), PageSetup())
    assert "https://example.org/" + "ж" * 1500 in html


@pytest.mark.parametrize("name", ["sections/closing.html", "handout.html"])
def test_a_pipe_named_like_a_template_does_not_hang(spanish: Career, tmp_path: Path, name: str) -> None:
    import os
    import signal

    from careerbook.errors import TemplateError

    class Hung(Exception):
        pass

    def hung(signum: int, frame: object) -> None:
        raise Hung("the template was read forever")

    (tmp_path / "templates" / "sections").mkdir(parents=True)
    os.mkfifo(tmp_path / "templates" / name)
    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(10)
    try:
        with pytest.raises(TemplateError, match="not a regular file"):
            render_handout(spanish, load_theme(None, tmp_path), PageSetup())
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
