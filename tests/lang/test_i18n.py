"""The fixed text in other languages: catalogs complete and compiled, pages read back in Spanish."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from careerbook.lang import i18n
from commands import run
from pdftools import Pdf, read_pdf, squash

ROOT = Path(__file__).parents[2]
CAREERS = Path(__file__).parents[1] / "data" / "careers"
LOCALE = i18n.LOCALE_DIR
FIX = "run scripts/translations (README: Adding a language)"
CATALOGS = sorted(p.parent.parent.name for p in LOCALE.glob("*/LC_MESSAGES/careerbook.po"))


def po(lang: str) -> Catalog:
    with (LOCALE / lang / "LC_MESSAGES" / "careerbook.po").open("rb") as f:
        return read_po(f, locale=lang)


def messages(catalog: Catalog) -> dict[str, str]:
    """msgid -> msgstr of what a compiled catalog holds (no header, no fuzzy, no empty)."""
    return {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy and isinstance(m.id, str)}


def source_ids() -> set[str]:
    """Every text the templates and the code mark for translation, extracted afresh."""
    with (LOCALE / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    return {str(found[2]) for found in extract_from_dir(ROOT, method_map, options_map)}


# --- the catalogs ---------------------------------------------------------------------------


def test_the_template_holds_every_marked_text() -> None:
    with (LOCALE / "careerbook.pot").open("rb") as f:
        pot = {m.id for m in read_po(f) if m.id}
    found = source_ids()
    assert {"Page {page} of {pages}", "Dated {date}", "median", "Draft", "Contents"} <= found
    assert found - pot == set(), f"new texts are not in careerbook.pot: {FIX}"
    assert pot - found == set(), f"careerbook.pot has texts no template uses: {FIX}"


@pytest.mark.parametrize("lang", CATALOGS)
def test_each_catalog_follows_the_template(lang: str) -> None:
    ids = {m.id for m in po(lang) if m.id}
    assert ids == source_ids(), f"the {lang} catalog is out of date: {FIX}"


def test_the_bundled_languages() -> None:
    assert {"en", "es"} <= set(CATALOGS)


@pytest.mark.parametrize("lang", [c for c in CATALOGS if c != i18n.SOURCE_LANG])
def test_every_text_is_translated_with_its_placeholders(lang: str) -> None:
    catalog = po(lang)
    untranslated = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
    assert not untranslated, f"translate these in {lang}/LC_MESSAGES/careerbook.po: {untranslated}"
    for m in catalog:
        if m.id:
            assert re.findall(r"\{\w+\}", m.string) == re.findall(r"\{\w+\}", str(m.id)), m.id
            assert "%" not in m.string and "<" not in m.string, m.id


@pytest.mark.parametrize("lang", CATALOGS)
def test_compiled_catalog_matches_its_po(lang: str) -> None:
    with (LOCALE / lang / "LC_MESSAGES" / "careerbook.mo").open("rb") as f:
        compiled = read_mo(f)
    assert messages(compiled) == messages(po(lang)), f"the {lang} .mo is stale: {FIX}"


def test_languages_and_fallbacks() -> None:
    assert {"en", "es"} <= set(i18n.languages())
    assert i18n.translations("es").gettext("Contents") == "Índice"
    assert i18n.translations("es-MX").gettext("Draft") == "Borrador"
    assert i18n.translations("es").gettext("Page {page} of {pages}") == "Página {page} de {pages}"
    assert i18n.translations("en").gettext("Contents") == "Contents"
    # A language with no catalog prints the English text (its numbers stay its own).
    assert i18n.translations("fr").gettext("Contents") == "Contents"
    assert i18n.has_catalog("es-AR") and i18n.has_catalog("en-GB") and not i18n.has_catalog("fr")


# --- a Spanish handout, read back -------------------------------------------------------------


@pytest.fixture(scope="module")
def spanish(tmp_path_factory: pytest.TempPathFactory) -> Pdf:
    folder = tmp_path_factory.mktemp("es")
    shutil.copy(CAREERS / "spanish.yaml", folder)
    out = folder / "panadero.pdf"
    run("handout", str(folder / "spanish.yaml"), "-o", str(out))
    return read_pdf(out)


def test_spanish_handout_has_spanish_headings(spanish: Pdf) -> None:
    text = squash(spanish.text)
    flat = " ".join(spanish.text.split())
    for heading in (
        "Profesiones afines:",
        "Vale la pena si",
        "Quizá no es para ti si",
        "El trabajo",
        "Lo que de verdad harías todo el día",
        "Cómo se reparte el tiempo",
        "Actividad",
        "Parte del tiempo",
        "¿De verdad te gustaría?",
        "Empieza por aquí",
        "Las cifras",
        "Sueldo anual (EUR)",
        "Trayectoria",
        "Rango",
        "Mediana",
        "crecimiento del empleo",
        "Hacia dónde va",
        "Ahora mismo",
        "Fuentes",
        "Fechado en marzo de 2026",
    ):
        assert squash(heading) in text, heading
    for english in (
        "What you’d actually do all day",
        "Worth a look if",
        "Start here",
        "The numbers",
        "Yearly pay",
        "job growth",
        "Sources",
        "Dated",
        "median",
    ):
        assert not re.search(rf"\b{english}\b", flat, re.IGNORECASE), english


def test_spanish_footer_on_every_page(spanish: Pdf) -> None:
    n = len(spanish.pages)
    for i, page in enumerate(spanish.pages, 1):
        flat = " ".join(page.split())
        assert f"Página {i} de {n}" in flat
        assert "Fechado en marzo de 2026" in flat


def test_spanish_numbers_money_and_dates(spanish: Pdf) -> None:
    flat = " ".join(spanish.text.replace("\u00a0", " ").replace("\u202f", " ").split())
    # The table and the chart: thousands with a dot, the euro after the number.
    for amount in (
        "16.000 €–21.000 €",
        "18.500 €",
        "20.000 €–60.000+ €",
        "mediana 26.000 €",
        "40 %",
        "+1–3 %",
    ):
        assert amount in flat, amount
    assert "€16" not in flat and "16,000" not in flat and "€18.5K" not in flat


def test_chart_alt_text_is_in_spanish(tmp_path: Path) -> None:
    from careerbook.content.validate import load_career
    from careerbook.render.templates import figures
    from careerbook.render.theme import load_theme

    found = figures(load_career(CAREERS / "spanish.yaml"), load_theme(None), "es")
    assert found["time_split"].alt.startswith("Reparto del tiempo: Amasado y formado 40\u00a0%")
    assert "Ayudante de panadería 16.000\u00a0€ a 21.000\u00a0€, mediana 18.500\u00a0€" in found[
        "pay"
    ].alt.replace("\u202f", "\u00a0")


# --- a booklet in two languages ---------------------------------------------------------------


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Pdf:
    """A Spanish book holding a Spanish and an English career that refer to each other."""
    root = tmp_path_factory.mktemp("mixed")
    (root / "content").mkdir()
    panadero = yaml.safe_load((CAREERS / "spanish.yaml").read_text(encoding="utf-8"))
    panadero["related"] = ["Beekeeper"]
    beekeeper = yaml.safe_load((CAREERS / "minimal.yaml").read_text(encoding="utf-8"))
    beekeeper.update(lang="en", related=["Panadero artesano"])
    for slug, data in (("panadero", panadero), ("beekeeper", beekeeper)):
        (root / "content" / f"{slug}.yaml").write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    (root / "careerbook.yaml").write_text(
        "title: Oficios\nlang: es\nduplex: false\ncareers: [panadero, beekeeper]\n", encoding="utf-8"
    )
    run("booklet", str(root))
    return read_pdf(root / "output" / "booklet.pdf")


def test_booklet_frame_in_the_book_language(mixed: Pdf) -> None:
    level1 = {title: page for level, title, page in mixed.outline() if level == 1}
    assert {"Índice", "Índice de profesiones", "Panadero artesano", "Beekeeper"} <= set(level1)
    index = squash(mixed.pages[level1["Índice de profesiones"] - 1])
    assert squash("Por familia profesional") in index and squash("De la A a la Z") in index
    # Careers with no cluster are grouped under the book's words for "other".
    assert squash("Otras profesiones") in index
    assert squash("Index of careers") not in squash(mixed.text)


def test_each_career_in_its_own_language(mixed: Pdf) -> None:
    level1 = {title: page for level, title, page in mixed.outline() if level == 1}
    es_page = " ".join(mixed.pages[level1["Panadero artesano"] - 1].split())
    en_page = " ".join(mixed.pages[level1["Beekeeper"] - 1].split())
    assert "Lo que de verdad harías todo el día" in es_page
    assert "What you’d actually do all day" in en_page
    assert "Lo que de verdad" not in en_page
    # Cross-references: "p." in the language of the article they sit in.
    assert f"Profesiones afines: Beekeeper, pág. {level1['Beekeeper']}" in es_page
    assert f"Related: Panadero artesano, p. {level1['Panadero artesano']}" in en_page
    # The English career's figures are English, the Spanish one's Spanish.
    assert "60%" in en_page and "60 %" not in en_page.replace("\u00a0", " ")
    assert "40 %" in es_page.replace("\u00a0", " ")
