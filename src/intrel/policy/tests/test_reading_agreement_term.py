"""READING.md 8, "The original term of an agreement" (IMP-3): counted in whole months, from
``signed`` to the day after ``ends``, rounded to the nearest month; renewal boundaries are
``ends``, ``ends`` + term, ...; the last day of a month stays the last day of a month."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from intrel.policy import Framework
from intrel.policy.dates import add_months, earliest_end, term_months
from intrel.policy.subjects import Agreement
from intrel.policy.tests.conftest import AS_OF, decide, relation

TERMS = [
    # signed, ends, months
    ("2011-03-01", "2012-02-29", 12),  # the reading's example (leap year)
    ("2010-05-01", "2015-05-01", 60),  # one day over: rounds down
    ("2010-01-01", "2013-12-31", 48),
    ("2012-01-01", "2012-06-30", 6),
    ("2012-01-01", "2012-07-15", 6),  # 6 months and 15 of July's 31 days: rounds down
    ("2012-01-01", "2012-07-16", 7),  # 6 months and 16 of 31 days: rounds up
    ("2012-01-31", "2012-02-28", 1),  # to the day after Feb 28 (Feb 29): the month-end rule
    ("2010-01-01", "2010-01-05", 1),  # never less than one month
]


@pytest.mark.parametrize(("signed", "ends", "months"), TERMS)
def test_original_term_in_whole_months(signed: str, ends: str, months: int) -> None:
    assert term_months(date.fromisoformat(signed), date.fromisoformat(ends)) == months


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2012, 2, 29), 12, date(2013, 2, 28)),
        (date(2013, 2, 28), 12, date(2014, 2, 28)),
        (date(2015, 2, 28), 12, date(2016, 2, 29)),  # last day stays last day
        (date(2014, 4, 30), 1, date(2014, 5, 31)),
        (date(2014, 2, 28), 1, date(2014, 3, 31)),
        (date(2014, 1, 30), 1, date(2014, 2, 28)),  # not a month end: clamped
        (date(2014, 5, 30), 1, date(2014, 6, 30)),
    ],
)
def test_month_end_stays_month_end(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


def _renewing(**kw: Any) -> Agreement:
    return Agreement.model_validate({"title": "Overeenkomst", "renews_automatically": True, **kw})


def test_renewal_boundaries_from_ends_by_the_rounded_term() -> None:
    # IMP-3: 2011-03-01 .. 2012-02-29 is a 12-month term: boundaries 2012-02-29,
    # 2013-02-28, 2014-02-28, 2015-02-28, 2016-02-29 (the month's last day each time).
    a = _renewing(signed="2011-03-01", ends="2012-02-29")
    assert earliest_end(a, AS_OF) == date(2014, 2, 28)
    assert earliest_end(a, date(2015, 3, 1)) == date(2016, 2, 29)
    notice = _renewing(signed="2011-03-01", ends="2012-02-29", notice_months=1)
    assert earliest_end(notice, date(2014, 1, 28)) == date(2014, 2, 28)
    assert earliest_end(notice, date(2014, 2, 1)) == date(2015, 2, 28)


def test_phase_out_honours_the_rounded_term(fw: Framework) -> None:
    # IMP-3 through the engine: a relation on neither pillar with that agreement.
    data = relation(
        purposes=["other"],
        agreements=[
            {
                "title": "Vriendschapsverdrag",
                "signed": "2011-03-01",
                "ends": "2012-02-29",
                "renews_automatically": True,
            }
        ],
    )
    decision = decide(fw, data, date(2016, 3, 1))
    phase = next(a for a in decision.actions if a.code == "PHASE_OUT_RELATION")
    # 12 months, not 365 days (which would drift to 2017-02-27)
    assert phase.effective_from == date(2017, 2, 28)
    assert "IMP-3" in phase.clauses
