"""URL filters (core/filters.py): a value the page cannot use is named, never a failure."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.http import HttpRequest
from django.test import RequestFactory

from intrel.core.filters import year_param


def _request(year: str) -> HttpRequest:
    request = RequestFactory().get("/budgets/", {"year": year})
    request.session = {}  # type: ignore[assignment]
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


@pytest.mark.parametrize("raw", ["0000", "0001", "1799", "2201", "9999", "abc", "14"])
def test_a_year_the_page_cannot_show_is_named_and_the_default_shown(raw: str) -> None:
    request = _request(raw)

    assert year_param(request, default=2014) == 2014

    assert [str(m) for m in get_messages(request)] == [f"Unknown year '{raw}'; shown: 2014."]


def test_a_year_in_range_is_used_without_a_notice() -> None:
    request = _request("2013")
    assert year_param(request, default=2014) == 2013
    assert not list(get_messages(request))
