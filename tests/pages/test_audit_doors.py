"""The audit log records through which door each write came in (issue 18): a page, the API,
an import, a command, each written on the demo data and read back on the audit log page."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from intrel.imports.models import ImportBatch
from intrel.imports.services import import_batch_preview
from intrel.imports.template_files import template_csv
from intrel.relations.models import ContactPerson, Relation

from .conftest import Demo

pytestmark = pytest.mark.django_db


def _doors(model: Any, **filters: Any) -> list[str]:
    history = model.history.model
    return list(
        history.objects.filter(**filters)
        .order_by("history_date", "history_id")
        .values_list("history_change_reason", flat=True)
    )


def batch_slug() -> str:
    """The relation the import template's example row describes (one of the demo's)."""
    return str(
        import_batch_preview(filename="x.csv", content=template_csv()).rows[0]["subject"]["id"]
    )


def test_each_door_is_recorded_and_shown(demo: Demo) -> None:
    page = Client()
    page.force_login(demo.users["beleid"])
    mechelen = Relation.objects.get(slug="helmond-mechelen")
    before = len(_doors(Relation, id=mechelen.pk))

    # A page: the officer confirms Mechelen's assumed facts.
    response = page.post(reverse("relations:verify", kwargs={"slug": mechelen.slug}))
    assert response.status_code == 302
    after_page = len(_doors(Relation, id=mechelen.pk))
    assert set(_doors(Relation, id=mechelen.pk)[before:]) == {"page"}
    # The API: the officer changes its description.
    api = APIClient()
    api.force_authenticate(demo.users["beleid"])
    response = api.patch(
        "/api/v1/relations/helmond-mechelen", {"description": "Via de API"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert set(_doors(Relation, id=mechelen.pk)[after_page:]) == {"api"}

    # An import committed on its page: its writes say "import", not "page".
    imported = Relation.objects.get(slug=batch_slug())
    after_api = len(_doors(Relation, id=imported.pk))
    batch = import_batch_preview(filename="nieuw.csv", content=template_csv())
    assert not batch.problems, batch.problems
    response = page.post(reverse("imports:commit", kwargs={"pk": batch.pk}))
    assert response.status_code == 302
    assert ImportBatch.objects.get(pk=batch.pk).state == "committed"
    assert set(_doors(Relation, id=imported.pk)[after_api:]) == {"import"}

    # A command: the retention run pseudonymises the contact of a relation that ended.
    Relation.objects.filter(pk=mechelen.pk).update(status="ended", end_date=date(2026, 11, 30))
    call_command("retention", stdout=io.StringIO())
    contact = ContactPerson.objects.get(relation=mechelen)
    assert _doors(ContactPerson, id=contact.pk)[-1] == "command"

    # The audit log shows the door in the reader's language.
    beheer = Client()
    beheer.force_login(demo.users["beheer"])
    html = beheer.get(reverse("audit:log"), {"model": "relations.relation"}).content.decode()
    for label in ("<td>page</td>", "<td>API</td>", "<td>import</td>"):
        assert label in html
    html = beheer.get(reverse("audit:log"), {"model": "relations.contactperson"}).content.decode()
    assert "<td>command</td>" in html


def _form_data(html: str) -> dict[str, Any]:
    """The values of a rendered form, as a browser would send them back."""
    import lxml.html

    form = lxml.html.document_fromstring(html).forms[-1]
    data: dict[str, Any] = {}
    for name, value in form.form_values():
        data.setdefault(name, []).append(value)
    return {k: v if len(v) > 1 else v[0] for k, v in data.items()}


def test_a_role_given_in_the_admin_is_in_the_audit_log(demo: Demo) -> None:
    """Functioneel beheer gives the council member the policy officer's role in the admin:
    the audit log shows the account changed through the admin, by whom, and the new role."""
    from django.contrib.auth.models import Group

    from intrel.accounts.models import User

    beheer = Client()
    beheer.force_login(demo.users["beheer"])
    raad = demo.users["raad"]
    url = reverse("admin:accounts_user_change", args=[raad.pk])
    data = _form_data(beheer.get(url).content.decode())
    officer = Group.objects.get(name="beleidsmedewerker")
    groups = data.get("groups", [])
    data["groups"] = [*([groups] if isinstance(groups, str) else groups), str(officer.pk)]
    response = beheer.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert officer in User.objects.get(pk=raad.pk).groups.all()
    assert _doors(User, id=raad.pk)[-1] == "admin"

    html = beheer.get(reverse("audit:log"), {"model": "accounts.user"}).content.decode()
    assert "<td>admin</td>" in html
    # The roles before and after, by their names (the test speaks English).
    assert "council member</code> → <code>council member, policy officer" in html
    assert "pbkdf2" not in html and "md5$" not in html  # never the password hash
