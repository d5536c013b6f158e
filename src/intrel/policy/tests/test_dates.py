"""IMP-3: agreements are honoured. Month arithmetic, renewals, several agreements."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from intrel.policy import Framework
from intrel.policy.dates import add_months, earliest_end, is_active, phase_out_date
from intrel.policy.subjects import Agreement
from intrel.policy.tests.conftest import AS_OF, decide, relation


def agreement(**kw: Any) -> Agreement:
    data: dict[str, Any] = {"title": "Overeenkomst", "signed": "2010-01-01", **kw}
    return Agreement.model_validate(data)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2014, 1, 31), 1, date(2014, 2, 28)),
        (date(2016, 1, 31), 1, date(2016, 2, 29)),  # leap year
        (date(2014, 3, 31), 1, date(2014, 4, 30)),
        (date(2014, 1, 15), 0, date(2014, 1, 15)),
        (date(2014, 11, 30), 3, date(2015, 2, 28)),
        (date(2015, 12, 31), 2, date(2016, 2, 29)),
        (date(2016, 2, 29), 12, date(2017, 2, 28)),
        (date(2014, 1, 1), 24, date(2016, 1, 1)),
    ],
)
def test_add_months(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


def test_active_boundaries() -> None:
    assert is_active(date(2014, 1, 1), None, AS_OF)
    assert is_active(date(2013, 1, 1), date(2014, 1, 1), AS_OF)
    assert not is_active(date(2013, 1, 1), date(2013, 12, 31), AS_OF)
    assert not is_active(date(2014, 1, 2), None, AS_OF)


EARLIEST = [
    ("ends, no renewal: ends", {"ends": "2016-06-30"}, date(2016, 6, 30)),
    (
        "ends, no renewal, notice ignored",
        {"ends": "2016-06-30", "notice_months": 12},
        date(2016, 6, 30),
    ),
    ("no end: as_of", {}, AS_OF),
    ("no end + notice", {"notice_months": 6}, date(2014, 7, 1)),
    ("no end + notice from month end", {"notice_months": 1}, date(2014, 2, 1)),
    (
        "renews, explicit term, first boundary is ends",
        {"ends": "2014-03-01", "renews_automatically": True, "renewal_months": 12},
        date(2014, 3, 1),
    ),
    (
        "renews, notice pushes past ends",
        {
            "ends": "2014-03-01",
            "renews_automatically": True,
            "renewal_months": 12,
            "notice_months": 3,
        },
        date(2015, 3, 1),
    ),
    (
        "renews, ends in the past",
        {"ends": "2011-01-01", "renews_automatically": True, "renewal_months": 12},
        date(2014, 1, 1),
    ),
    (
        "renews, ends in the past, boundary just after",
        {"ends": "2011-06-30", "renews_automatically": True, "renewal_months": 12},
        date(2014, 6, 30),
    ),
    (
        "renews, default term = original term (4 years)",
        {"ends": "2014-01-01", "renews_automatically": True, "notice_months": 1},
        date(2018, 1, 1),
    ),
    (
        "renews, default term, ends long ago",
        {"ends": "2012-01-01", "renews_automatically": True},
        date(2014, 1, 1),
    ),
    (
        "renews, month-end clamping never drifts",
        {
            "ends": "2013-01-31",
            "renews_automatically": True,
            "renewal_months": 1,
            "notice_months": 1,
        },
        date(2014, 2, 28),
    ),
    (
        # READING.md 8: the last day of a month stays the last day of the target month.
        "renews into a leap February",
        {
            "ends": "2015-02-28",
            "renews_automatically": True,
            "renewal_months": 12,
            "notice_months": 24,
        },
        date(2016, 2, 29),
    ),
    (
        "renews, no ends: like no end",
        {"renews_automatically": True, "notice_months": 2},
        date(2014, 3, 1),
    ),
]


@pytest.mark.parametrize(("name", "kw", "expected"), EARLIEST, ids=[e[0] for e in EARLIEST])
def test_earliest_end(name: str, kw: dict[str, Any], expected: date) -> None:
    assert earliest_end(agreement(**kw), AS_OF) == expected


def test_default_term_shorter_than_half_a_month_is_one_month() -> None:
    # READING.md 8: the original term is counted in whole months (at least one): signed
    # 2010-01-01, ends 2010-01-11 renews monthly from 2010-01-11.
    a = agreement(ends="2010-01-11", renews_automatically=True)
    assert earliest_end(a, AS_OF) == date(2014, 1, 11)


def test_default_term_leap_day() -> None:
    a = agreement(signed="2012-02-29", ends="2013-02-28", renews_automatically=True)
    # whole months? add_months(2012-02-29, 12) = 2013-02-28 -> 12-month term
    assert earliest_end(a, AS_OF) == date(2014, 2, 28)


def test_several_agreements_latest_wins() -> None:
    items = [
        agreement(ends="2014-06-30"),
        agreement(notice_months=9),
        agreement(ends="2013-06-30"),  # ended: not in force
    ]
    assert phase_out_date(items, AS_OF) == date(2014, 10, 1)


def test_no_agreements_as_of() -> None:
    assert phase_out_date([], AS_OF) == AS_OF


def test_agreement_signed_after_as_of_is_not_in_force() -> None:
    assert phase_out_date([agreement(signed="2014-05-01", ends="2020-01-01")], AS_OF) == AS_OF


def test_phase_out_action_uses_imp3(fw: Framework) -> None:
    data = relation(
        purposes=["other"],
        agreements=[
            {
                "title": "Vriendschapsverdrag",
                "signed": "2005-05-01",
                "ends": "2010-05-01",
                "renews_automatically": True,
            },
            {"title": "Uitwisseling", "signed": "2012-01-01", "notice_months": 6},
        ],
    )
    decision = decide(fw, data)
    phase = next(a for a in decision.actions if a.code == "PHASE_OUT_RELATION")
    # 5-year renewals: 2010-05-01, 2015-05-01 (>= 2014-01-01); notice: 2014-07-01
    assert phase.effective_from == date(2015, 5, 1)
    assert "met ingang van 1 mei 2015 " in phase.description
    assert "effective 1 May 2015 " in phase.description_en
    assert phase.to_dict()["effective_from"] == "2015-05-01"  # structured fields stay ISO
