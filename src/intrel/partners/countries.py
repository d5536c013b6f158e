"""Country codes and names in the active language.

The codes are the engine's one list (``intrel.policy.COUNTRY_NAMES``: pycountry's ISO 3166-1
alpha-2 plus the user-assigned codes the product accepts, such as XK for Kosovo), so a partner the
register accepts is a partner the engine accepts.
"""

from functools import lru_cache

import pycountry
from django.utils.translation import get_language

from intrel.policy import COUNTRY_NAMES, USER_ASSIGNED

# English names used in public lists that are not ISO names (the twin-towns data among them).
NAME_ALIASES = {
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "united kingdom": "GB",
    "uk": "GB",
    "russia": "RU",
    "south korea": "KR",
    "north korea": "KP",
    "taiwan": "TW",
    "iran": "IR",
    "syria": "SY",
    "vietnam": "VN",
    "laos": "LA",
    "bolivia": "BO",
    "venezuela": "VE",
    "tanzania": "TZ",
    "moldova": "MD",
    "czech republic": "CZ",
    "czechia": "CZ",
    "turkey": "TR",
    "macedonia": "MK",
    "republic of macedonia": "MK",
    "kosovo": "XK",
    "palestine": "PS",
    "state of palestine": "PS",
    "ivory coast": "CI",
    "cape verde": "CV",
    "east timor": "TL",
    "brunei": "BN",
    "micronesia": "FM",
    "federated states of micronesia": "FM",
    "vatican city": "VA",
    "republic of the congo": "CG",
    "democratic republic of the congo": "CD",
    "the gambia": "GM",
    "gambia": "GM",
    "the bahamas": "BS",
    "swaziland": "SZ",
    "burma": "MM",
    "people's republic of china": "CN",
    "republic of ireland": "IE",
    "the netherlands": "NL",
    "holland": "NL",
    "faroe islands": "FO",
    "sint maarten": "SX",
    "curacao": "CW",
    "curaçao": "CW",
    "usa": "US",
    "united states of america": "US",
    "transnistria": "MD",
    "abkhazia": "GE",
    "northern cyprus": "CY",
    "south ossetia": "GE",
    "artsakh": "AZ",
    "nagorno-karabakh": "AZ",
    "georgia (country)": "GE",
    "moldavia": "MD",
    "bosnia and hercegovina": "BA",
    "surinam": "SR",
    "falkland islands": "FK",
    "west bank": "PS",
    "são tomé and príncipe": "ST",
}
# Codes that ISO reserves for user assignment but that are in common use (XK) are the engine's
# USER_ASSIGNED: pycountry has no Dutch name for them.


def is_country_code(code: str) -> bool:
    return code in COUNTRY_NAMES


@lru_cache(maxsize=1)
def _dutch_names() -> dict[str, str]:
    """Every code's Dutch name, read from pycountry's catalogue once per process.

    Opening the ``iso3166-1`` catalogue for each name cost a file read per country on every
    page that lists partners (issue 19); the names do not change while the process runs.
    """
    import gettext

    try:
        nl = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["nl"])
    except OSError:
        return {}
    return {
        code: nl.gettext(name) for code, name in COUNTRY_NAMES.items() if code not in USER_ASSIGNED
    }


def country_name(code: str) -> str:
    """The country's name in the active language (Dutch or English)."""
    name = COUNTRY_NAMES.get(code, code)
    language = get_language()
    if language and language.startswith("nl"):
        return _dutch_names().get(code, name)
    return name


def country_choices() -> list[tuple[str, str]]:
    return sorted(((code, country_name(code)) for code in COUNTRY_NAMES), key=lambda c: c[1])


@lru_cache(maxsize=4096)
def country_code_for_name(name: str) -> str | None:
    """Map an English country name (as in public lists) to its alpha-2 code, or None."""
    key = " ".join(name.strip().strip('"').lower().split())
    if not key:
        return None
    if key in NAME_ALIASES:
        return NAME_ALIASES[key]
    if len(key) == 2 and key.upper() in COUNTRY_NAMES:
        return key.upper()
    for attr in ("name", "official_name", "common_name"):
        for country in pycountry.countries:
            value = getattr(country, attr, None)
            if value and value.lower() == key:
                return str(country.alpha_2)
    if "," in key:
        # "England, United Kingdom", "Ohio, United States": the state the place belongs to.
        place, _, state = key.rpartition(",")
        return country_code_for_name(state) or country_code_for_name(place)
    return None
