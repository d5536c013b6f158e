"""The one list of country codes the product accepts, for the engine and the partners app.

ISO 3166-1 alpha-2 as pycountry carries it (the officially assigned codes), plus the
user-assigned codes the product accepts because they are in common use: ``XK`` (Kosovo, as the
European Commission and many registers write it). Codes are upper case. Plain Python: pycountry
is a plain library, so the engine stays free of Django.
"""

from __future__ import annotations

import pycountry

# Codes ISO 3166 leaves for user assignment that the product accepts, with their English name.
USER_ASSIGNED: dict[str, str] = {"XK": "Kosovo"}

# Every accepted code -> its English name, sorted by code.
COUNTRY_NAMES: dict[str, str] = dict(
    sorted({**{c.alpha_2: c.name for c in pycountry.countries}, **USER_ASSIGNED}.items())
)

COUNTRY_CODES: frozenset[str] = frozenset(COUNTRY_NAMES)


def is_country_code(value: str) -> bool:
    """Whether ``value`` is an accepted country code (ISO 3166-1 alpha-2 or user-assigned)."""
    return value in COUNTRY_CODES
