"""The audit log records from where each write came (issue 18): the client's address, read from
``X-Forwarded-For`` only behind as many proxies as ``INTREL_PROXY_COUNT`` says; shown on the
audit log page; emptied by ``intrel retention`` after the retention period."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from intrel.accounts.audit import tracked_models
from intrel.core.doors import client_address
from intrel.relations.models import Relation

from .conftest import Demo

pytestmark = pytest.mark.django_db


def _last(model: Any, pk: int) -> Any:
    return model.history.model.objects.filter(id=pk).order_by("history_id").last()


def test_a_write_through_a_page_and_the_api_records_the_address_and_beheer_sees_it(
    demo: Demo,
) -> None:
    mechelen = Relation.objects.get(slug="helmond-mechelen")
    page = Client(REMOTE_ADDR="192.0.2.17")
    page.force_login(demo.users["beleid"])
    response = page.post(reverse("relations:verify", kwargs={"slug": mechelen.slug}))
    assert response.status_code == 302
    assert _last(Relation, mechelen.pk).history_address == "192.0.2.17"

    api = APIClient(REMOTE_ADDR="2001:db8::5")
    api.force_authenticate(demo.users["beleid"])
    response = api.patch(
        "/api/v1/relations/helmond-mechelen", {"description": "Vanaf elders"}, format="json"
    )
    assert response.status_code == 200, response.content
    row = _last(Relation, mechelen.pk)
    assert (row.history_change_reason, row.history_address) == ("api", "2001:db8::5")

    beheer = Client()
    beheer.force_login(demo.users["beheer"])
    html = beheer.get(reverse("audit:log"), {"model": "relations.relation"}).content.decode()
    assert "From address" in html
    assert "<code>192.0.2.17</code>" in html and "<code>2001:db8::5</code>" in html
    beheer.cookies["django_language"] = "nl"
    dutch = beheer.get(reverse("audit:log"), {"model": "relations.relation"})
    assert "Vanaf adres" in dutch.content.decode()


def test_a_command_records_no_address(demo: Demo) -> None:
    call_command("retention", stdout=io.StringIO())  # a write outside a request records none
    mechelen = Relation.objects.get(slug="helmond-mechelen")
    mechelen.description = "Door een commando"
    mechelen.save()
    assert _last(Relation, mechelen.pk).history_address is None


def test_a_forged_x_forwarded_for_is_ignored_without_a_trusted_proxy(demo: Demo) -> None:
    mechelen = Relation.objects.get(slug="helmond-mechelen")
    api = APIClient(REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR="203.0.113.66")
    api.force_authenticate(demo.users["beleid"])
    response = api.patch(
        "/api/v1/relations/helmond-mechelen", {"description": "Vervalst"}, format="json"
    )
    assert response.status_code == 200
    assert _last(Relation, mechelen.pk).history_address == "198.51.100.9"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.66", "10.0.0.2"),  # no proxy trusted: the header is the client's word
        (1, "203.0.113.66", "203.0.113.66"),  # one proxy appended the client's address
        (1, "6.6.6.6, 203.0.113.66", "203.0.113.66"),  # the client's own prefix is not trusted
        (2, "203.0.113.66, 10.0.0.1", "203.0.113.66"),  # two proxies: second from the right
        (2, "203.0.113.66", "10.0.0.2"),  # fewer entries than proxies: the peer
        (1, "not-an-address", "10.0.0.2"),
        (1, "", "10.0.0.2"),
    ],
)
def test_the_client_address_behind_proxies(proxies: int, forwarded: str, expected: str) -> None:
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", **headers)
    with override_settings(INTREL_PROXY_COUNT=proxies):
        assert client_address(request) == expected


@override_settings(INTREL_PROXY_COUNT=1)
def test_behind_one_proxy_the_audit_log_has_the_client_not_the_proxy(demo: Demo) -> None:
    mechelen = Relation.objects.get(slug="helmond-mechelen")
    api = APIClient(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.66")
    api.force_authenticate(demo.users["beleid"])
    response = api.patch(
        "/api/v1/relations/helmond-mechelen", {"description": "Achter de proxy"}, format="json"
    )
    assert response.status_code == 200
    assert _last(Relation, mechelen.pk).history_address == "203.0.113.66"


def test_retention_empties_old_addresses_and_keeps_the_rest_of_the_row(demo: Demo) -> None:
    mechelen = Relation.objects.get(slug="helmond-mechelen")
    api = APIClient(REMOTE_ADDR="192.0.2.44")
    api.force_authenticate(demo.users["beleid"])
    for text in ("oud", "nieuw"):
        response = api.patch(
            "/api/v1/relations/helmond-mechelen", {"description": text}, format="json"
        )
        assert response.status_code == 200
    rows = Relation.history.model.objects.filter(id=mechelen.pk, history_address="192.0.2.44")
    old = rows.filter(description="oud").order_by("history_id").last()
    new = rows.filter(description="nieuw").order_by("history_id").last()
    assert old is not None and new is not None
    long_ago = timezone.now() - timedelta(days=181)
    rows.filter(description="oud").update(history_date=long_ago)
    aged = rows.filter(description="oud").count()

    out = io.StringIO()
    call_command("retention", "--dry-run", stdout=out)
    assert f"older than 180 days to empty: {aged}." in out.getvalue()
    assert Relation.history.model.objects.get(pk=old.pk).history_address == "192.0.2.44"
    call_command("retention", stdout=out)
    assert f"older than 180 days emptied: {aged}." in out.getvalue()
    kept = Relation.history.model.objects.get(pk=old.pk)
    assert kept.history_address is None
    assert (kept.description, kept.history_change_reason) == ("oud", "api")
    assert Relation.history.model.objects.get(pk=new.pk).history_address == "192.0.2.44"


def test_every_history_table_keeps_the_address() -> None:
    """A model given a history without ``core.models.history_records`` would record no address."""
    models = tracked_models()
    assert len(models) >= 15
    for model in models:
        fields = {f.name for f in model.history.model._meta.fields}  # type: ignore[attr-defined]
        assert "history_address" in fields, model
