"""The relation list builds its page's subjects in three flat queries (issue 19) instead of a
model instance per party, involvement and agreement: each relation of the list must be exactly
what the relation's own address answers, on the demo's real relations."""

from typing import Any

from api_helpers import SERVICE_READ
from demo_ids import Demo
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from intrel.core import versions
from intrel.relations.models import Agreement, Involvement, Party, Relation
from intrel.relations.selectors import (
    FILTER_OPTIONS_VERSION,
    relation_rows,
    relation_subjects_of_rows,
    relation_to_subject,
    relations_for_subjects,
)


def _client(demo: Demo) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=demo.headers(SERVICE_READ)["Authorization"])
    return client


def _all(client: APIClient) -> list[dict[str, Any]]:
    response = client.get("/api/v1/relations", {"pageSize": 500})
    assert response.status_code == 200
    return response.json()["results"]


def test_every_relation_in_the_list_is_its_own_answer(demo: Demo, db: None) -> None:
    client = _client(demo)
    listed = _all(client)
    assert len(listed) == Relation.objects.count()
    # The demo has relations with several parties, agreements and involvements.
    assert any(len(r["parties"]) > 1 for r in listed)
    assert any(r["agreements"] for r in listed) and any(r["involvements"] for r in listed)
    for row in listed:
        alone = client.get(f"/api/v1/relations/{row['id']}")
        assert alone.status_code == 200
        assert alone.json() == row, row["id"]


def test_the_batched_subjects_equal_one_by_one(demo: Demo, db: None) -> None:
    relations = list(relations_for_subjects().order_by("name"))
    # The list reads plain rows, no model instances: the same subjects.
    rows = list(relation_rows(Relation.objects.order_by("name")))
    assert relation_subjects_of_rows(rows) == [relation_to_subject(r) for r in relations]
    assert [r.slug for r in rows] == [r.slug for r in relations]
    assert relation_subjects_of_rows([]) == []


def test_a_child_added_or_removed_shows_in_the_list(demo: Demo, db: None) -> None:
    client = _client(demo)
    relation = Relation.objects.filter(agreements__isnull=False).distinct().first()
    assert relation is not None
    party = Party.objects.create(name="Aaa Eerste Partij", sector="business")
    relation.parties.add(party)
    relation.agreements.all().delete()
    Involvement.objects.filter(relation=relation).delete()
    row = next(r for r in _all(client) if r["id"] == relation.slug)
    assert row["parties"][0] == {"name": "Aaa Eerste Partij", "sector": "business"}
    assert row["agreements"] == [] and row["involvements"] == []
    assert not Agreement.objects.filter(relation=relation).exists()


def test_the_queries_do_not_grow_with_the_page(demo: Demo, db: None) -> None:
    client = _client(demo)
    counts = []
    for size in (2, 8):
        # Counted afresh each time (the list's count is cached until a write: ADR 0021).
        versions.bump(FILTER_OPTIONS_VERSION)
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/api/v1/relations", {"pageSize": size})
        assert len(response.json()["results"]) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]
