"""Date arithmetic of the framework: activity on a date, and IMP-3 (agreements are honoured)."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, timedelta

from intrel.policy.subjects import Agreement


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months.

    The last day of a month stays the last day of a month (READING.md 8): Jan 31 + 1 month =
    Feb 28 (Feb 29 in a leap year), Feb 28 2015 + 12 months = Feb 29 2016, Apr 30 + 1 month =
    May 31. Any other day is clamped to the end of a shorter month.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    last = _last_day(year, month0 + 1)
    if day.day == _last_day(day.year, day.month):
        return date(year, month0 + 1, last)
    return date(year, month0 + 1, min(day.day, last))


def term_months(signed: date, ends: date) -> int:
    """The original term of an agreement in whole months (READING.md 8): from ``signed`` to
    the day after ``ends``, rounded to the nearest month (half a month or more rounds up), and
    at least one month. 2011-03-01 .. 2012-02-29 is 12 months; 2010-05-01 .. 2015-05-01 is 60.
    """
    end = ends + timedelta(days=1)
    n = (end.year - signed.year) * 12 + (end.month - signed.month)
    while n > 0 and add_months(signed, n) > end:
        n -= 1
    while add_months(signed, n + 1) <= end:
        n += 1
    lower = add_months(signed, n)
    upper = add_months(signed, n + 1)
    if 2 * (end - lower).days >= (upper - lower).days:
        n += 1
    return max(1, n)


def is_active(start: date, end: date | None, as_of: date) -> bool:
    """Started on or before ``as_of`` and not ended before ``as_of``."""
    return start <= as_of and (end is None or end >= as_of)


def not_ended(end: date | None, as_of: date) -> bool:
    """Not ended before ``as_of``: active at ``as_of``, or planned to start after it."""
    return end is None or end >= as_of


def agreement_in_force(agreement: Agreement, as_of: date) -> bool:
    """Signed on or before ``as_of`` and still binding: open-ended, renewing, or ending later."""
    if agreement.signed > as_of:
        return False
    if agreement.ends is None or agreement.renews_automatically:
        return True
    return agreement.ends >= as_of


def earliest_end(agreement: Agreement, as_of: date) -> date:
    """The first date on which ``agreement`` allows the relation to end (IMP-3).

    - ends and does not renew: ``ends``;
    - no ``ends``: ``as_of`` + ``notice_months``;
    - renews automatically: the first renewal boundary (``ends`` + k x renewal term, k >= 0) on
      or after ``as_of`` + ``notice_months``. The renewal term is ``renewal_months``, or else the
      original term in whole months (:func:`term_months`).
    """
    notice_end = add_months(as_of, agreement.notice_months)
    ends = agreement.ends
    if ends is None:
        return notice_end
    if not agreement.renews_automatically:
        return ends
    if ends >= notice_end:
        return ends
    months = agreement.renewal_months or term_months(agreement.signed, ends)
    # Jump close to the target, then step; each boundary is computed from ``ends`` so that
    # month-end arithmetic never drifts.
    gap = (notice_end.year - ends.year) * 12 + (notice_end.month - ends.month)
    k = max(1, gap // months)
    while k > 1 and add_months(ends, (k - 1) * months) >= notice_end:
        k -= 1
    while add_months(ends, k * months) < notice_end:
        k += 1
    return add_months(ends, k * months)


def phase_out_date(agreements: Iterable[Agreement], as_of: date) -> date:
    """The latest of the agreements' earliest ends (only agreements in force); none: ``as_of``."""
    result = as_of
    for agreement in agreements:
        if agreement_in_force(agreement, as_of):
            result = max(result, earliest_end(agreement, as_of))
    return result


def honoured_end(
    agreements: Iterable[Agreement], as_of: date, default_notice_months: int | None = None
) -> date:
    """The first date a relation may end when notice is given on ``as_of`` (IMP-3).

    The latest of the agreements' earliest ends (:func:`phase_out_date`); with no written
    agreement in force, ``as_of`` plus the framework's default notice (if it has one). This is
    the date of the engine's phase-out actions and of a notice recorded in a relation's life.
    """
    agreements = list(agreements)
    if default_notice_months and not any(agreement_in_force(a, as_of) for a in agreements):
        return add_months(as_of, default_notice_months)
    return phase_out_date(agreements, as_of)
