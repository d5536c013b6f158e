"""Date arithmetic of the framework: activity on a date, and IMP-3 (agreements are honoured)."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, timedelta

from intrel.policy.subjects import Agreement


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months, clamped to the end of the month.

    Jan 31 + 1 month = Feb 28 (Feb 29 in a leap year).
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


def whole_months_between(start: date, end: date) -> int | None:
    """The number of months ``n`` with ``add_months(start, n) == end``, or None if none."""
    n = (end.year - start.year) * 12 + (end.month - start.month)
    if n > 0 and add_months(start, n) == end:
        return n
    return None


def is_active(start: date, end: date | None, as_of: date) -> bool:
    """Started on or before ``as_of`` and not ended before ``as_of``."""
    return start <= as_of and (end is None or end >= as_of)


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
      original term (``ends`` - ``signed``): in whole months when it is a whole number of months,
      otherwise in days.
    """
    notice_end = add_months(as_of, agreement.notice_months)
    ends = agreement.ends
    if ends is None:
        return notice_end
    if not agreement.renews_automatically:
        return ends
    if ends >= notice_end:
        return ends
    months = agreement.renewal_months or whole_months_between(agreement.signed, ends)
    if months is not None:
        # Jump close to the target, then step; each boundary is computed from ``ends`` so that
        # month-end clamping never drifts.
        gap = (notice_end.year - ends.year) * 12 + (notice_end.month - ends.month)
        k = max(1, gap // months)
        while k > 1 and add_months(ends, (k - 1) * months) >= notice_end:
            k -= 1
        while add_months(ends, k * months) < notice_end:
            k += 1
        return add_months(ends, k * months)
    term_days = (ends - agreement.signed).days
    if term_days <= 0:  # refused at parsing; defensive
        return notice_end
    k = -(-(notice_end - ends).days // term_days)
    return ends + timedelta(days=k * term_days)


def phase_out_date(agreements: Iterable[Agreement], as_of: date) -> date:
    """The latest of the agreements' earliest ends (only agreements in force); none: ``as_of``."""
    result = as_of
    for agreement in agreements:
        if agreement_in_force(agreement, as_of):
            result = max(result, earliest_end(agreement, as_of))
    return result
