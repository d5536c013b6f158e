"""Numbers and dates as a reader of the language expects them (plain Python, no Django).

Dutch: ``€ 10.000,00`` and ``1.234,5``; English: ``€10,000.00`` and ``1,234.5``. The space
between the euro sign and a Dutch amount is a non-breaking space (U+00A0), so an amount never breaks
over two lines. Every amount in a message, page, PDF or export goes through these functions (or
the Django wrappers in ``intrel.core.formatting``), so there is one format per language.
Dates inside sentences read ``1 december 2026`` (nl) and ``1 December 2026`` (en); structured
fields keep ISO ``2026-12-01``.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

Number = Decimal | int | float | str

NBSP = "\u00a0"
_SEPARATORS = {"nl": (".", ","), "en": (",", ".")}


def _language(language: str | None) -> str:
    if language in _SEPARATORS:  # the common case: "nl" or "en" as they are
        return language
    code = (language or "nl").lower().replace("_", "-").split("-")[0]
    return code if code in _SEPARATORS else "nl"


_QUANTS = [Decimal(1).scaleb(-places) for places in range(10)]
# The format ``Decimal`` writes with ``,`` grouping (English), turned into the language's.
_TO_DUTCH = str.maketrans(",.", ".,")


def format_number(value: Number, language: str | None = "nl", decimals: int = 2) -> str:
    """``value`` with ``decimals`` places, grouped in thousands, in the language's separators."""
    exponent = _QUANTS[decimals] if 0 <= decimals < len(_QUANTS) else Decimal(1).scaleb(-decimals)
    number = (value if isinstance(value, Decimal) else Decimal(str(value))).quantize(
        exponent, rounding=ROUND_HALF_UP
    )
    sign = "-" if number < 0 else ""
    # Rounded exactly above, so the format only groups and pads (it rounds nothing).
    text = format(abs(number), f",.{max(decimals, 0)}f")
    if _language(language) == "nl":
        text = text.translate(_TO_DUTCH)
    return sign + text


def format_eur(value: Number, language: str | None = "nl", decimals: int = 2) -> str:
    """An amount in euros: ``€ 10.000,00`` (nl, non-breaking space) or ``€10,000.00`` (en)."""
    text = format_number(value, language, decimals)
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    if _language(language) == "en":
        return f"{sign}€{digits}"
    return f"€{NBSP}{sign}{digits}"


def format_eur_both(value: Number) -> tuple[str, str]:
    """:func:`format_eur` in Dutch and in English, the number rounded and grouped once."""
    english = format_number(value, "en")
    sign, digits = ("-", english[1:]) if english.startswith("-") else ("", english)
    return f"€{NBSP}{sign}{digits.translate(_TO_DUTCH)}", f"{sign}€{digits}"


def format_hours(value: Number, language: str | None = "nl", *, unit: bool = True) -> str:
    """Hours with at most one decimal: ``1.234,5 uur`` (nl) or ``1,234.5 hours`` (en)."""
    # Rounded first, then the decimal dropped when it is 0: 2.04 is "2 uur", not "2,0 uur".
    number = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    decimals = 0 if number == number.to_integral_value() else 1
    text = format_number(number, language, decimals)
    if not unit:
        return text
    word = "hours" if _language(language) == "en" else "uur"
    if _language(language) == "en" and number == 1:
        word = "hour"
    return f"{text}{NBSP}{word}"


_MONTHS = {
    "nl": [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}


def format_date(value: date, language: str | None = "nl") -> str:
    """A date in a sentence: ``1 december 2026`` (nl) or ``1 December 2026`` (en)."""
    month = _MONTHS[_language(language)][value.month - 1]
    return f"{value.day} {month} {value.year}"
