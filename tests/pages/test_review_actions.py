"""The review's actions on the demo (issue 15), through the pages, the API and ``intrel remind``:
only the action's owner (or the application manager) closes it; a round over the relations the
officer ticks; reminders e-mailed once; the committee's composition changes as actions; the
council report built in the background, its progress and files on a page."""

import io
import json
from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader
from rest_framework.test import APIClient

from intrel.api.services import person_token_create
from intrel.relations.models import Relation
from intrel.reviews import reports
from intrel.reviews.constants import OPEN_STATUSES, ReportState
from intrel.reviews.demo import TITLE
from intrel.reviews.models import ReviewAction, ReviewReport, ReviewRound

from .conftest import Demo

pytestmark = pytest.mark.django_db


def _client(demo: Demo, username: str) -> Client:
    client = Client()
    client.force_login(demo.users[username])
    client.cookies["django_language"] = "nl"
    return client


def _api(demo: Demo, username: str) -> APIClient:
    _, key = person_token_create(user=demo.users[username], name="tests")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="nl")
    return api


def _brainport_action() -> ReviewAction:
    """The demo's one action: Brainport's, overdue for the EZ alderman (the 'wethouder')."""
    return ReviewAction.objects.get(round__title="Herijking Brainport 2019")


def _decide_demo_round(demo: Demo) -> ReviewRound:
    """The officer takes the demo's round on to the council's decision, on its page."""
    client = _client(demo, "beleid")
    r = ReviewRound.objects.get(title=TITLE)
    step = "reviews:round-step"
    client.post(
        reverse(step, args=[r.pk, "proposal"]),
        {"proposal-text": "Het college stelt voor.", "proposal-on": "2014-06-03"},
    )
    done = client.post(
        reverse(step, args=[r.pk, "decision"]),
        {"decision-text": "De raad besluit.", "decision-on": "2014-07-01",
         "decision-scenario": "honouring"},
    )  # fmt: skip
    assert done.status_code == 302
    return r


# --- who closes an action ------------------------------------------------------------------------


def test_only_the_owner_closes_an_action_on_its_page(demo: Demo) -> None:
    action = _brainport_action()
    url = action.get_absolute_url()
    # The policy officer sees who closes it, and no form; a forced post is refused (403).
    officer = _client(demo, "beleid")
    html = officer.get(url).content.decode()
    assert 'id="who-closes"' in html and "Anja Verhoeven" in html
    assert "Actie afronden</button>" not in html
    refused = officer.post(url, {"note": "Gedaan"})
    assert refused.status_code == 403
    text = refused.content.decode()
    assert "Alleen de eigenaar van de actie (Anja Verhoeven)" in text
    assert _client(demo, "raad").post(url, {"note": "x"}).status_code == 403
    action.refresh_from_db()
    assert action.is_open
    # The alderman who owns it closes it; the relation is re-assessed.
    owner = _client(demo, "wethouder")
    assert "Actie afronden</button>" in owner.get(url).content.decode()
    assert owner.post(url, {"note": "Besproken met Brainport."}).status_code == 302
    action.refresh_from_db()
    assert not action.is_open and action.reassessment is not None
    assert action.closed_by == demo.users["wethouder"]


def test_the_application_manager_closes_anyones_action_and_the_api_refuses_others(
    demo: Demo,
) -> None:
    action = _brainport_action()
    url = f"/api/v1/review-actions/{action.pk}/close"
    refused = _api(demo, "beleid").post(url, {"note": "x"}, format="json")
    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/problem+json"
    assert "Anja Verhoeven" in refused.json()["detail"]
    assert _api(demo, "griffie").post(url, {}, format="json").status_code == 403
    closed = _api(demo, "beheer").post(url, {"note": "Namens de wethouder."}, format="json")
    assert closed.status_code == 200 and closed.json()["closed_at"]


def test_an_action_a_role_carries_is_closed_by_that_role(demo: Demo) -> None:
    r = _decide_demo_round(demo)
    # The committee's composition changes (BES-10) are actions too, carried by the clerk.
    committee_actions = r.actions.filter(committee__isnull=False)
    assert {a.code for a in committee_actions} == {"ELECT_CHAIR", "REPLACE_COMMITTEE_MEMBER"}
    assert all(a.owner_role == "griffie" and a.relation is None for a in committee_actions)
    html = _client(demo, "beleid").get(r.get_absolute_url()).content.decode()
    assert "Laat de commissie uit haar eigen leden" in html
    listed = _client(demo, "beleid").get(reverse("reviews:actions")).content.decode()
    assert "Commissie Internationale Betrekkingen" in listed
    action = committee_actions.get(code="ELECT_CHAIR")
    assert _client(demo, "commissie").post(action.get_absolute_url(), {}).status_code == 403
    assert _client(demo, "griffie").post(action.get_absolute_url(), {}).status_code == 302
    action.refresh_from_db()
    assert action.reassessment is not None
    assert action.reassessment.subject_type == "committee"


# --- which relations are in the round ------------------------------------------------------------


def _no_open_round() -> None:
    ReviewRound.objects.filter(status__in=OPEN_STATUSES).delete()


def test_the_officer_chooses_the_relations_of_a_round_on_the_start_page(demo: Demo) -> None:
    _no_open_round()
    client = _client(demo, "beleid")
    page = client.get(reverse("reviews:round-start")).content.decode()
    assert "San Marcos" in page and 'name="relations"' in page
    chosen = Relation.objects.filter(slug__in=["helmond-san-marcos", "helmond-mechelen"])
    response = client.post(
        reverse("reviews:round-start"),
        {
            "title": "Herijking solidariteit",
            "framework": "helmond-2013",
            "reference_date": "2014-01-01",
            "relations": [r.pk for r in chosen],
        },
    )
    assert response.status_code == 302
    r = ReviewRound.objects.get(title="Herijking solidariteit")
    assert set(r.items.values_list("relation__slug", flat=True)) == {
        "helmond-san-marcos",
        "helmond-mechelen",
    }
    # None ticked: every current relation that existed on the date (Brainport started 2018).
    r.delete()
    client.post(
        reverse("reviews:round-start"),
        {"title": "Alles", "framework": "helmond-2013", "reference_date": "2014-01-01"},
    )
    everything = ReviewRound.objects.get(title="Alles")
    assert everything.items.count() == Relation.objects.exclude(status="ended").count() - 1


def test_an_ended_or_unknown_relation_is_refused_naming_the_field(demo: Demo) -> None:
    _no_open_round()
    ended = Relation.objects.get(slug="helmond-zielona-gora")
    ended.status = "ended"
    ended.end_date = date(2013, 12, 31)
    ended.save()
    body = {"title": "Herijking", "framework": "helmond-2013", "reference_date": "2014-01-01"}
    page = _client(demo, "beleid").post(
        reverse("reviews:round-start"), {**body, "relations": [ended.pk]}
    )
    assert page.status_code == 400
    assert "is geen lopende relatie" in page.content.decode()
    api = _api(demo, "beleid")
    for slug in ("helmond-zielona-gora", "helmond-atlantis"):
        refused = api.post("/api/v1/review-rounds", {**body, "relations": [slug]}, format="json")
        assert refused.status_code == 400
        problem = refused.json()
        assert problem["invalidParams"][0]["name"].startswith("relations")
        assert slug in problem["detail"] and "geen lopende relatie" in problem["detail"]
    assert not ReviewRound.objects.filter(title="Herijking").exists()
    chosen = api.post(
        "/api/v1/review-rounds", {**body, "relations": ["helmond-san-marcos"]}, format="json"
    )
    assert chosen.status_code == 201
    assert [i["relation"] for i in chosen.json()["relations"]] == ["helmond-san-marcos"]


# --- reminders ------------------------------------------------------------------------------------


def _remind() -> str:
    out = io.StringIO()
    call_command("remind", "--format", "json", stdout=out)
    return out.getvalue()


def test_remind_emails_the_owner_once_and_the_action_shows_it(demo: Demo) -> None:
    alderman = demo.users["wethouder"]
    alderman.email = "a.verhoeven@helmond.example"
    alderman.save()
    mail.outbox.clear()
    first = json.loads(_remind())
    assert first["reminders_sent"] == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["a.verhoeven@helmond.example"]
    assert "Brainport" in message.body and _brainport_action().get_absolute_url() in message.body
    # A second run sends nothing twice.
    second = json.loads(_remind())
    assert second["reminders_sent"] == 0 and len(mail.outbox) == 1
    # What was sent is on the action's page and in the API.
    action = _brainport_action()
    html = _client(demo, "wethouder").get(action.get_absolute_url()).content.decode()
    assert "a.verhoeven@helmond.example" in html and "te laat" in html
    data = _api(demo, "beleid").get(f"/api/v1/review-actions/{action.pk}").json()
    assert data["reminders"][0]["to"] == ["a.verhoeven@helmond.example"]
    assert data["reminders"][0]["kind"] == "overdue"


# --- the council report in the background --------------------------------------------------------


def test_the_council_report_is_built_in_the_background_and_offered_when_done(demo: Demo) -> None:
    client = _client(demo, "raad")
    r = ReviewRound.objects.get(title=TITLE)
    assert "Raadsvoorstel opstellen" in client.get(r.get_absolute_url()).content.decode()
    response = client.post(reverse("reviews:report-request", args=[r.pk]), {"language": "nl"})
    report = ReviewReport.objects.get(round=r)
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    # Inline in tests (ImmediateBackend): the report is ready when the page is shown.
    assert report.state == ReportState.DONE and report.progress == 100
    page = client.get(report.get_absolute_url()).content.decode()
    assert 'id="report-files"' in page and 'http-equiv="refresh"' not in page
    pdf = client.get(reverse("reviews:report-file", args=[r.pk, report.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Raadsvoorstel" in " ".join(text.split())
    docx = client.get(reverse("reviews:report-file", args=[r.pk, report.pk, "docx"]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert "klaar (gevraagd" in client.get(r.get_absolute_url()).content.decode()


def test_a_report_still_being_built_shows_its_progress(demo: Demo) -> None:
    r = ReviewRound.objects.get(title=TITLE)
    report = ReviewReport.objects.create(
        round=r, state=ReportState.RUNNING, progress=50, step="De DOCX schrijven"
    )
    page = _client(demo, "raad").get(report.get_absolute_url()).content.decode()
    assert 'http-equiv="refresh"' in page and 'value="50"' in page and "De DOCX schrijven" in page
    assert 'id="report-files"' not in page


def test_a_failed_report_is_recorded_and_shown_not_a_500(
    demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(data: object) -> bytes:
        raise RuntimeError("WeasyPrint crashed")

    monkeypatch.setattr(reports, "report_pdf", broken)
    client = _client(demo, "beleid")
    r = ReviewRound.objects.get(title=TITLE)
    response = client.post(reverse("reviews:report-request", args=[r.pk]), {"language": "nl"})
    assert response.status_code == 302
    report = ReviewReport.objects.get(round=r)
    assert report.state == ReportState.FAILED and not report.pdf
    page = client.get(report.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="report-error"' in html and "kon niet worden opgesteld" in html
    assert "WeasyPrint" not in html
    assert 'id="report-files"' not in html
    missing = client.get(reverse("reviews:report-file", args=[r.pk, report.pk, "pdf"]))
    assert missing.status_code == 404
    # Asked again once repaired, it is built.
    monkeypatch.undo()
    client.post(reverse("reviews:report-request", args=[r.pk]), {"language": "nl"})
    assert r.reports.filter(state=ReportState.DONE).exists()


def test_with_the_database_queue_the_page_shows_the_report_waiting_until_the_worker_builds_it(
    demo: Demo, settings: pytest.FixtureRequest
) -> None:
    """Production's way (ADR 0019): the request only queues the report; the page says it is
    waiting and refreshes itself; the worker builds it, and the page then offers the files."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # type: ignore[attr-defined]
    client = _client(demo, "beleid")
    r = ReviewRound.objects.get(title="Herijking Brainport 2019")
    response = client.post(reverse("reviews:report-request", args=[r.pk]), {"language": "en"})
    report = ReviewReport.objects.get(round=r, language="en")
    assert report.state == ReportState.QUEUED
    page = client.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' in page and 'id="report-progress"' in page
    assert 'id="report-files"' not in page
    # What `intrel db_worker` runs (the worker itself needs a transaction of its own, which a
    # test inside the demo's transaction cannot give it): the queued task with its stored values.
    queued = DBTaskResult.objects.get(task_path="intrel.reviews.tasks.report_build")
    queued.task.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])
    report.refresh_from_db()
    assert report.state == ReportState.DONE and report.progress == 100
    assert 'id="report-files"' in client.get(response["Location"]).content.decode()
