"""When assessments are made (ADR 0009): on every write that changes facts and by ``assess_all``;
a GET never writes; a page whose stored assessment is stale says so and offers to re-assess."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from intrel.accounts.constants import Role
from intrel.assessments.models import Assessment
from intrel.budgets.models import BudgetLine
from intrel.governance.models import Committee
from intrel.relations.models import Relation
from intrel.relations.services import relation_upsert_from_subject
from intrel.relations.tests.factories import MECHELEN_SUBJECT

pytestmark = pytest.mark.django_db

SUBJECT = dict(MECHELEN_SUBJECT)
STALE = 'id="assessment-stale"'


def _rows() -> list[tuple[int, bool]]:
    return list(Assessment.objects.order_by("pk").values_list("pk", "is_current"))


def _current(subject_type: str, key: str) -> Assessment:
    return Assessment.objects.get(subject_type=subject_type, subject_key=key, is_current=True)


@pytest.fixture
def relation() -> Relation:
    relation, _created = relation_upsert_from_subject(data=SUBJECT)
    return relation


# --- a GET never writes ------------------------------------------------------------------------


def test_no_page_and_no_api_get_stores_an_assessment_on_the_demo_data(
    client, make_user, api_client_for
):
    call_command("demo_load", "--if-empty")
    rows = _rows()
    assert rows, "the demo load assesses everything (assess_all)"
    client.force_login(make_user(Role.APPLICATION_MANAGER))
    api = api_client_for(Role.POLICY_OFFICER)
    pages = [r.get_absolute_url() for r in Relation.objects.all()]
    pages += [reverse("governance:committee", args=[c.slug]) for c in Committee.objects.all()]
    pages += [reverse("budgets:line", args=[line.slug]) for line in BudgetLine.objects.all()]
    pages += ["/", reverse("governance:index")]
    shown = 0
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        shown += 'id="assessment"' in response.text
        # Just assessed by the demo load: nothing is stale.
        assert STALE not in response.text, url
    assert shown == len(pages) - 2  # every subject's page shows its stored assessment
    for slug in Relation.objects.values_list("slug", flat=True)[:10]:
        assert api.get(f"/api/v1/relations/{slug}/assessment").status_code == 200
        assert api.get(f"/api/v1/relations/{slug}").status_code == 200
    for committee in Committee.objects.all():
        assert api.get(f"/api/v1/committees/{committee.slug}").status_code == 200
    for line in BudgetLine.objects.all()[:5]:
        assert api.get(f"/api/v1/budget-lines/{line.slug}").status_code == 200
    for path in ("/assessments", "/budget-lines", "/committees", "/relations"):
        assert api.get(f"/api/v1{path}").status_code == 200
    assert _rows() == rows


# --- every write that changes facts assesses -------------------------------------------------


def test_a_fact_changing_write_through_the_page_stores_a_fresh_assessment(officer_client, relation):
    old = _current("relation", relation.slug)
    response = officer_client.post(
        reverse("relations:activity_create", args=[relation.slug]),
        {"kind": "visit", "date": "2026-05-01", "title": "Bezoek", "description": ""},
    )
    assert response.status_code == 302, response.content
    new = _current("relation", relation.slug)
    assert new.pk != old.pk and new.facts["last_activity"] == "2026-05-01"
    page = officer_client.get(relation.get_absolute_url()).text
    assert STALE not in page


def test_a_fact_changing_write_through_the_api_stores_a_fresh_assessment(api_client_for, relation):
    old = _current("relation", relation.slug)
    response = api_client_for().patch(
        f"/api/v1/relations/{relation.slug}", {"purposes": ["economy"]}, format="json"
    )
    assert response.status_code == 200, response.content
    new = _current("relation", relation.slug)
    assert new.pk != old.pk and new.facts["purposes"] == ["economy"]


def test_confirming_a_proposed_relation_assesses_it_as_active(officer_client):
    relation, _created = relation_upsert_from_subject(data={**SUBJECT, "status": "proposed"})
    assert _current("relation", relation.slug).facts["status"] == "proposed"
    officer_client.post(reverse("relations:verify", args=[relation.slug]))
    assert _current("relation", relation.slug).facts["status"] == "active"


def test_changing_a_partner_reassesses_its_relations(officer, relation):
    from intrel.partners.services import PartnerData, partner_save

    partner = relation.partner
    data = PartnerData(name=partner.name, country="NL", kind=partner.kind)
    partner_save(user=officer, partner=partner, data=data)
    assert _current("relation", relation.slug).facts["partner"]["country"] == "NL"


# --- a stale assessment says so and can be re-assessed ---------------------------------------


@pytest.mark.parametrize(
    ("make_stale", "notice"),
    [
        (
            lambda r: Relation.objects.filter(pk=r.pk).update(purposes=["sport"]),
            "The facts have changed since this assessment was made",
        ),
        (
            lambda r: Assessment.objects.filter(relation=r).update(framework_version="0.0-old"),
            "The framework has changed since this assessment was made",
        ),
        (
            lambda r: Assessment.objects.filter(relation=r).delete(),
            "This has not been assessed against the framework yet",
        ),
    ],
    ids=["facts", "framework", "never"],
)
def test_a_stale_assessment_shows_the_notice_and_the_button_reassesses(
    officer_client, relation, make_stale, notice
):
    make_stale(relation)
    before = _rows()
    officer_client.cookies["django_language"] = "en"
    page = officer_client.get(relation.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").text
    assert _rows() == before  # the page only says so
    assert STALE in page and notice in page
    button = reverse("assessments:reassess", args=["relation", relation.slug])
    assert f'action="{button}"' in page

    response = officer_client.post(button)
    assert response.status_code == 302
    assert response["Location"] == relation.get_absolute_url() + "#assessment"
    fresh = _current("relation", relation.slug)
    assert fresh.framework_version != "0.0-old"
    assert fresh.facts["purposes"] == Relation.objects.get(pk=relation.pk).purposes
    page = officer_client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").text
    assert STALE not in page and 'id="assessment"' in page
    assert f"/assessments/{fresh.pk}/confirm/" in page


def test_the_notice_is_in_dutch_by_default(officer_client, relation):
    Relation.objects.filter(pk=relation.pk).update(purposes=["sport"])
    officer_client.cookies["django_language"] = "nl"
    page = officer_client.get(relation.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="nl").text
    assert "De feiten zijn veranderd sinds deze beoordeling is gemaakt" in page
    assert "Nu beoordelen" in page


def test_a_role_that_may_not_assess_sees_no_button_and_is_refused(client, make_user, relation):
    Relation.objects.filter(pk=relation.pk).update(purposes=["sport"])
    client.force_login(make_user(Role.COUNCIL_MEMBER))
    button = reverse("assessments:reassess", args=["relation", relation.slug])
    page = client.get(relation.get_absolute_url()).text
    assert STALE in page and button not in page
    before = _rows()
    assert client.post(button).status_code == 403
    assert client.get(button).status_code == 405
    assert _rows() == before


def test_reassessing_an_unknown_subject_is_not_found(officer_client):
    for args in (["relation", "nobody"], ["partner", "x"], ["committee", "nobody"]):
        assert officer_client.post(reverse("assessments:reassess", args=args)).status_code == 404


def test_the_button_needs_the_pages_csrf_token(officer, relation):
    from django.test import Client

    Relation.objects.filter(pk=relation.pk).update(purposes=["sport"])
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    button = reverse("assessments:reassess", args=["relation", relation.slug])
    before = _rows()
    assert client.post(button).status_code == 403
    assert _rows() == before
    client.get(relation.get_absolute_url())  # sets the CSRF cookie, as a browser would
    token = client.cookies["csrftoken"].value
    assert client.post(button, {"csrfmiddlewaretoken": token}).status_code == 302
    assert _current("relation", relation.slug).facts["purposes"] == ["sport"]


def test_facts_the_contract_cannot_read_are_named_and_the_way_back_stays_on_this_site(
    officer_client, relation, monkeypatch
):
    from intrel.assessments import subjects
    from intrel.policy import SubjectError

    def unreadable(**_kwargs):
        raise SubjectError([])

    monkeypatch.setattr(subjects, "subject_reassess", unreadable)
    button = reverse("assessments:reassess", args=["relation", relation.slug])
    page = relation.get_absolute_url()

    back = officer_client.post(button, HTTP_REFERER=f"http://testserver{page}")
    assert back.status_code == 302 and back["Location"] == f"http://testserver{page}"
    assert "Correct them first" in officer_client.get(page, HTTP_ACCEPT_LANGUAGE="en").text

    elsewhere = officer_client.post(button, HTTP_REFERER="https://evil.example/phish")
    assert elsewhere.status_code == 302 and elsewhere["Location"] == "/"
