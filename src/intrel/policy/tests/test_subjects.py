"""Parsing subjects: every problem names the subject id, the field path and what is wrong."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from intrel.policy import SubjectError, parse_subject, parse_subjects
from intrel.policy.countries import COUNTRY_CODES
from intrel.policy.subjects import Relation
from intrel.policy.tests.conftest import budget_line, committee, relation


def problems(data: Any) -> list[str]:
    with pytest.raises(SubjectError) as info:
        parse_subjects(data)
    return [str(p) for p in info.value.problems]


def test_defaults() -> None:
    data = relation()
    for key in ("involvements", "agreements", "budget", "owner", "parties"):
        del data[key]
    del data["mutual_value"]
    data["agreements"] = [{"title": "A", "signed": "2010-01-01"}]
    subject = parse_subject(data)
    assert isinstance(subject, Relation)
    assert subject.status == "active"
    assert subject.mutual_value is False
    agreement = subject.agreements[0]
    assert (agreement.notice_months, agreement.renews_automatically, agreement.renewal_months) == (
        0,
        False,
        None,
    )
    assert subject.owner.kind == "none" and subject.budget.held_by == "none"


BAD = [
    (
        {"involvements": [{"actor": "alderman", "start": "2014-13-01"}]},
        'relation "r1": involvements[0].start: not a date',
    ),
    (
        {"involvements": [{"actor": "alderman", "start": 20140101}]},
        'relation "r1": involvements[0].start: not a date',
    ),
    ({"involvements": [{"actor": "alderman"}]}, 'relation "r1": involvements[0].start: required'),
    ({"purposes": []}, 'relation "r1": purposes: at least one purpose is required'),
    (
        {"purposes": ["culture", "fishing"]},
        'relation "r1": purposes[1]: must be one of: development, humanitarian',
    ),
    (
        {"partner": {"name": "X", "country": "XX", "kind": "city"}},
        'relation "r1": partner.country: not an ISO 3166-1 alpha-2 country code',
    ),
    (
        {"partner": {"name": "X", "country": "nl", "kind": "city"}},
        'relation "r1": partner.country: not an ISO 3166-1 alpha-2 country code',
    ),
    (
        {"partner": {"name": "X", "country": "NL", "kind": "town"}},
        'relation "r1": partner.kind: must be one of: city, region, country, organisation',
    ),
    (
        {"status": "dormant"},
        'relation "r1": status: must be one of: proposed, active, suspended, friendship, ending, '
        "ended",
    ),
    ({"mutual_value": "yes"}, 'relation "r1": mutual_value: not true or false'),
    (
        {"budget": {"money_eur_per_year": "lots"}},
        'relation "r1": budget.money_eur_per_year: not a number',
    ),
    (
        {"budget": {"money_eur_per_year": -5}},
        'relation "r1": budget.money_eur_per_year: must be 0 or more',
    ),
    (
        {"budget": {"money_eur_per_year": True}},
        'relation "r1": budget.money_eur_per_year: not a number',
    ),
    (
        {"agreements": [{"title": "A", "signed": "2010-01-01", "notice_months": 1.5}]},
        'relation "r1": agreements[0].notice_months: not a whole number',
    ),
    (
        {"agreements": [{"title": "A", "signed": "2010-01-01", "renewal_months": 0}]},
        'relation "r1": agreements[0].renewal_months: must be 1 or more',
    ),
    (
        {"agreements": [{"title": "A", "signed": "2010-01-01", "ends": "2009-01-01"}]},
        'relation "r1": agreements[0].ends: before signed',
    ),
    (
        {"involvements": [{"actor": "mayor", "start": "2012-01-01", "end": "2011-01-01"}]},
        'relation "r1": involvements[0].end: before start',
    ),
    (
        {"owner": {"kind": "portfolio"}},
        'relation "r1": owner.portfolio: required when kind is portfolio',
    ),
    ({"colour": "red"}, 'relation "r1": colour: unknown field'),
    ({"initiated_by": None}, 'relation "r1": initiated_by: must be one of: residents'),
    ({"id": "has space"}, 'relation "has space": id: not a slug'),
    # A slug's pattern ends with $, which also matches before a final line break.
    ({"id": "ends-in-a-break\n"}, 'relation "ends-in-a-break\n": id: not a slug'),
]


@pytest.mark.parametrize(
    ("overrides", "expected"), BAD, ids=[b[1].split(": ", 1)[1].replace("\n", " ") for b in BAD]
)
def test_problem_messages(overrides: dict[str, Any], expected: str) -> None:
    found = problems(relation(**overrides))
    assert any(p.startswith(expected) for p in found), found


def test_all_problems_collected_over_a_list() -> None:
    data = [
        relation(id="a", purposes=[]),
        relation(id="b"),
        committee(installed_by="king"),
        budget_line(purpose="misc"),
        {"subject": "treaty", "id": "t"},
        "not an object",
        relation(id="b"),
    ]
    found = problems(data)
    assert found == [
        'relation "a": purposes: at least one purpose is required',
        'committee "commissie-ib": installed_by: must be one of: council, executive_board, mayor',
        'budget_line "solidariteitsbudget": purpose: '
        "must be one of: solidarity, economic, topical, general",
        'subject "t": subject: must be one of: relation, committee, budget_line',
        "subject [5]: (subject): not an object",
        'relation "b": id: duplicate id',
    ]


def test_missing_id_uses_index() -> None:
    data = relation()
    del data["id"]
    assert problems([data]) == ["relation [0]: id: required"]
    assert problems(data) == ["relation: id: required"]


def test_one_or_list() -> None:
    assert len(parse_subjects(relation())) == 1
    assert len(parse_subjects([relation(id="a"), relation(id="b")])) == 2
    assert parse_subjects([]) == []
    assert problems(42) == ["subject: (input): not a subject object or a list of them"]


def test_decimals_exact() -> None:
    subject = parse_subject(
        relation(budget={"money_eur_per_year": "1250.10", "staff_hours_per_year": 0.1})
    )
    assert isinstance(subject, Relation)
    assert subject.budget.money_eur_per_year == Decimal("1250.10")
    assert subject.budget.staff_hours_per_year == Decimal("0.1")


def test_country_list() -> None:
    import pycountry

    # pycountry's officially assigned codes plus the user-assigned codes the product accepts
    assert {c.alpha_2 for c in pycountry.countries} | {"XK"} == COUNTRY_CODES
    assert {"NL", "NI", "BE", "CN", "DE", "XK"} <= COUNTRY_CODES
    assert "UK" not in COUNTRY_CODES and "EU" not in COUNTRY_CODES


def test_a_kosovar_partner_is_accepted() -> None:
    subject = parse_subject(
        relation(partner={"name": "Prishtinë", "country": "XK", "kind": "city"})
    )
    assert isinstance(subject, Relation) and subject.partner.country == "XK"


def test_subject_error_str_one_line_per_problem() -> None:
    with pytest.raises(SubjectError) as info:
        parse_subject(relation(purposes=[], mutual_value=3))
    assert str(info.value).splitlines() == [
        'relation "r1": purposes: at least one purpose is required',
        'relation "r1": mutual_value: not true or false',
    ]


def test_field_and_cross_field_problems_of_every_subject_in_one_pass() -> None:
    """A subject with invalid fields still gets its cross-field checks (and the next subject
    its own): one run names everything wrong, so nobody fixes a file a line at a time."""
    data = [
        relation(
            id="a",
            purposes=[],
            mutual_value="yes",
            involvements=[{"actor": "mayor", "start": "2012-01-01", "end": "2011-01-01"}],
        ),
        relation(id="ok"),
        relation(
            id="b",
            partner={"name": "", "country": "XX", "kind": "city"},
            agreements=[{"title": "A", "signed": "2010-01-01", "ends": "2009-01-01"}],
            owner={"kind": "portfolio"},
        ),
        budget_line(id="pot", purpose="misc", held_by="portfolio"),
    ]
    assert problems(data) == [
        'relation "a": purposes: at least one purpose is required',
        'relation "a": mutual_value: not true or false',
        'relation "a": involvements[0].end: before start',
        'relation "b": partner.name: must not be empty',
        'relation "b": partner.country: not an ISO 3166-1 alpha-2 country code',
        'relation "b": agreements[0].ends: before signed',
        'relation "b": owner.portfolio: required when kind is portfolio',
        'budget_line "pot": purpose: must be one of: solidarity, economic, topical, general',
        'budget_line "pot": portfolio: required when held_by is portfolio',
    ]


def test_a_cross_field_check_on_an_invalid_field_is_left_to_the_field_problem() -> None:
    found = problems(
        relation(involvements=[{"actor": "mayor", "start": "gisteren", "end": "2011-01-01"}])
    )
    assert found == ['relation "r1": involvements[0].start: not a date']


_LIBRARY_WORDS = ("Input should", "should have", "Field required", "Extra inputs", "valid dict")
_BAD_VALUES: list[Any] = [None, "", "x" * 50, 1.5, -1, 10**6, True, [], {}, [1], [None], "abc"]


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Any:
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return
    for key, child in items:
        yield (*prefix, key)
        yield from _paths(child, (*prefix, key))


def _full_subjects() -> list[dict[str, Any]]:
    return [
        relation(
            involvements=[
                {
                    "actor": "mayor",
                    "start": "2010-01-01",
                    "end": "2012-01-01",
                    "portfolio": "EZ",
                    "initiative": "i",
                }
            ],
            agreements=[
                {
                    "title": "A",
                    "signed": "2010-01-01",
                    "ends": "2012-01-01",
                    "notice_months": 3,
                    "renews_automatically": True,
                    "renewal_months": 12,
                }
            ],
        ),
        committee(),
        budget_line(),
    ]


def test_no_library_wording_in_any_problem() -> None:
    """Every field of every subject type set to every kind of wrong value: each problem is in
    the engine's own words (no pydantic message), and names a path."""
    import copy

    checked = 0
    for subject in _full_subjects():
        for path in list(_paths(subject)):
            for bad in _BAD_VALUES:
                data = copy.deepcopy(subject)
                target = data
                for key in path[:-1]:
                    target = target[key]
                target[path[-1]] = bad
                try:
                    parse_subjects([data])
                except SubjectError as exc:
                    for problem in exc.problems:
                        checked += 1
                        assert problem.path and problem.message, problem
                        assert not any(w in problem.message for w in _LIBRARY_WORDS), str(problem)
    assert checked > 200


CROSS_FIELD = [
    (
        {"involvements": [{"actor": "mayor", "start": "2012-01-01", "end": "2011-01-01"}]},
        'relation "r1": involvements[0].end: before start',
    ),
    (
        {"agreements": [{"title": "A", "signed": "2010-01-01", "ends": "2009-01-01"}]},
        'relation "r1": agreements[0].ends: before signed',
    ),
    (
        {
            "agreements": [
                {
                    "title": "A",
                    "signed": "2010-01-01",
                    "ends": "2010-01-01",
                    "renews_automatically": True,
                }
            ]
        },
        'relation "r1": agreements[0].renewal_months: required: the term is zero',
    ),
    ({"budget": {"held_by": "portfolio"}}, 'relation "r1": budget.portfolio: required when'),
    ({"owner": {"kind": "portfolio"}}, 'relation "r1": owner.portfolio: required when'),
]


@pytest.mark.parametrize(("overrides", "expected"), CROSS_FIELD)
def test_cross_field_checks_read_valid_and_invalid_subjects_alike(
    overrides: dict[str, Any], expected: str
) -> None:
    """The checks read the validated subject when its fields are valid and the raw input when
    they are not: the same problem either way."""
    alone = problems(relation(**overrides))
    beside_a_field_problem = problems(relation(mutual_value="nee", **overrides))
    assert len(alone) == 1 and alone[0].startswith(expected)
    assert beside_a_field_problem == ['relation "r1": mutual_value: not true or false', *alone]


TOO_LARGE = "too large: at most 15 digits before the decimal point"


@pytest.mark.parametrize(
    "value", [10**15, "1000000000000000", "0001000000000000000.5", 1e15, 10**30]
)
def test_an_amount_is_bounded(value: Any) -> None:
    """Beyond 15 digits an amount could not be formatted to two places in decimal's default
    context (InvalidOperation, a traceback): the input is refused with the field named."""
    assert problems(relation(budget={"money_eur_per_year": value})) == [
        f'relation "r1": budget.money_eur_per_year: {TOO_LARGE}'
    ]
    assert problems(budget_line(staff_hours_per_year=value)) == [
        f'budget_line "solidariteitsbudget": staff_hours_per_year: {TOO_LARGE}'
    ]


def test_the_largest_amount_is_decided_and_formatted(fw: Any) -> None:
    """The largest amount accepted goes through the engine's formatting without overflow."""
    from intrel.policy import evaluate

    line = budget_line(
        held_by="executive_board",
        money_eur_per_year="999999999999999.999",
        staff_hours_per_year="000999999999999999.5",
    )
    decision = evaluate(fw, parse_subject(line), None)
    [finding] = decision.findings
    assert "€\u00a01.000.000.000.000.000,00 per jaar" in finding.message  # rounded half up
    assert "999.999.999.999.999,5\u00a0uur" in finding.message
