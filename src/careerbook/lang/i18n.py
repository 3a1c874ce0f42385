"""The fixed text of the pages (headings, "Dated", "Page N of M") in the reader's language.

The words live in gettext catalogs under `locale/<lang>/LC_MESSAGES/careerbook.po`,
compiled to `.mo` beside them; `scripts/translations` extracts, updates and compiles
them. Adding a language is adding a catalog: see the README, "Adding a language".
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.support import NullTranslations, Translations

DOMAIN = "careerbook"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
SOURCE_LANG = "en"


def candidates(lang: str | None) -> list[str]:
    """`es-MX` -> [`es_MX`, `es`]: the catalogs to try, most specific first."""
    tag = (lang or SOURCE_LANG).strip().replace("-", "_")
    return list(dict.fromkeys([tag, tag.split("_")[0]]))


@cache
def translations(lang: str | None) -> NullTranslations:
    """The catalog for a language, falling back from `es-MX` to `es`, then to English
    (the text as the templates write it)."""
    return Translations.load(str(LOCALE_DIR), candidates(lang), domain=DOMAIN)


def languages() -> list[str]:
    """The languages that have a compiled catalog, e.g. ['en', 'es']."""
    return sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))


def has_catalog(lang: str | None) -> bool:
    """Whether the fixed text can be printed in `lang` (English always can)."""
    available = set(languages()) | {SOURCE_LANG}
    return any(c in available for c in candidates(lang))
