"""Bounds and patterns every app keeps to, each named once (issue 12).

Plain constants, importable from models, forms, serializers and services alike. A limit that is
part of a database column (a ``max_length``, ``max_digits``) changes the schema when it changes
here: ``makemigrations --check`` says so.
"""

from decimal import Decimal

from intrel.policy import FIRST_YEAR, LAST_YEAR

__all__ = [
    "BUDGET_YEAR_MAX",
    "BUDGET_YEAR_MIN",
    "DECISION_FILTER_YEAR_MAX",
    "DECISION_FILTER_YEAR_MIN",
    "DESCRIPTION_MAX_LENGTH",
    "FIRST_YEAR",
    "HOURS_DIGITS",
    "HOURS_MAX",
    "HOURS_PLACES",
    "LAST_YEAR",
    "MONEY_DIGITS",
    "MONEY_MAX",
    "MONEY_PLACES",
    "NAME_MAX_LENGTH",
    "PORTFOLIO_CODE_MAX_LENGTH",
    "SLUG_MAX_LENGTH",
    "SLUG_REGEX",
    "year_in_range",
]

# --- years ------------------------------------------------------------------------------------
# Every date kept lies in the engine's range (intrel.policy: 1800-01-01 to 2200-12-31), so that
# no date a page or the API accepts is one the engine would refuse. The engine owns the fact
# (it imports nothing from the apps); it is repeated here under the same names for the apps.

# A budget line's year is a different fact from a date: lines are in euros (no guilder budgets
# are kept) and are planned a few years ahead, so a year outside 2000-2100 is a typing error
# (20025), not a plan. The database refuses it too
# (budgets.BudgetLine's ``budgetline_year_range``); the API documents it (minimum, maximum).
BUDGET_YEAR_MIN, BUDGET_YEAR_MAX = 2000, 2100

# The decisions list's ``year`` filter in the API accepts 1900-2999, as its OpenAPI document
# (a contract with its clients) says; a year without decisions gives an empty list. Narrowing it
# to the engine's range would change the document, so it is named here, apart (ADR 0012).
DECISION_FILTER_YEAR_MIN, DECISION_FILTER_YEAR_MAX = 1900, 2999


def year_in_range(year: int) -> bool:
    """Whether a page may be about ``year`` (an annual report, a year's list): a year a kept
    date can fall in. Outside it nothing can exist, whatever a URL says."""
    return FIRST_YEAR <= year <= LAST_YEAR


# --- identifiers ------------------------------------------------------------------------------
# A stable identifier (slug) in links, the API and the assessments: the same characters as
# Django's SlugField and the engine's ``SLUG_PATTERN``; unanchored, for URL routes and
# ``lookup_value_regex`` (anchor it as ``f"^{SLUG_REGEX}$"`` in a serializer's pattern).
SLUG_REGEX = r"[-a-zA-Z0-9_]+"
SLUG_MAX_LENGTH = 100
# A portfolio's code as the framework writes it (EZ, BZ-IR).
PORTFOLIO_CODE_MAX_LENGTH = 16
# A name or title of a thing kept (relation, partner, line, meeting, person).
NAME_MAX_LENGTH = 200
# A description sent through the API: the request guard bounds the body, this one field.
DESCRIPTION_MAX_LENGTH = 20000

# --- amounts ----------------------------------------------------------------------------------
# Money in euros with cents; staff hours with one decimal (a relation's yearly budget, a budget
# line and its ledger). The largest values follow from the digits.
MONEY_DIGITS, MONEY_PLACES = 12, 2
HOURS_DIGITS, HOURS_PLACES = 8, 1
MONEY_MAX = Decimal("9" * (MONEY_DIGITS - MONEY_PLACES) + "." + "9" * MONEY_PLACES)
HOURS_MAX = Decimal("9" * (HOURS_DIGITS - HOURS_PLACES) + "." + "9" * HOURS_PLACES)
