"""Numbers, money, percents and dates written the way a language writes them (babel)."""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.numbers import (
    format_currency,
    format_decimal,
    format_percent,
    parse_pattern,
)

FALLBACK = "en"
MINUS = "\u2212"  # a real minus sign, not the hyphen
DASH = "\u2013"  # en dash between the ends of a range

_FRACTION = re.compile(r"\.[0#]+")


@cache
def locale_for(lang: str | None) -> Locale:
    """The babel locale of a BCP 47 tag (`en`, `es`, `fr-CA` …); unknown or missing → `en`."""
    if lang:
        tag = lang.strip().replace("_", "-")
        for candidate in (tag, tag.split("-")[0]):
            try:
                return Locale.parse(candidate, sep="-")
            except (UnknownLocaleError, ValueError, TypeError):
                continue
    return Locale.parse(FALLBACK)


def _is_english(locale: Locale) -> bool:
    return locale.language == "en"


def _integral(value: float) -> bool:
    return math.isclose(value, round(value), rel_tol=0, abs_tol=0.005)


@cache
def _currency_pattern(locale: Locale, decimals: bool) -> str:
    """The locale's standard currency pattern, with or without its two decimals."""
    pattern = locale.currency_formats["standard"].pattern
    return pattern if decimals else _FRACTION.sub("", pattern)


def _full_money(value: float, currency: str, locale: Locale, decimals: bool) -> str:
    amount = Decimal(str(round(value, 2))) if decimals else Decimal(round(value))
    return format_currency(
        amount, currency, _currency_pattern(locale, decimals), locale=locale, currency_digits=False
    )


# careerbook's own compact units, not Babel's compact data (CLDR's changes from release
# to release: Babel 2.19 writes "£34k" in en-GB). Biggest first; the symbol always leads.
_UNITS = ((10**12, "T"), (10**9, "B"), (10**6, "M"), (10**3, "K"))
_UNITS_BY_REGION = {"IN": ((10**12, "LCr"), (10**7, "Cr"), (10**5, "L"), (10**3, "K"))}


def _compact_money(value: float, currency: str, locale: Locale, cents: bool) -> str:
    magnitude = abs(value)
    if magnitude < 1000:
        return _full_money(value, currency, locale, decimals=cents)
    # Round to what will show first, so 999,990 becomes "$1M", never "$1000K".
    scale = 10 ** (int(math.log10(magnitude)) // 3 * 3)
    shown = Decimal(str(round(value / scale, 1) * scale))
    unit, suffix = next(u for u in _UNITS_BY_REGION.get(locale.territory or "", _UNITS) if abs(shown) >= u[0])
    return parse_pattern(f"¤0{suffix}").apply(
        round(shown / unit, 1), locale, currency=currency, currency_digits=False, decimal_quantization=False
    )


def needs_cents(*values: float) -> bool:
    """Whether amounts written together (the ends of a range) need cents: when any has them."""
    return not all(_integral(v) for v in values)


def money(
    value: float, currency: str, lang: str | None, *, period: str = "year", cents: bool | None = None
) -> str:
    """An amount of money: `$34K`, `$1.5M` in English; `34.000 €` in Spanish; `$25.50` an hour.

    English tags get careerbook's compact form (K, M, B, T; L and Cr in India); other
    languages the full number without decimals, as the locale writes it. Hourly amounts
    are never compact and keep two decimals only when they have cents (or `cents` says so:
    see `needs_cents`).
    """
    locale = locale_for(lang)
    cents = needs_cents(value) if cents is None else cents
    if period == "hour":
        return _full_money(value, currency, locale, decimals=cents)
    if _is_english(locale):
        return _compact_money(value, currency, locale, cents)
    return _full_money(value, currency, locale, decimals=False)


def exact_money(value: float, currency: str, lang: str | None, *, period: str = "year") -> str:
    """An official figure as published, never compact: `$63,190` a year, `$30.38` an hour."""
    locale = locale_for(lang)
    return _full_money(value, currency, locale, decimals=period == "hour")


def money_range(
    low: float,
    high: float,
    currency: str,
    lang: str | None,
    *,
    open_high: bool = False,
    period: str = "year",
) -> str:
    """`$34K–$105K`; an open top is `$150K–$500K+`; both ends with cents or neither."""
    cents = needs_cents(low, high)
    top = money(high, currency, lang, period=period, cents=cents)
    if open_high:
        top = open_ended(top)
    return f"{money(low, currency, lang, period=period, cents=cents)}{DASH}{top}"


def open_ended(amount: str) -> str:
    """Mark a written amount as open at the top: `$500K+`, `500.000+ €`."""
    last_digit = max((i for i, c in enumerate(amount) if c.isdigit()), default=-1)
    if last_digit < 0:
        return amount + "+"
    tail = amount[last_digit + 1 :]
    space = next((i for i, c in enumerate(tail) if c.isspace()), None)
    if space is not None:  # "500.000 €": the plus belongs to the number, before the symbol
        cut = last_digit + 1 + space
    elif tail and not tail.isalpha():  # a symbol glued after the number
        cut = last_digit + 1
    else:  # "$500K", "$500"
        return amount + "+"
    return amount[:cut] + "+" + amount[cut:]


def _percent_value(value: float) -> Decimal:
    return Decimal(repr(round(value, 2))) / 100


def percent(value: float, lang: str | None) -> str:
    """`25%` (Spanish `25 %`); decimals only when the value has them: `12.5%`."""
    return format_percent(_percent_value(value), locale=locale_for(lang), decimal_quantization=False)


def _number(value: float, locale: Locale) -> str:
    return format_decimal(Decimal(repr(round(abs(value), 2))), locale=locale, decimal_quantization=False)


def _signed(value: float, locale: Locale) -> str:
    sign = "+" if value > 0 else MINUS if value < 0 else ""
    return sign + _number(value, locale)


def growth(low: float, high: float, lang: str | None) -> str:
    """Job growth in percent: `+11–17%`, `−3–2%`; one figure if low equals high."""
    locale = locale_for(lang)
    # Write the top as a percent in the locale's way, then put the range where its number is.
    written = format_percent(_percent_value(abs(high)), locale=locale, decimal_quantization=False)
    number = _number(high, locale)
    if low == high:
        span = _signed(high, locale)
    else:
        top = _number(high, locale) if high >= 0 else _signed(high, locale)
        span = f"{_signed(low, locale)}{DASH}{top}"
    if number in written:
        return written.replace(number, span, 1)
    return span + "%"


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def month_year(value: dt.date | dt.datetime, lang: str | None) -> str:
    """`June 2026`; Spanish `junio de 2026`."""
    return format_skeleton("yMMMM", _as_date(value), locale=locale_for(lang))


def full_date(value: dt.date | dt.datetime, lang: str | None) -> str:
    """`June 3, 2026`; Spanish `3 de junio de 2026`."""
    return format_date(_as_date(value), "long", locale=locale_for(lang))
