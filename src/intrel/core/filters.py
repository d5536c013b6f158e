"""Filters in a page's URL (``?year=2014&status=active``), read the same way on every page.

A value the page cannot use (``year=abc``, ``status=bogus``) is not silently replaced: the page
shows what it shows instead, in a notice above the content ("Onbekend jaar 'abc'; getoond:
2026."), and still answers 200, so a shared or bookmarked link keeps working.
"""

from collections.abc import Callable, Mapping
from datetime import MINYEAR, date
from typing import Any

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.http import HttpRequest
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from intrel.policy import in_date_range

# How much of a typed value the notice repeats.
SHOWN_CHARS = 40


def _raw(request: HttpRequest, name: str) -> str:
    return request.GET.get(name, "").strip()


def _quote(value: str) -> str:
    return value if len(value) <= SHOWN_CHARS else value[: SHOWN_CHARS - 1] + "…"


def filter_notice(request: HttpRequest, message: str) -> None:
    """Say on the page that a filter value was not used, and what is shown instead."""
    messages.warning(request, message)


def year_param(request: HttpRequest, *, default: int, name: str = "year") -> int:
    """A four-digit year from the URL, or ``default`` with a notice when it is not one."""
    raw = _raw(request, name)
    if not raw:
        return default
    year = int(raw) if raw.isascii() and raw.isdigit() and len(raw) == 4 else 0
    if year >= MINYEAR and in_date_range(date(year, 1, 1)):  # "0000" is no date at all
        return year
    filter_notice(
        request,
        _("Unknown year '%(value)s'; shown: %(shown)s.") % {"value": _quote(raw), "shown": default},
    )
    return default


def date_param(request: HttpRequest, *, default: date, name: str = "date") -> date:
    """A date (YYYY-MM-DD) from the URL, or ``default`` with a notice when it is not one."""
    raw = _raw(request, name)
    if not raw:
        return default
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        day = None
    if day is not None and in_date_range(day):
        return day
    filter_notice(
        request,
        _("Unknown date '%(value)s'; shown: %(shown)s.")
        % {"value": _quote(raw), "shown": default.isoformat()},
    )
    return default


def choice_param(request: HttpRequest, *, name: str, choices: Mapping[str, Any], label: str) -> str:
    """One of ``choices`` (by value) from the URL, or "" (everything) with a notice."""
    raw = _raw(request, name)
    if not raw or raw in choices:
        return raw
    filter_notice(request, unknown_value_message(raw, label))
    return ""


def unknown_value_message(value: str, label: str) -> str:
    return _("Unknown %(filter)s '%(value)s'; shown: all.") % {
        "filter": label,
        "value": _quote(value),
    }


class CountedPaginator(Paginator):
    """A paginator that asks ``counter`` for the number of objects (a cached count, e.g.
    ``relations.selectors.relation_count``) instead of counting them itself."""

    def __init__(self, object_list: Any, per_page: int, *, counter: Callable[[Any], int]) -> None:
        super().__init__(object_list, per_page)
        self.counter = counter

    @cached_property
    def count(self) -> int:
        return self.counter(self.object_list)


def page_param(request: HttpRequest, paginator: Paginator, *, name: str = "page") -> Page:
    """The page of a list named in the URL; a page that is not a number or does not exist
    shows the first (or last) page with a notice."""
    raw = _raw(request, name)
    page = paginator.get_page(raw or 1)
    if raw and raw != str(page.number):
        filter_notice(
            request,
            _("Unknown page '%(value)s'; shown: page %(shown)d.")
            % {"value": _quote(raw), "shown": page.number},
        )
    return page
