"""Inconsistent register data is refused with the field named, by the services, so the page,
the API and the import agree (issue 10.10): a second relation with the same partner and name,
an activity dated 9999-12-31; junk in the list's URL filters is named on the page."""

import html
import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from intrel.core.errors import DomainError
from intrel.relations.models import Activity, Relation
from intrel.relations.services import (
    SubjectsInvalid,
    relation_upsert_from_subject,
    relations_import,
)

from .factories import MECHELEN_SUBJECT, PartnerFactory, RelationFactory

pytestmark = pytest.mark.django_db

SUBJECT = dict(MECHELEN_SUBJECT)


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _form(partner, **overrides):
    data = {
        "name": "Stedenband Helmond – Mechelen",
        "partner": partner.pk,
        "registered_kind": "twinning",
        "status": "active",
        "initiated_by": "municipality",
        "purposes": ["culture"],
        "owner_kind": "executive_board",
        "owner_portfolio": "",
        "budget_money_eur_per_year": "0",
        "budget_staff_hours_per_year": "0",
        "budget_held_by": "none",
        "budget_portfolio": "",
    }
    return data | overrides


@pytest.fixture
def en(officer_client):
    officer_client.cookies["django_language"] = "en"
    return officer_client


# --- the same partner and name twice ----------------------------------------------------------


def test_import_refuses_a_second_relation_with_the_same_partner_and_name():
    relation_upsert_from_subject(data=SUBJECT)
    with pytest.raises(SubjectsInvalid) as refused:
        relations_import(subjects=[SUBJECT | {"id": "helmond-mechelen-2"}])
    [problem] = refused.value.subject_problems
    assert (problem.subject_id, problem.path) == ("helmond-mechelen-2", "name")
    assert "(helmond-mechelen)" in problem.message
    assert list(Relation.objects.values_list("slug", flat=True)) == ["helmond-mechelen"]
    relation_upsert_from_subject(data=SUBJECT)  # the same relation again is an update, not a twin


def test_import_names_a_twin_whose_name_changes_under_casefold():
    """ "Groß" casefolds to "gross"; the register's twin is still found, and named per subject."""
    subject = SUBJECT | {"name": "Städtepartnerschaft Groß"}
    relation_upsert_from_subject(data=subject)
    with pytest.raises(SubjectsInvalid) as refused:
        relations_import(subjects=[subject | {"id": "helmond-mechelen-2"}])
    [problem] = refused.value.subject_problems
    assert (problem.subject_id, problem.path) == ("helmond-mechelen-2", "name")
    assert "(helmond-mechelen)" in problem.message
    assert Relation.objects.count() == 1


def test_import_command_names_a_twin_of_a_relation_in_the_register(tmp_path):
    relation_upsert_from_subject(data=SUBJECT)
    path = tmp_path / "relations.json"
    path.write_text(json.dumps([SUBJECT | {"id": "mechelen-2"}]), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", str(path), stdout=io.StringIO(), stderr=err)
    assert 'relation "mechelen-2": name: The register already holds a relation' in err.getvalue()
    assert "(helmond-mechelen)" in err.getvalue()
    assert Relation.objects.count() == 1


def test_import_refuses_twins_within_one_input():
    twins = [SUBJECT | {"id": "mechelen-3", "name": "Andere"}]
    twins.append(SUBJECT | {"id": "mechelen-4", "name": "ANDERE "})
    with pytest.raises(SubjectsInvalid) as refused:
        relations_import(subjects=twins)
    [problem] = refused.value.subject_problems
    assert (problem.subject_id, problem.path) == ("mechelen-4", "name")
    assert "(also mechelen-3)" in problem.message
    assert not Relation.objects.exists()


def test_page_refuses_a_second_relation_with_the_same_partner_and_name(en):
    existing = RelationFactory(slug="helmond-mechelen", name="Stedenband Helmond – Mechelen")
    response = en.post(
        reverse("relations:create"),
        _form(existing.partner, name="stedenband helmond –  mechelen"),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code != 302
    summary = _text(response).split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert "already holds a relation with this partner and this name" in summary
    assert "Stedenband Helmond – Mechelen (helmond-mechelen)" in summary
    assert 'href="#field-name"' in summary
    assert Relation.objects.count() == 1
    # Another partner may have a relation of the same name.
    ok = en.post(reverse("relations:create"), _form(PartnerFactory(name="Mechelen (NL)")))
    assert ok.status_code == 302


def test_twin_refusal_says_what_to_do_next(officer_client):
    existing = RelationFactory(slug="helmond-mechelen", name="Stedenband Helmond – Mechelen")
    officer_client.cookies["django_language"] = "nl"
    response = officer_client.post(reverse("relations:create"), _form(existing.partner))
    summary = _text(response).split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert "(helmond-mechelen). Wijzig die relatie, of geef deze een andere naam." in summary


def test_page_refuses_renaming_into_a_twin(en):
    RelationFactory(slug="helmond-mechelen", name="Stedenband Helmond – Mechelen")
    partner = Relation.objects.get().partner
    other = RelationFactory(slug="andere", name="Andere", partner=partner)
    response = en.post(
        reverse("relations:edit", args=[other.slug]),
        _form(partner, name="Stedenband Helmond – Mechelen"),
    )
    assert response.status_code != 302
    assert "(helmond-mechelen)" in _text(response)
    other.refresh_from_db()
    assert other.name == "Andere"


def test_api_refuses_a_second_relation_with_the_same_partner_and_name(api_client_for):
    api = api_client_for()
    assert api.post("/api/v1/relations", SUBJECT, format="json").status_code == 201
    response = api.post("/api/v1/relations", SUBJECT | {"id": "helmond-mechelen-2"}, format="json")
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    params = response.json()["invalidParams"]
    assert [p["name"] for p in params] == ["name"]
    assert "helmond-mechelen" in params[0]["reason"]
    assert not Relation.objects.filter(slug="helmond-mechelen-2").exists()


# --- a fact the user states is no longer marked assumed, on the page and in the API -----------


def test_api_change_of_an_assumed_fact_is_no_longer_marked_assumed(api_client_for):
    relation, _created = relation_upsert_from_subject(data=SUBJECT)
    relation.assumed = ["status", "purposes"]
    relation.save()
    api = api_client_for()
    response = api.patch(
        f"/api/v1/relations/{relation.slug}", {"purposes": ["culture", "sport"]}, format="json"
    )
    assert response.status_code == 200, response.content
    relation.refresh_from_db()
    assert relation.assumed == ["status"]  # what the caller did not touch stays marked
    again = api.patch(f"/api/v1/relations/{relation.slug}", {"status": "active"}, format="json")
    assert again.status_code == 200, again.content
    relation.refresh_from_db()
    assert relation.assumed == ["status"]  # the same value again confirms nothing new


# --- dates the engine can read ----------------------------------------------------------------


def test_page_refuses_an_activity_in_the_year_9999(en):
    relation = RelationFactory()
    url = reverse("relations:activity_create", args=[relation.slug])
    for field, value in (("date", "9999-12-31"), ("end_date", "9999-12-31")):
        data = {"kind": "visit", "title": "Bezoek", "date": "2014-03-03"} | {field: value}
        response = en.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code != 302
        assert "Give a date between 1800-01-01 and 2200-12-31." in _text(response)
        assert f'href="#field-{field}"' in _text(response)
    assert not Activity.objects.exists()
    ok = en.post(url, {"kind": "visit", "title": "Bezoek", "date": "2200-12-31"})
    assert ok.status_code == 302


def test_api_refuses_an_activity_in_the_year_9999(api_client_for):
    relation = RelationFactory()
    api = api_client_for()
    response = api.post(
        "/api/v1/activities",
        {"relation": relation.slug, "kind": "visit", "date": "9999-12-31", "title": "Bezoek"},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    assert [p["name"] for p in response.json()["invalidParams"]] == ["date"]
    assert not Activity.objects.exists()


def test_service_refuses_an_activity_in_the_year_1799(officer):
    from intrel.relations.services import ActivityData, activity_save

    with pytest.raises(DomainError) as refused:
        activity_save(
            relation=RelationFactory(),
            user=officer,
            data=ActivityData(kind="visit", title="Bezoek", date=date(1799, 12, 31)),
        )
    assert refused.value.field == "date"


# --- junk in the list's URL filters -----------------------------------------------------------


def test_relation_list_names_unknown_filter_values(officer_client):
    RelationFactory(name="Stedenband A")
    officer_client.cookies["django_language"] = "nl"
    page = _text(officer_client.get(reverse("relations:list"), {"status": "bogus"}))
    assert "Onbekende waarde 'bogus' voor status; getoond: alle." in page
    assert "Stedenband A" in page
    page = _text(officer_client.get(reverse("relations:list"), {"page": "abc"}))
    assert "Onbekende pagina 'abc'; getoond: pagina 1." in page
    clean = _text(officer_client.get(reverse("relations:list"), {"status": "active"}))
    assert "Onbekend" not in clean


def test_partner_list_names_an_unknown_page(officer_client):
    PartnerFactory(name="Mechelen")
    officer_client.cookies["django_language"] = "nl"
    page = _text(officer_client.get(reverse("partners:list"), {"page": "x"}))
    assert "Onbekende pagina 'x'; getoond: pagina 1." in page
    assert "Mechelen" in page
