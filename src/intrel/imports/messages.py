"""Import problems in the interface language.

The policy engine states a problem in the contract's English (``required``, ``not a date``,
``must be one of: …``) and imports nothing from Django; Python's JSON parser states its own in
English (``Expecting value``). Here each known message gets its translation, so that a page in
Dutch says every problem in Dutch and no raw library text reaches the user. The English
interface keeps the contract's words (they are documented in docs/import.md), except where they
were a library's or too terse to act on (``required``).
"""

from __future__ import annotations

import re

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The engine's fixed messages (intrel.policy.subjects) and pydantic's, by their text.
_FIXED: dict[str, Promise] = {
    "required": gettext_lazy("required, but missing or empty"),
    "unknown field": gettext_lazy("unknown field"),
    "not true or false": gettext_lazy("not true or false"),
    "not a whole number": gettext_lazy("not a whole number"),
    "not a text": gettext_lazy("not a text"),
    "not a list": gettext_lazy("not a list"),
    "not an object": gettext_lazy("not an object"),
    "not a date": gettext_lazy("not a date"),
    "not a number": gettext_lazy("not a number"),
    "must be 0 or more": gettext_lazy("must be 0 or more"),
    "must not be empty": gettext_lazy("must not be empty"),
    "at least one purpose is required": gettext_lazy("at least one purpose is required"),
    "not an ISO 3166-1 alpha-2 country code": gettext_lazy(
        "not an ISO 3166-1 alpha-2 country code"
    ),
    "not a slug (letters, digits, - and _ only)": gettext_lazy(
        "not a slug (letters, digits, - and _ only)"
    ),
    "before start": gettext_lazy("before start"),
    "before signed": gettext_lazy("before signed"),
    "required: the term is zero": gettext_lazy(
        "required: the agreement ends the day it is signed, so the renewal needs its own term"
    ),
    "required when held_by is portfolio": gettext_lazy(
        "required when a portfolio holds the budget"
    ),
    "required when kind is portfolio": gettext_lazy("required when a portfolio owns the relation"),
    "must be one of: relation, committee, budget_line": gettext_lazy(
        "only relation subjects are imported"
    ),
    "not a subject object or a list of them": gettext_lazy(
        "not a relation subject or a list of them"
    ),
    "String should have at least 1 character": gettext_lazy("must not be empty"),
    "not a valid value": gettext_lazy("not a valid value"),
}


# The engine's and pydantic's messages with a value in them: the pattern names each value as
# the translation's placeholder does.
_PATTERNS: list[tuple[re.Pattern[str], Promise]] = [
    (re.compile(r"^must be one of: (?P<values>.*)$"), gettext_lazy("must be one of: %(values)s")),
    (re.compile(r"^at most (?P<n>\d+) characters$"), gettext_lazy("at most %(n)s characters")),
    (re.compile(r"^needs at least (?P<n>\d+) items$"), gettext_lazy("needs at least %(n)s items")),
    (re.compile(r"^must be (?P<n>\S+) or more$"), gettext_lazy("must be %(n)s or more")),
    (
        re.compile(r"^Input should be greater than or equal to (?P<n>\S+)$"),
        gettext_lazy("must be %(n)s or more"),
    ),
    (re.compile(r"^must be (?P<n>\S+) or less$"), gettext_lazy("must be %(n)s or less")),
    (
        re.compile(r"^Input should be less than or equal to (?P<n>\S+)$"),
        gettext_lazy("must be %(n)s or less"),
    ),
    (
        re.compile(r"^Input should be less than (?P<n>\S+)$"),
        gettext_lazy("must be less than %(n)s"),
    ),
    (
        re.compile(r"^a date between (?P<first>\S+) and (?P<last>\S+) is required$"),
        gettext_lazy("a date between %(first)s and %(last)s is required"),
    ),
]


def engine_reason(message: str) -> str:
    """The engine's (English, contract) message for a field, in the interface language.

    A message this module does not know is returned as it is: a new engine message then shows
    in English rather than not at all.
    """
    fixed = _FIXED.get(message)
    if fixed is not None:
        return str(fixed)
    for pattern, translation in _PATTERNS:
        match = pattern.match(message)
        if match:
            return str(translation) % match.groupdict()
    return message


# Python's json module: the start of each message it raises, and what it means.
_JSON_ERRORS: list[tuple[str, Promise]] = [
    (
        "Expecting value",
        gettext_lazy(
            "a value was expected (text in double quotes, a number, true, false, null, [ or {)"
        ),
    ),
    (
        "Expecting property name enclosed in double quotes",
        gettext_lazy("a field name in double quotes was expected"),
    ),
    ("Expecting ',' delimiter", gettext_lazy("a comma was expected")),
    ("Expecting ':' delimiter", gettext_lazy("a colon was expected")),
    ("Unterminated string", gettext_lazy("a text is not closed with a double quote")),
    (
        "Invalid control character",
        gettext_lazy("a text holds a control character such as a line break (write it as \\n)"),
    ),
    ("Invalid \\uXXXX escape", gettext_lazy("a text holds an invalid \\u escape")),
    ("Invalid \\escape", gettext_lazy("a text holds an invalid escape after a backslash")),
    (
        "Extra data",
        gettext_lazy("more follows after the end of the JSON (give one list of relations)"),
    ),
]


def json_error_reason(message: str) -> str:
    """What Python's JSON parser found wrong, in the interface language."""
    for start, reason in _JSON_ERRORS:
        if message.startswith(start):
            return str(reason)
    return _("this is not valid JSON")
