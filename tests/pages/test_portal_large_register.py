"""The public home of a large register (issue 19): above ``MAP_RELATIONS_MAX`` current relations
the map has one marker per partner country with its count, leading to that country's relations,
and the list is paged; the page's size no longer grows with the register. The thresholds are
lowered here so the demo's register counts as large."""

import re
from collections import Counter

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from intrel.portal import selectors, worldmap
from intrel.relations.models import Relation

from .conftest import Demo

pytestmark = pytest.mark.django_db

PAGE = 4


@pytest.fixture(autouse=True)
def _large(monkeypatch):
    monkeypatch.setattr(selectors, "MAP_RELATIONS_MAX", 3)
    monkeypatch.setattr(selectors, "LIST_PAGE_SIZE", PAGE)
    cache.clear()
    yield
    cache.clear()


def _get(params: dict[str, str] | None = None, language: str = "nl"):
    client = Client()
    client.cookies["django_language"] = language
    return client.get(reverse("portal:home"), params or {})


def _current() -> list[Relation]:
    return list(
        Relation.objects.filter(status__in=selectors.CURRENT_STATUSES)
        .select_related("partner")
        .order_by("name", "pk")
    )


def _listed(html: str) -> list[str]:
    block = html.split('class="portal-relation-list"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'href="/publiek/relaties/([^/"]+)/"', block)


def test_one_marker_per_country_with_its_count(demo: Demo) -> None:
    html = _get().content.decode()
    counts = Counter(r.partner.country for r in _current() if r.partner)
    drawn = {c for c in counts if worldmap.country_centre(c)}
    markers = re.findall(r'<a href="\?country=([A-Z]{2})#list-heading" class="marker', html)
    assert sorted(markers) == sorted(drawn)
    # No marker per relation any more: none of the map's links leads to a relation page.
    svg = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "/publiek/relaties/" not in svg
    # Each marker says the country and how many relations, in Dutch.
    belgium = counts["BE"]
    noun = "relatie" if belgium == 1 else "relaties"
    assert f'aria-label="België: {belgium} {noun}"' in html
    total = len(_current())
    assert f"{total} relaties in {len(drawn)} landen" in html


def test_the_list_is_paged_by_name(demo: Demo) -> None:
    current = _current()
    pages = -(-len(current) // PAGE)
    assert pages >= 2
    first = _get().content.decode()
    assert _listed(first) == [r.slug for r in current[:PAGE]]
    assert f"1 tot {PAGE} van {len(current)}, op naam" in first
    assert f"Pagina 1 van {pages}" in first and 'rel="next" href="?page=2#list-heading"' in first
    last = _get({"page": str(pages)}).content.decode()
    assert _listed(last) == [r.slug for r in current[(pages - 1) * PAGE :]]
    assert 'rel="next"' not in last and f'href="?page={pages - 1}#list-heading"' in last
    # Every current relation is on exactly one page.
    seen = [
        s for n in range(1, pages + 1) for s in _listed(_get({"page": str(n)}).content.decode())
    ]
    assert seen == [r.slug for r in current]


def test_a_country_marker_leads_to_that_countrys_relations(demo: Demo) -> None:
    belgian = [r.slug for r in _current() if r.partner and r.partner.country == "BE"]
    html = _get({"country": "BE"}).content.decode()
    assert _listed(html) == belgian[:PAGE]
    assert "De relaties in België" in html and "Alle relaties" in html
    english = _get({"country": "be"}, language="en").content.decode()
    assert "The relations in Belgium" in english and _listed(english) == belgian[:PAGE]
    # A country with no current relation says so.
    assert "Er zijn geen huidige relaties in IJsland." in _get({"country": "IS"}).content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"country": "XX"}, "Land: XX is geen landcode"),
        ({"country": "<script>"}, "Land: &lt;script&gt; is geen landcode"),
        ({"page": "abc"}, "Pagina: abc is geen paginanummer"),
        ({"page": "²"}, "Pagina: ² is geen paginanummer"),
        ({"page": "0"}, "Pagina: 0 bestaat niet"),
        ({"page": "9" * 40}, "Pagina: 9999999999 bestaat niet"),
    ],
)
def test_a_bad_page_or_country_is_a_clear_400(demo: Demo, params, message) -> None:
    response = _get(params)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and "<script>" not in html.split("<main", 1)[1]
    # The page still shows the map and the first page of the list.
    assert _listed(html) == [r.slug for r in _current()[:PAGE]]


def test_each_page_and_country_is_cached_apart(demo: Demo) -> None:
    assert "X-Portal-Cache" not in _get({"page": "2"})
    assert _get({"page": "2"})["X-Portal-Cache"] == "hit"
    assert "X-Portal-Cache" not in _get({"country": "BE"})
    assert _listed(_get({"page": "2"}).content.decode()) != _listed(_get().content.decode())


def test_a_small_register_keeps_a_marker_per_relation(demo: Demo, monkeypatch) -> None:
    monkeypatch.setattr(selectors, "MAP_RELATIONS_MAX", 300)
    html = _get().content.decode()
    svg = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "?country=" not in svg and "/publiek/relaties/" in svg
    assert _listed(html) == [r.slug for r in _current()]
    assert "Pagina 1 van" not in html


def test_the_queries_do_not_grow_with_the_page(demo: Demo, monkeypatch) -> None:
    counts = []
    for size in (2, 8):
        monkeypatch.setattr(selectors, "LIST_PAGE_SIZE", size)
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            html = _get().content.decode()
        assert len(_listed(html)) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_page_from_the_cache_asks_nothing_of_the_database(demo: Demo) -> None:
    """No transaction is opened for a public page (``ATOMIC_REQUESTS``), so a visitor served
    from the cache costs the database nothing, not even a BEGIN and a COMMIT."""
    _get()
    with CaptureQueriesContext(connection) as queries:
        response = _get()
    assert response["X-Portal-Cache"] == "hit"
    assert [q["sql"] for q in queries] == []
