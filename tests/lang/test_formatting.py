"""Money, percents, growth and dates in English and Spanish (careerbook.formatting)."""

from __future__ import annotations

import datetime as dt

import pytest

from careerbook.lang import formatting
from careerbook.lang.formatting import full_date, growth, locale_for, money, money_range, month_year, percent

NBSP = "\xa0"  # babel keeps a number and its symbol together with a no-break space


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "$0"),
        (950, "$950"),
        (34000, "$34K"),
        (66000, "$66K"),
        (105000, "$105K"),
        (500000, "$500K"),
        (1500000, "$1.5M"),
        (999990, "$1M"),  # rounded before choosing the unit: never "$1000K"
    ],
)
def test_english_money_is_compact(value: float, expected: str) -> None:
    assert money(value, "USD", "en") == expected


def test_english_money_keeps_the_currency() -> None:
    assert money(34000, "EUR", "en") == "€34K"
    assert money(34000, "GBP", "en-GB") == "£34K"


_COMPACT_IN_ENGLISH = [
    ("en", 34500, "USD", "$34.5K"),
    ("en-GB", 34000, "GBP", "£34K"),  # Babel 2.19's data says "£34k"
    ("en-GB", 1500000, "USD", "US$1.5M"),
    ("en-AU", 2500000000, "AUD", "$2.5B"),
    ("en-CA", -66000, "CAD", "-$66K"),
    ("en-DE", 105000, "EUR", "€105K"),  # the symbol leads, though "34.000,00 €" is the standard
    ("en-IN", 1500000, "INR", "₹15L"),  # lakh and crore in India
    ("en-IN", 25000000, "INR", "₹2.5Cr"),
    ("en-IN", 34000, "INR", "₹34K"),
]


@pytest.mark.parametrize(("lang", "value", "currency", "expected"), _COMPACT_IN_ENGLISH)
def test_compact_english_money_is_careerbooks_own_rule(
    lang: str, value: float, currency: str, expected: str
) -> None:
    assert money(value, currency, lang) == expected


def test_compact_money_does_not_follow_babels_compact_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """Babel's compact patterns change with CLDR (`£34k`); careerbook's units do not."""
    from babel import Locale

    other = {"short": {"1000": {"one": "¤0 grand", "other": "¤0 grand"}}}
    monkeypatch.setattr(Locale, "compact_currency_formats", property(lambda self: other))
    monkeypatch.setattr(Locale, "compact_decimal_formats", property(lambda self: other))
    for lang, value, currency, expected in _COMPACT_IN_ENGLISH:
        assert money(value, currency, lang) == expected


@pytest.mark.parametrize(
    ("value", "currency", "expected"),
    [
        (34000, "EUR", f"34.000{NBSP}€"),
        (105000, "EUR", f"105.000{NBSP}€"),
        (1500000, "EUR", f"1.500.000{NBSP}€"),
        (34000.4, "EUR", f"34.000{NBSP}€"),
        (66000, "USD", f"66.000{NBSP}US$"),
    ],
)
def test_spanish_money_is_written_in_full(value: float, currency: str, expected: str) -> None:
    assert money(value, currency, "es") == expected


def test_other_languages_keep_their_symbol_placement() -> None:
    assert money(34000, "EUR", "de") == f"34.000{NBSP}€"
    assert money(34000, "USD", "ja") == "$34,000"


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (25, "en", "$25"),
        (25.5, "en", "$25.50"),
        (1250, "en", "$1,250"),  # an hourly figure is never compact
        (25, "es", f"25{NBSP}US$"),
    ],
)
def test_hourly_money_keeps_cents_only_when_there_are_some(value: float, lang: str, expected: str) -> None:
    assert money(value, "USD", lang, period="hour") == expected


def test_spanish_hourly_euros() -> None:
    assert money(25.5, "EUR", "es", period="hour") == f"25,50{NBSP}€"
    assert money(25, "EUR", "es", period="hour") == f"25{NBSP}€"


def test_money_range() -> None:
    assert money_range(34000, 105000, "USD", "en") == "$34K–$105K"
    assert money_range(150000, 500000, "USD", "en", open_high=True) == "$150K–$500K+"
    assert money_range(20, 35.5, "USD", "en", period="hour") == "$20.00–$35.50"  # one style


def test_spanish_open_range_puts_the_plus_on_the_number() -> None:
    assert money_range(150000, 500000, "EUR", "es", open_high=True) == f"150.000{NBSP}€–500.000+{NBSP}€"


def test_open_ended() -> None:
    assert formatting.open_ended("$500K") == "$500K+"
    assert formatting.open_ended(f"500.000{NBSP}€") == f"500.000+{NBSP}€"


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (25, "en", "25%"),
        (12.5, "en", "12.5%"),
        (100, "en", "100%"),
        (2, "en", "2%"),
        (25, "es", f"25{NBSP}%"),
        (12.5, "es", f"12,5{NBSP}%"),
    ],
)
def test_percent(value: float, lang: str, expected: str) -> None:
    assert percent(value, lang) == expected


@pytest.mark.parametrize(
    ("low", "high", "lang", "expected"),
    [
        (11, 17, "en", "+11–17%"),
        (-3, 2, "en", "−3–2%"),
        (-5, -2, "en", "−5–−2%"),
        (4, 4, "en", "+4%"),
        (2.5, 7.5, "en", "+2.5–7.5%"),
        (11, 17, "es", f"+11–17{NBSP}%"),
        (2.5, 7.5, "es", f"+2,5–7,5{NBSP}%"),
    ],
)
def test_growth(low: float, high: float, lang: str, expected: str) -> None:
    assert growth(low, high, lang) == expected


def test_dates_in_english_and_spanish() -> None:
    day = dt.date(2026, 6, 3)
    assert month_year(day, "en") == "June 2026"
    assert month_year(day, "es") == "junio de 2026"
    assert full_date(day, "en") == "June 3, 2026"
    assert full_date(day, "es") == "3 de junio de 2026"
    assert month_year(dt.datetime(2026, 6, 3, 12, 0), "en") == "June 2026"


def test_bcp47_tags_are_understood() -> None:
    assert str(locale_for("en-GB")) == "en_GB"
    assert str(locale_for("fr-CA")) == "fr_CA"
    assert str(locale_for("zh-Hant-TW")) == "zh_Hant_TW"
    assert full_date(dt.date(2026, 6, 3), "en-GB") == "3 June 2026"


@pytest.mark.parametrize("lang", [None, "", "xx", "qq-ZZ", "not a tag"])
def test_unknown_languages_fall_back_to_english(lang: str | None) -> None:
    assert str(locale_for(lang)) == "en"
    assert money(34000, "EUR", lang) == "€34K"
    assert month_year(dt.date(2026, 6, 1), lang) == "June 2026"


def test_a_known_language_with_an_unknown_region_keeps_the_language() -> None:
    assert locale_for("es-QQ").language == "es"
    assert money(34000, "EUR", "es-QQ") == f"34.000{NBSP}€"
