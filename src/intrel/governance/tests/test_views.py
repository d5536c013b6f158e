"""Pages: who may see and do what, refusals shown in the page, the committee's compliance."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from intrel.accounts.constants import Role
from intrel.governance.models import Decision, MeetingDocument

from .conftest import ELECTION_DAY

READERS = [Role.COUNCIL_MEMBER, Role.COMMITTEE_MEMBER, Role.POLICY_OFFICER, Role.PORTFOLIO_HOLDER]


@pytest.fixture
def as_role(client, make_user):
    def login(role):
        client.force_login(make_user(role))
        return client

    return login


def test_pages_need_login(client, setup):
    response = client.get(reverse("governance:committee", args=[setup.committee.slug]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_popolo_export_is_public_open_data(client, setup):
    response = client.get(reverse("governance:popolo"))
    assert response.status_code == 200
    assert response.json()["organizations"][0]["id"] == "organization/council"


@pytest.mark.parametrize("role", READERS)
def test_readers_see_the_committee_but_cannot_record(as_role, setup, meeting, role):
    client = as_role(role)
    page = client.get(reverse("governance:committee", args=[setup.committee.slug]))
    assert page.status_code == 200
    assert "Burgemeester B" in page.content.decode()
    assert "Record a decision" not in client.get(meeting.get_absolute_url()).content.decode()
    assert client.get(reverse("governance:chair-election", args=[meeting.pk])).status_code == 403
    response = client.post(
        reverse("governance:decision-create", args=[meeting.pk]),
        {"kind": "other", "title": "X"},
    )
    assert response.status_code == 403
    assert client.post(reverse("governance:meeting-create"), {}).status_code == 403
    assert not Decision.objects.exists()


def test_user_without_role_gets_403(as_role, setup):
    client = as_role(None)
    assert client.get(reverse("governance:index")).status_code == 403


def test_committee_page_shows_violation_before_and_none_after_election(as_role, setup, meeting):
    client = as_role(Role.CLERK)
    a = setup.members[0]
    data = {"candidates": [a.pk]} | {
        f"vote_{p.pk}": str(a.pk) for p in [setup.mayor, *setup.members]
    }
    response = client.post(reverse("governance:chair-election", args=[meeting.pk]), data)
    assert response.status_code == 302
    url = reverse("governance:committee", args=[setup.committee.slug])
    before = client.get(url, {"date": "2014-01-15"}).content.decode()
    # The finding in words (COMMITTEE_CHAIRED_BY_MAYOR), not its code, with its clause.
    assert "is chaired by the mayor" in before and "BES-10" in before
    assert "COMMITTEE_CHAIRED_BY_MAYOR" not in before
    after = client.get(url, {"date": ELECTION_DAY.isoformat()}).content.decode()
    assert "No findings: the composition complies with the framework." in after
    old = client.get(url, {"date": "2012-06-01"}).content.decode()
    assert "Before that the old situation applied" in old
    assert "ACH-3" in old


def test_clerk_records_a_decision_with_votes(as_role, setup, meeting):
    client = as_role(Role.CLERK)
    voters = [setup.mayor, *setup.members]
    options = ["for", "for", "against", "against", "abstain"]
    data = {"kind": "initiative_support", "title": "Steun"} | {
        f"vote_{p.pk}": o for p, o in zip(voters, options, strict=True)
    }
    response = client.post(reverse("governance:decision-create", args=[meeting.pk]), data)
    decision = Decision.objects.get()
    assert response.status_code == 302
    page = client.get(decision.get_absolute_url()).content.decode()
    assert "For: 2 · against: 2" in page
    assert decision.result == "tied"


def test_refusal_is_shown_in_the_form_not_a_500(as_role, setup):
    client = as_role(Role.CLERK)
    from intrel.governance import services

    m = services.meeting_create(
        body="committee", date=date(2013, 1, 10), title="Leeg", committee=setup.committee
    )
    response = client.post(
        reverse("governance:decision-create", args=[m.pk]), {"kind": "other", "title": "X"}
    )
    assert response.status_code == 400
    assert "No quorum" in response.content.decode()
    assert not Decision.objects.exists()


def test_document_upload_checks_content(as_role, setup, meeting):
    client = as_role(Role.CLERK)
    url = reverse("governance:meeting-document", args=[meeting.pk])
    fake = SimpleUploadedFile("agenda.pdf", b"not a pdf at all", content_type="application/pdf")
    response = client.post(url, {"title": "Agenda", "file": fake})
    assert response.status_code == 400
    assert "its content is not a PDF document" in response.content.decode()
    from intrel.core.tests.test_uploads import real_pdf

    real = SimpleUploadedFile("agenda.pdf", real_pdf(), content_type="application/pdf")
    assert client.post(url, {"title": "Agenda", "file": real}).status_code == 302
    assert MeetingDocument.objects.get().title == "Agenda"


def test_document_upload_refuses_too_large(as_role, setup, meeting, settings):
    settings.INTREL_MAX_UPLOAD_BYTES = 1024 * 1024
    client = as_role(Role.CLERK)
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1))
    response = client.post(
        reverse("governance:meeting-document", args=[meeting.pk]), {"title": "Big", "file": big}
    )
    assert response.status_code == 400
    assert "at most 1.0\xa0MB is accepted" in response.content.decode()
    assert not MeetingDocument.objects.exists()


def test_portfolio_page_names_the_purposes_in_words(as_role, setup):
    """The purposes a portfolio covers read as the relation's page reads them, not as codes."""
    from intrel.governance.models import Portfolio

    Portfolio.objects.create(
        code="RO",
        name_nl="Ruimtelijke ordening",
        name_en="Spatial planning",
        purposes=["urban_planning", "city_marketing"],
    )
    client = as_role(Role.COUNCIL_MEMBER)
    client.cookies["django_language"] = "nl"
    page = client.get(reverse("governance:portfolios")).content.decode()
    row = page.split("<td>RO</td>", 1)[1].split("</tr>", 1)[0]
    assert "stedenbouw, citymarketing" in row
    assert "urban_planning" not in row
