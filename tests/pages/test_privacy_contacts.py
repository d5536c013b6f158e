"""Contact persons' personal data (issue 18, privacy): a deleted contact person leaves no name in
the history tables, and ``intrel retention`` pseudonymises the contact persons of a relation
whose file has closed (the record is kept: the retention list keeps a twinning file for good)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from intrel.relations.models import ContactPerson, Relation

from .conftest import Demo

pytestmark = pytest.mark.django_db

MECHELEN_CONTACT = "Contactpersoon stedenband (fictief)"


def _history_names(contact_id: int) -> list[str]:
    history = ContactPerson.history.model  # type: ignore[attr-defined]
    return list(history.objects.filter(id=contact_id).values_list("name", flat=True))


def test_a_deleted_contact_person_leaves_no_name_in_the_history(demo: Demo) -> None:
    contact = ContactPerson.objects.get(name=MECHELEN_CONTACT)
    client = Client()
    client.force_login(demo.users["beheer"])
    url = reverse(
        "relations:contact_person_delete", kwargs={"slug": "helmond-mechelen", "pk": contact.pk}
    )
    response = client.post(url)
    assert response.status_code == 302
    assert not ContactPerson.objects.filter(pk=contact.pk).exists()
    names = _history_names(contact.pk)
    assert len(names) >= 2  # created, deleted
    assert MECHELEN_CONTACT not in names
    assert set(names) == {f"Contact person {contact.pk} (pseudonymised)"}


def _run(*args: str) -> str:
    """The command's line about contact persons (the next is the audit log's addresses)."""
    out = io.StringIO()
    call_command("retention", *args, stdout=out)
    return out.getvalue().strip().splitlines()[0]


def test_retention_pseudonymises_the_contacts_of_an_ended_relation(demo: Demo) -> None:
    contact = ContactPerson.objects.get(name=MECHELEN_CONTACT)
    ContactPerson.objects.filter(pk=contact.pk).update(email="jan@mechelen.example", phone="0123")
    # While the relation runs, nothing is due.
    assert _run() == "Contact persons pseudonymised: 0."
    # The relation ended (arranged directly: the ending's steps are tested elsewhere).
    Relation.objects.filter(slug="helmond-mechelen").update(
        status="ended", end_date=date(2026, 11, 30)
    )
    assert _run("--dry-run") == "Contact persons that would be pseudonymised: 1."
    assert ContactPerson.objects.get(pk=contact.pk).name == MECHELEN_CONTACT
    assert _run() == "Contact persons pseudonymised: 1."
    contact.refresh_from_db()
    pseudonym = f"Contact person {contact.pk} (pseudonymised)"
    assert (contact.name, contact.email, contact.phone) == (pseudonym, "", "")
    assert contact.pseudonymised_at is not None
    assert (contact.organisation, contact.role) == ("Stad Mechelen", "Internationale relaties")
    assert MECHELEN_CONTACT not in _history_names(contact.pk)
    # The relation's page shows the pseudonym, never the name; a second run does nothing.
    client = Client()
    client.force_login(demo.users["beheer"])
    page = client.get(reverse("relations:detail", kwargs={"slug": "helmond-mechelen"}))
    assert pseudonym in page.content.decode()
    assert MECHELEN_CONTACT not in page.content.decode()
    assert _run() == "Contact persons pseudonymised: 0."
