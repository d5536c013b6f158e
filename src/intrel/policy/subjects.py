"""Typed models of the three subjects of an assessment, and their parsing.

Parsing never raises a pydantic error: every problem becomes a :class:`Problem` naming the
subject, the field path and what is wrong, in the contract's format
(``relation "x": involvements[0].start: not a date``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
    WithJsonSchema,
)
from pydantic_core import ErrorDetails, PydanticCustomError

from intrel.policy.constants import (
    Actor,
    BudgetPurpose,
    Holder,
    Initiator,
    InstalledBy,
    MemberRole,
    OwnerKind,
    PartnerKind,
    Purpose,
    RegisteredKind,
    RelationStatus,
    Sector,
)
from intrel.policy.countries import COUNTRY_CODES

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DECIMAL_RE = re.compile(r"^\d+(\.\d+)?$")
# An amount (euros or hours a year) has at most this many digits before the point: far above
# any register (relations store 10 for money), and within the 28 digits of decimal's default
# context, so formatting it to two places cannot overflow (InvalidOperation).
AMOUNT_DIGITS = 15
SLUG_PATTERN = r"^[A-Za-z0-9_-]+$"
_SLUG_RE = re.compile(SLUG_PATTERN)


# The dates a municipality's relations can carry; outside them date arithmetic (notice
# periods, renewals) could leave the calendar, so such a date is refused as input.
FIRST_YEAR, LAST_YEAR = 1800, 2200


def in_date_range(day: date) -> bool:
    return FIRST_YEAR <= day.year <= LAST_YEAR


def parse_date(value: object) -> date | None:
    """``value`` as a date if it is one or reads ``YYYY-MM-DD`` (the contract's only form:
    not ``YYYYMMDD`` nor an ISO week date, which ``date.fromisoformat`` also takes), else
    None. The range is not checked here (:func:`in_date_range`)."""
    if type(value) is date:
        return value
    if isinstance(value, str) and _DATE_RE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _to_date(value: object) -> date:
    day = parse_date(value)
    if day is None:
        raise PydanticCustomError("not_a_date", "not a date")
    if not in_date_range(day):
        raise PydanticCustomError(
            "date_out_of_range",
            "a date between {first}-01-01 and {last}-12-31 is required",
            {"first": FIRST_YEAR, "last": LAST_YEAR},
        )
    return day


def _to_decimal(value: object) -> Decimal:
    if isinstance(value, bool):
        raise PydanticCustomError("not_a_number", "not a number")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))
    elif isinstance(value, str) and _DECIMAL_RE.fullmatch(value.strip()):
        result = Decimal(value.strip())
    elif isinstance(value, str) and value.strip().startswith("-"):
        raise PydanticCustomError("negative", "must be 0 or more")
    else:
        raise PydanticCustomError("not_a_number", "not a number")
    try:
        if not result.is_finite():
            raise PydanticCustomError("not_a_number", "not a number")
    except InvalidOperation as exc:  # pragma: no cover - defensive
        raise PydanticCustomError("not_a_number", "not a number") from exc
    if result < 0:
        raise PydanticCustomError("negative", "must be 0 or more")
    if result.adjusted() >= AMOUNT_DIGITS:
        raise PydanticCustomError(
            "too_large", f"too large: at most {AMOUNT_DIGITS} digits before the decimal point"
        )
    return result


def _to_country(value: object) -> str:
    if isinstance(value, str) and value in COUNTRY_CODES:
        return value
    raise PydanticCustomError("not_a_country", "not an ISO 3166-1 alpha-2 country code")


def _to_slug(value: object) -> str:
    if isinstance(value, str) and _SLUG_RE.fullmatch(value):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError("not_text", "not a text")
    raise PydanticCustomError("not_a_slug", "not a slug (letters, digits, - and _ only)")


IsoDate = Annotated[
    date,
    BeforeValidator(_to_date),
    WithJsonSchema({"type": "string", "format": "date"}),
]
Amount = Annotated[
    Decimal,
    BeforeValidator(_to_decimal),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0, "exclusiveMaximum": 10**AMOUNT_DIGITS},
                {"type": "string", "pattern": rf"^0*\d{{1,{AMOUNT_DIGITS}}}(\.\d+)?$"},
            ]
        }
    ),
]
CountryCode = Annotated[
    str,
    BeforeValidator(_to_country),
    WithJsonSchema({"type": "string", "enum": sorted(COUNTRY_CODES)}),
]
Slug = Annotated[
    str,
    BeforeValidator(_to_slug),
    WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN}),
]
Text = Annotated[StrictStr, Field(min_length=1)]
PortfolioCode = Annotated[StrictStr, Field(min_length=1, max_length=40)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Partner(_Model):
    name: Text
    country: CountryCode
    kind: PartnerKind


class Party(_Model):
    name: Text
    sector: Sector


class Involvement(_Model):
    actor: Actor
    portfolio: PortfolioCode | None = None
    start: IsoDate
    end: IsoDate | None = None
    initiative: Text | None = None


class Agreement(_Model):
    title: Text
    signed: IsoDate
    ends: IsoDate | None = None
    # At most 50 years: longer is a typing error, and would leave the calendar (IMP-3 dates).
    notice_months: Annotated[StrictInt, Field(ge=0, le=600)] = 0
    renews_automatically: StrictBool = False
    renewal_months: Annotated[StrictInt, Field(ge=1, le=600)] | None = None


class Budget(_Model):
    money_eur_per_year: Amount = Decimal(0)
    staff_hours_per_year: Amount = Decimal(0)
    held_by: Holder = Holder.NONE
    portfolio: PortfolioCode | None = None


class Owner(_Model):
    kind: OwnerKind
    portfolio: PortfolioCode | None = None


class Relation(_Model):
    """A relation of the municipality with a partner abroad."""

    subject: Literal["relation"]
    id: Slug
    as_of: IsoDate | None = None
    name: Text
    partner: Partner
    registered_kind: RegisteredKind
    status: RelationStatus = RelationStatus.ACTIVE
    initiated_by: Initiator
    purposes: Annotated[list[Purpose], Field(min_length=1)]
    mutual_value: StrictBool = False
    parties: list[Party] = Field(default_factory=list)
    involvements: list[Involvement] = Field(default_factory=list)
    agreements: list[Agreement] = Field(default_factory=list)
    budget: Budget = Field(default_factory=Budget)
    owner: Owner = Field(default_factory=lambda: Owner(kind=OwnerKind.NONE))
    # The date of the latest recorded activity; None: not known (CONTRACT.md).
    last_activity: IsoDate | None = None


class Member(_Model):
    name: Text
    is_council_member: StrictBool
    is_mayor: StrictBool = False
    role: MemberRole
    elected_by_committee: StrictBool = False


class Committee(_Model):
    """The International Relations committee."""

    subject: Literal["committee"]
    id: Slug
    as_of: IsoDate | None = None
    name: Text | None = None
    installed_by: InstalledBy
    members: list[Member] = Field(default_factory=list)


class BudgetLine(_Model):
    """A pot of money and staff hours."""

    subject: Literal["budget_line"]
    id: Slug
    as_of: IsoDate | None = None
    name: Text | None = None
    purpose: BudgetPurpose
    money_eur_per_year: Amount = Decimal(0)
    staff_hours_per_year: Amount = Decimal(0)
    held_by: Holder
    portfolio: PortfolioCode | None = None


Subject = Relation | Committee | BudgetLine

SUBJECT_MODELS: dict[str, type[Relation] | type[Committee] | type[BudgetLine]] = {
    "relation": Relation,
    "committee": Committee,
    "budget_line": BudgetLine,
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one subject: ``<subject> "<id>": <path>: <message>``."""

    subject_id: str | None
    path: str
    message: str
    subject_type: str = "subject"
    index: int | None = None

    def __str__(self) -> str:
        if self.subject_id is not None:
            who = f'{self.subject_type} "{self.subject_id}"'
        elif self.index is not None:
            who = f"{self.subject_type} [{self.index}]"
        else:
            who = self.subject_type
        return f"{who}: {self.path}: {self.message}"


class SubjectError(ValueError):
    """The input holds one or more invalid subjects; ``problems`` lists every one found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


def format_path(loc: tuple[int | str, ...]) -> str:
    """``('involvements', 0, 'start')`` -> ``involvements[0].start``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(subject)"


_ERROR_MESSAGES = {
    "missing": "required",
    "extra_forbidden": "unknown field",
    "bool_type": "not true or false",
    "bool_parsing": "not true or false",
    "int_type": "not a whole number",
    "int_parsing": "not a whole number",
    "int_from_float": "not a whole number",
    "string_type": "not a text",
    "list_type": "not a list",
    "model_type": "not an object",
    "model_attributes_type": "not an object",
    "dict_type": "not an object",
    "date_type": "not a date",
}


# The error types this module's validators raise (PydanticCustomError): their messages are
# the engine's own words.
OWN_ERROR_TYPES = frozenset(
    {
        "not_a_date",
        "date_out_of_range",
        "not_a_number",
        "negative",
        "too_large",
        "not_a_country",
        "not_text",
        "not_a_slug",
    }
)


def error_message(err: ErrorDetails) -> str:
    """One validation problem in the engine's own words (never a library's)."""
    kind = err["type"]
    ctx = err.get("ctx") or {}
    loc = err["loc"]
    if kind in ("enum", "literal_error"):
        expected = str(ctx.get("expected", ""))
        expected = expected.replace("'", "").replace(" or ", ", ")
        return f"must be one of: {expected}"
    if kind == "too_short":
        if loc and loc[-1] == "purposes":
            return "at least one purpose is required"
        if ctx.get("min_length") == 1:
            return "must not be empty"
        return f"needs at least {ctx.get('min_length')} items"
    if kind == "string_too_short":
        if ctx.get("min_length") == 1:
            return "must not be empty"
        return f"at least {ctx.get('min_length')} characters"
    if kind == "string_too_long":
        return f"at most {ctx.get('max_length')} characters"
    if kind in ("greater_than_equal", "greater_than"):
        limit = ctx.get("ge", ctx.get("gt"))
        return f"must be {limit} or more"
    if kind in ("less_than_equal", "less_than"):
        limit = ctx.get("le", ctx.get("lt"))
        return f"must be {limit} or less"
    if kind in _ERROR_MESSAGES:
        return _ERROR_MESSAGES[kind]
    if kind in OWN_ERROR_TYPES:
        # Raised by this module's own validators: the message is already ours.
        return str(err["msg"])
    # Never a library's wording: a kind of error this module does not know yet.
    return "not a valid value"


def _problems_of(
    exc: ValidationError, subject_type: str, subject_id: str | None, index: int | None
) -> list[Problem]:
    return [
        Problem(subject_id, format_path(tuple(e["loc"])), error_message(e), subject_type, index)
        for e in exc.errors(include_url=False)
    ]


def _maybe(convert: Any, value: object) -> Any:
    """``convert(value)``, or None when the value is missing or invalid (a field problem
    already reports that)."""
    if value is None:
        return None
    try:
        return convert(value)
    except PydanticCustomError:
        return None


def _items(data: dict[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    value = data.get(key)
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


def _object(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


@dataclass
class _CrossFacts:
    """What the cross-field checks read, from a validated subject or from raw input (a value
    missing or invalid there is None)."""

    involvements: list[tuple[int, date | None, date | None]]  # index, start, end
    agreements: list[tuple[int, date | None, date | None, bool]]  # ..., zero-term renewal
    budget_portfolio_missing: bool = False  # held by a portfolio, none named
    owner_portfolio_missing: bool = False
    line_portfolio_missing: bool = False


def _facts_of_subject(subject: Subject) -> _CrossFacts:
    if isinstance(subject, Relation):
        return _CrossFacts(
            [(i, inv.start, inv.end) for i, inv in enumerate(subject.involvements)],
            [
                (
                    i,
                    agr.signed,
                    agr.ends,
                    agr.renews_automatically and agr.renewal_months is None,
                )
                for i, agr in enumerate(subject.agreements)
            ],
            budget_portfolio_missing=subject.budget.held_by == Holder.PORTFOLIO
            and subject.budget.portfolio is None,
            owner_portfolio_missing=subject.owner.kind == OwnerKind.PORTFOLIO
            and subject.owner.portfolio is None,
        )
    if isinstance(subject, BudgetLine):
        return _CrossFacts(
            [],
            [],
            line_portfolio_missing=subject.held_by == Holder.PORTFOLIO
            and subject.portfolio is None,
        )
    return _CrossFacts([], [])


def _facts_of_raw(kind: str, data: dict[str, Any]) -> _CrossFacts:
    """The same facts read from input whose fields did not all validate."""
    if kind == "relation":
        budget, owner = _object(data, "budget"), _object(data, "owner")
        return _CrossFacts(
            [
                (i, _maybe(_to_date, inv.get("start")), _maybe(_to_date, inv.get("end")))
                for i, inv in _items(data, "involvements")
            ],
            [
                (
                    i,
                    _maybe(_to_date, agr.get("signed")),
                    _maybe(_to_date, agr.get("ends")),
                    agr.get("renews_automatically") is True and agr.get("renewal_months") is None,
                )
                for i, agr in _items(data, "agreements")
            ],
            budget_portfolio_missing=budget.get("held_by") == Holder.PORTFOLIO.value
            and budget.get("portfolio") is None,
            owner_portfolio_missing=owner.get("kind") == OwnerKind.PORTFOLIO.value
            and owner.get("portfolio") is None,
        )
    if kind == "budget_line":
        return _CrossFacts(
            [],
            [],
            line_portfolio_missing=data.get("held_by") == Holder.PORTFOLIO.value
            and data.get("portfolio") is None,
        )
    return _CrossFacts([], [])


def _cross_field_problems(facts: _CrossFacts) -> list[tuple[str, str]]:
    """Checks between fields that field validation does not cover: (path, message).

    They run whether or not the fields validated (on the raw input when they did not), so
    every problem of a subject is reported in one pass. A check whose fields are themselves
    missing or invalid is skipped (the field problem says what is wrong)."""
    found: list[tuple[str, str]] = []
    for i, start, end in facts.involvements:
        if start is not None and end is not None and end < start:
            found.append((f"involvements[{i}].end", "before start"))
    for i, signed, ends, zero_term_renewal in facts.agreements:
        if signed is not None and ends is not None and ends < signed:
            found.append((f"agreements[{i}].ends", "before signed"))
        if zero_term_renewal and signed is not None and ends == signed:
            found.append((f"agreements[{i}].renewal_months", "required: the term is zero"))
    if facts.budget_portfolio_missing:
        found.append(("budget.portfolio", "required when held_by is portfolio"))
    if facts.owner_portfolio_missing:
        found.append(("owner.portfolio", "required when kind is portfolio"))
    if facts.line_portfolio_missing:
        found.append(("portfolio", "required when held_by is portfolio"))
    return found


def _parse(data: object, index: int | None) -> Subject:
    if not isinstance(data, dict):
        raise SubjectError([Problem(None, "(subject)", "not an object", "subject", index)])
    raw_id = data.get("id")
    subject_id = raw_id if isinstance(raw_id, str) and raw_id else None
    kind = data.get("subject")
    model = SUBJECT_MODELS.get(kind) if isinstance(kind, str) else None
    if model is None:
        message = "required" if kind is None else "must be one of: relation, committee, budget_line"
        raise SubjectError([Problem(subject_id, "subject", message, "subject", index)])
    assert isinstance(kind, str)
    problems: list[Problem] = []
    subject: Subject | None = None
    try:
        subject = model.model_validate(data)
    except ValidationError as exc:
        problems = _problems_of(exc, kind, subject_id, index)
    facts = _facts_of_raw(kind, data) if subject is None else _facts_of_subject(subject)
    problems += [
        Problem(subject_id, path, msg, kind, index) for path, msg in _cross_field_problems(facts)
    ]
    if problems or subject is None:
        raise SubjectError(problems)
    return subject


def parse_subject(data: dict[str, Any]) -> Subject:
    """Validate one subject (a decoded JSON object). Raises :class:`SubjectError`."""
    return _parse(data, None)


def parse_item(item: object, index: int) -> Subject:
    """One item of a list of subjects, validated (``index``: its place in the list, named in
    its problems). Raises :class:`SubjectError` with every problem of the item; duplicate ids
    across items are :func:`iter_subjects`'s business (``intrel assess`` checks them itself
    when it validates items in parallel)."""
    return _parse(item, index)


def iter_subjects(items: Iterable[object], problems: list[Problem]) -> Iterator[Subject]:
    """Validate the items of a list one by one, as they come (``intrel assess`` streams a
    large file this way): yields each valid subject and appends every problem of an invalid
    one, and every duplicate id (two subjects of one type with one id), to ``problems``.
    The caller decides what a problem means; :func:`parse_subjects` raises at the end."""
    seen: set[tuple[str, str]] = set()
    for i, item in enumerate(items):
        try:
            subject = _parse(item, i)
        except SubjectError as exc:
            problems.extend(exc.problems)
            continue
        key = (subject.subject, subject.id)
        if key in seen:
            problems.append(Problem(subject.id, "id", "duplicate id", subject.subject, i))
            continue
        seen.add(key)
        yield subject


def parse_subjects(data: object) -> list[Subject]:
    """Validate one subject or a list of them; always returns a list.

    Every problem of every subject is collected before :class:`SubjectError` is raised. Two
    subjects of the same type with the same id are a problem too.
    """
    if isinstance(data, dict):
        return [_parse(data, None)]
    if not isinstance(data, list):
        raise SubjectError([Problem(None, "(input)", "not a subject object or a list of them")])
    problems: list[Problem] = []
    subjects = list(iter_subjects(data, problems))
    if problems:
        raise SubjectError(problems)
    return subjects
