"""The life of a relation on the demo (issue 14): Zielona Góra, suspended and proposed for
ending, walked by page and API as every role."""

import secrets
from datetime import date, timedelta
from io import BytesIO, StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from intrel.accounts.services import DEMO_ACCOUNTS
from intrel.api.services import person_token_create
from intrel.relations.models import Relation

from .conftest import Demo

ROLES = [a.username for a in DEMO_ACCOUNTS]
SLUG = "helmond-zielona-gora"
# Who may record a step (relations.add_lifestep): the application manager and the officer.
MAY_STEP = {"beheer", "beleid"}

pytestmark = pytest.mark.django_db


def _client(demo: Demo, role: str) -> Client:
    client = Client()
    client.force_login(demo.users[role])
    client.cookies["django_language"] = "nl"
    return client


def _api(demo: Demo, role: str) -> APIClient:
    _, key = person_token_create(user=demo.users[role], name=f"tests {secrets.token_hex(4)}")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return api


@pytest.mark.parametrize("role", ROLES)
def test_the_demo_relation_shows_its_life(demo: Demo, role: str) -> None:
    page = _client(demo, role).get(reverse("relations:detail", args=[SLUG]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Leven van de relatie" in text
    assert "Voorstel tot beëindiging" in text and "13 mei 2014" in text
    assert "Tot er weer een gedragen plan met Zielona Góra is." in text
    # The timeline holds the tie's history too: agreements signed, activities.
    assert "Overeenkomst ‘Actieplan 2009–2010’ ondertekend" in text
    assert "Activiteit: " in text
    # The next steps are buttons for those who may take them, and only for them.
    assert ("?kind=consultation" in text) == (role in MAY_STEP)
    listing = _client(demo, role).get(reverse("relations:in_transition"))
    assert listing.status_code == 200 and "Zielona" in listing.content.decode()
    steps = _api(demo, role).get(f"/api/v1/relations/{SLUG}/life-steps")
    assert steps.status_code == 200
    assert [s["kind"] for s in steps.json()] == ["suspended", "proposal"]
    moving = _api(demo, role).get("/api/v1/relations/in-transition")
    assert SLUG in [r["id"] for r in moving.json()]


@pytest.mark.parametrize("role", ROLES)
def test_only_the_officers_may_record_a_step(demo: Demo, role: str) -> None:
    body = {"kind": "consultation", "date": "2014-06-01", "party": "Zielona Góra"}
    response = _api(demo, role).post(f"/api/v1/relations/{SLUG}/life-steps", body, format="json")
    assert response.status_code == (201 if role in MAY_STEP else 403)
    page = _client(demo, role).post(reverse("relations:life_step_create", args=[SLUG]), body)
    assert page.status_code == (302 if role in MAY_STEP else 403)


def test_the_ending_of_zielona_gora_walked_on_the_demo(demo: Demo) -> None:
    relation = Relation.objects.get(slug=SLUG)
    advice = relation.governance_decisions.get(title__startswith="Advies")
    client = _client(demo, "beleid")
    url = reverse("relations:life_step_create", args=[SLUG])
    skipped = client.post(
        url, {"kind": "decision", "date": "2014-06-01", "decision": advice.identifier}
    )
    assert skipped.status_code == 400 and "IMP-4" in skipped.content.decode()
    assert (
        client.post(
            url,
            {
                "kind": "consultation",
                "date": "2014-06-01",
                "party": "Gemeente Zielona Góra",
                "answered": "false",
                "text": "Brief van 1 juni 2014; geen antwoord.",
            },
        ).status_code
        == 302
    )
    decided = client.post(
        url, {"kind": "decision", "date": "2014-06-02", "decision": advice.identifier}
    )
    assert decided.status_code == 302, decided.content.decode()
    # The twinning agreement renews itself (6 months' notice): the earliest end is 31 May 2018.
    too_soon = client.post(
        url, {"kind": "notice", "date": "2014-06-03", "effective_date": "2014-07-01"}
    )
    assert too_soon.status_code == 400
    assert "31 mei 2018" in too_soon.content.decode() and "IMP-3" in too_soon.content.decode()
    notice = client.post(
        url, {"kind": "notice", "date": "2014-06-03", "effective_date": "2018-05-31"}
    )
    assert notice.status_code == 302, notice.content.decode()
    relation.refresh_from_db()
    assert relation.status == "ending"
    early = client.post(url, {"kind": "ended", "date": "2018-05-30"})
    assert early.status_code == 400 and "IMP-3" in early.content.decode()
    # The notice letter, in Dutch and English, as DOCX and PDF, from the relation's page.
    page = client.get(reverse("relations:detail", args=[SLUG])).content.decode()
    notice_step = relation.life_steps.get(kind="notice")
    texts = {}
    for language in ("nl", "en"):
        for fmt in ("docx", "pdf"):
            link = reverse("relations:life_letter", args=[SLUG, notice_step.pk, language, fmt])
            assert link in page
            texts[language, fmt] = _letter_text(client, link, fmt)
    for (language, _fmt), text in texts.items():
        assert "Helmond" in text and "Zielona Góra" in text
        assert ("31 mei 2018" if language == "nl" else "31 May 2018") in text
        assert "slapende stedenband" in text  # the proposal's reasons, as typed
        assert advice.identifier in text
        assert ("bedanken" if language == "nl" else "thank") in text
        assert "Gemeente Zielona Góra" in text  # who was consulted
    # The notice took effect on 31 May 2018, in the past: the nightly run ends it on that date.
    out = StringIO()
    call_command("assess_all", stdout=out)
    assert f"{SLUG}: ended on 2018-05-31" in out.getvalue()
    relation.refresh_from_db()
    assert relation.status == "ended" and relation.end_date == date(2018, 5, 31)
    assert relation.end_reason == "ended_by_us"


def _letter_text(client: Client, link: str, fmt: str) -> str:
    """The text of a downloaded letter, opened as a user's program would (DOCX or PDF)."""
    response = client.get(link)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "docx":
        from docx import Document

        return "\n".join(p.text for p in Document(BytesIO(data)).paragraphs)
    from pypdf import PdfReader

    # A PDF's lines break where the page does: read it as one run of words.
    return " ".join(" ".join(p.extract_text() for p in PdfReader(BytesIO(data)).pages).split())


# --- the other ways a relation's life changes, on the demo (issue 14, "What it must show") -------


def _decided(relation: Relation, body: str, on: date) -> str:
    """A decision of ``body`` about ``relation``, as governance records it (its own door)."""
    from intrel.governance import services as gov

    meeting = gov.meeting_create(body=body, date=on, title="Vergadering")
    return gov.decision_record(
        meeting=meeting,
        kind="other",
        title="Besluit over de relatie",
        result="adopted",
        relation=relation,
    ).identifier


def _clauses(relation: Relation) -> set[str]:
    from intrel.assessments.selectors import assessment_current

    assessment = assessment_current(relation=relation)
    assert assessment is not None
    return {c for f in assessment.decision["findings"] for c in f["clauses"]}


def test_an_end_by_the_partner_in_two_steps(demo: Demo) -> None:
    """Mechelen's partner ends the twinning by letter, as of a later date: recorded with the
    letter and its date (no consultation asked), the relation is being ended until then; the
    acknowledgement letter names both cities, their letter and the date; on the date it ends."""
    slug = "helmond-mechelen"
    client = _client(demo, "beleid")
    url = reverse("relations:life_step_create", args=[slug])
    today = date.today()
    later = today + timedelta(days=90)
    letter = "Brief van Mechelen: de stedenband wordt beëindigd."
    no_letter = client.post(url, {"kind": "ended_by_partner", "date": today.isoformat()})
    assert no_letter.status_code == 400 and "text" in no_letter.content.decode()
    recorded = client.post(
        url,
        {
            "kind": "ended_by_partner",
            "date": today.isoformat(),
            "text": letter,
            "effective_date": later.isoformat(),
        },
    )
    assert recorded.status_code == 302, recorded.content.decode()
    relation = Relation.objects.get(slug=slug)
    assert relation.status == "ending" and relation.end_date is None
    page = client.get(reverse("relations:detail", args=[slug])).content.decode()
    assert "eindigt op" in page and "Ontvangstbevestiging" in page
    step = relation.life_steps.get(kind="ended_by_partner")
    for language in ("nl", "en"):
        text = _letter_text(
            client, reverse("relations:life_letter", args=[slug, step.pk, language, "docx"]), "docx"
        )
        assert "Helmond" in text and "Mechelen" in text and letter in text
        from django.utils import translation

        from intrel.core import formatting

        with translation.override(language):
            assert formatting.day(later) in text and formatting.day(today) in text
    with time_machine.travel(later):
        call_command("assess_all", stdout=StringIO())
    relation.refresh_from_db()
    assert relation.status == "ended" and relation.end_date == later
    assert relation.end_reason == "ended_by_partner"


def test_a_downgrade_to_friendship_removes_budget_and_involvement(demo: Demo) -> None:
    """Zielona Góra reactivated, then downgraded by the board: no budget, the administrators'
    involvement ends, and the engine no longer asks for a pillar (GIB-1)."""
    slug = SLUG
    relation = Relation.objects.get(slug=slug)
    today = date.today()
    api = _api(demo, "beleid")
    reactivated = api.post(
        f"/api/v1/relations/{slug}/life-steps",
        {
            "kind": "reactivated",
            "date": today.isoformat(),
            "decision": _decided(relation, "executive_board", today),
        },
        format="json",
    )
    assert reactivated.status_code == 201
    relation.refresh_from_db()
    assert relation.status == "active" and "GIB-1" in _clauses(relation)
    body = {"kind": "downgraded", "date": today.isoformat()}
    without = api.post(f"/api/v1/relations/{slug}/life-steps", body, format="json")
    assert without.status_code == 409 and "decision" in without.json()["detail"]
    ref = _decided(relation, "executive_board", today)
    response = api.post(
        f"/api/v1/relations/{slug}/life-steps", {**body, "decision": ref}, format="json"
    )
    assert response.status_code == 201, response.json()
    relation.refresh_from_db()
    assert relation.status == "friendship"
    assert relation.budget_money_eur_per_year == 0 and relation.budget_staff_hours_per_year == 0
    assert relation.budget_held_by == "none"
    assert all(i.end is not None and i.end <= today for i in relation.involvements.all())
    assert "GIB-1" not in _clauses(relation)


def test_a_suspension_and_a_reactivation(demo: Demo) -> None:
    """San Marcos suspended (reason, condition to resume), then reactivated with a decision."""
    slug = "helmond-san-marcos"
    relation = Relation.objects.get(slug=slug)
    api = _api(demo, "beleid")
    url = f"/api/v1/relations/{slug}/life-steps"
    today = date.today()
    ref = _decided(relation, "executive_board", today)
    body = {"kind": "suspended", "date": today.isoformat(), "decision": ref, "text": "Onrust."}
    no_condition = api.post(url, body, format="json")
    assert no_condition.status_code == 400 and "until" in str(no_condition.json())
    until = "Tot het weer veilig is om te reizen."
    assert api.post(url, {**body, "until": until}, format="json").status_code == 201
    relation.refresh_from_db()
    assert relation.status == "suspended"
    page = _client(demo, "beleid").get(reverse("relations:detail", args=[slug])).content.decode()
    assert until in page and "Onrust." in page
    listing = _client(demo, "raad").get(reverse("relations:in_transition")).content.decode()
    assert "San Marcos" in listing and until in listing
    refused = api.post(url, {"kind": "reactivated", "date": today.isoformat()}, format="json")
    assert refused.status_code == 409
    assert refused["Content-Type"].startswith("application/problem+json")
    relation.refresh_from_db()
    assert relation.status == "suspended"
    again = api.post(
        url, {"kind": "reactivated", "date": today.isoformat(), "decision": ref}, format="json"
    )
    assert again.status_code == 201
    relation.refresh_from_db()
    assert relation.status == "active"


def test_a_council_deviation_recorded_as_such(demo: Demo) -> None:
    """The council ends Zielona Góra at once by motion, against its framework: recorded as a
    deviation (only a council decision may carry it), shown on the relation, with its letter."""
    relation = Relation.objects.get(slug=SLUG)
    client = _client(demo, "beleid")
    url = reverse("relations:life_step_create", args=[SLUG])
    today = date.today()
    committee = _decided(relation, "executive_board", today)
    body = {"kind": "ended", "date": today.isoformat(), "deviation": "on", "text": "Motie M12."}
    by_board = client.post(url, {**body, "decision": committee})
    assert by_board.status_code == 400
    assert "Alleen de raad mag afwijken van zijn kader (IMP-3, IMP-4)" in by_board.content.decode()
    relation.refresh_from_db()
    assert relation.status == "suspended"
    council = _decided(relation, "council", today)
    assert client.post(url, {**body, "decision": council}).status_code == 302
    relation.refresh_from_db()
    assert relation.status == "ended" and relation.end_date == today
    step = relation.life_steps.get(kind="ended")
    assert step.deviation
    page = client.get(reverse("relations:detail", args=[SLUG])).content.decode()
    assert "Afwijking van het kader" in page and council in page
    # No consultation or notice is pretended: the timeline has none.
    assert not relation.life_steps.filter(kind__in=("consultation", "notice")).exists()
    text = _letter_text(
        client, reverse("relations:life_letter", args=[SLUG, step.pk, "nl", "pdf"]), "pdf"
    )
    assert "Motie M12." in text and "Zielona Góra" in text


def test_a_deviation_shows_in_the_reports(demo: Demo) -> None:
    """The council ended Mechelen at once by motion in December 2013: the committee's annual
    report of 2013 and the council report of the review of 1 January 2014 show it as a deviation
    from the framework, with the decision and its reasons."""
    from intrel.governance.models import Committee
    from intrel.reviews.models import ReviewRound
    from intrel.reviews.reports import round_report

    relation = Relation.objects.get(slug="helmond-mechelen")
    council = _decided(relation, "council", date(2013, 12, 10))
    response = _api(demo, "beleid").post(
        "/api/v1/relations/helmond-mechelen/life-steps",
        {
            "kind": "ended",
            "date": "2013-12-15",
            "deviation": True,
            "decision": council,
            "text": "Motie M7: per direct beëindigen.",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    committee = Committee.objects.order_by("pk").first()
    assert committee is not None
    page = _client(demo, "raad").get(
        reverse("governance:annual-report", args=[committee.slug, 2013])
    )
    text = page.content.decode()
    assert page.status_code == 200 and 'id="life-changes"' in text
    assert "afwijkend van het kader (IMP-3, IMP-4)" in text
    assert council in text and "Motie M7" in text and "Mechelen" in text
    review = ReviewRound.objects.get(reference_date=date(2014, 1, 1))
    from docx import Document

    report = "\n".join(
        p.text for p in Document(BytesIO(round_report(review_round=review, fmt="docx"))).paragraphs
    )
    assert "Afwijkingen van het kader" in report
    assert "Mechelen" in report and council in report and "Motie M7" in report


def test_an_import_cannot_change_a_status(demo: Demo) -> None:
    """A file that sets Mechelen to ended is refused at preview, naming the status and the
    life steps; nothing changes. The same row with its current status passes."""
    from intrel.imports.services import import_batch_preview
    from intrel.imports.template_files import template_csv

    header = template_csv().decode("utf-8-sig").splitlines()[0].split(",")
    relation = Relation.objects.get(slug="helmond-mechelen")

    def upload(status: str) -> list[dict]:
        row = ["" for _ in header]
        row[header.index("id")] = relation.slug
        row[header.index("status")] = status
        content = "\r\n".join([",".join(header), ",".join(row)]).encode()
        with translation.override("nl"):
            batch = import_batch_preview(
                filename="status.csv", content=content, user=demo.users["beheer"]
            )
        return batch.problems

    problems = upload("ended")
    assert [p for p in problems if p["column"] == "status"], problems
    assert any("stappen van haar leven" in p["reason"] for p in problems), problems
    relation.refresh_from_db()
    assert relation.status == "active"
    assert not [p for p in upload("active") if p["column"] == "status"]


# --- bad input (issue 14): each refused with its reason, nothing changed --------------------------

BAD_AGREEMENTS = [
    # (what, fields, the field named, a word of the Dutch reason)
    ("ends before signed", {"signed": "2020-06-01", "ends": "2020-01-01"}, "ends", "ondertekening"),
    (
        "a renewal without a term",
        {"signed": "2020-01-01", "ends": "2020-01-01", "renews_automatically": "on"},
        "renewal_months",
        "termijn van elke verlenging",
    ),
    (
        "a notice longer than the term",
        {"signed": "2020-01-01", "ends": "2020-12-31", "notice_months": "24"},
        "notice_months",
        "langer dan de looptijd",
    ),
]


@pytest.mark.parametrize(("what", "fields", "field", "reason"), BAD_AGREEMENTS)
def test_a_bad_agreement_is_refused_on_the_page(
    demo: Demo, what: str, fields: dict, field: str, reason: str
) -> None:
    relation = Relation.objects.get(slug="helmond-mechelen")
    before = list(relation.agreements.values_list("pk", "ends", "notice_months"))
    response = _client(demo, "beleid").post(
        reverse("relations:agreement_create", args=[relation.slug]),
        {"title": "Protocol", "notice_months": "0", **fields},
    )
    assert response.status_code == 400, what
    text = response.content.decode()
    assert f'id="id_{field}"' in text and reason in text, what
    assert list(relation.agreements.values_list("pk", "ends", "notice_months")) == before


API_BAD_AGREEMENTS = [
    ({"signed": "2020-06-01", "ends": "2020-01-01"}, "agreements[1].ends"),
    (
        {"signed": "2020-01-01", "ends": "2020-01-01", "renews_automatically": True},
        "agreements[1].renewal_months",
    ),
    (
        {"signed": "2020-01-01", "ends": "2020-12-31", "notice_months": 24},
        "agreements[1].notice_months",
    ),
]


@pytest.mark.parametrize(("fields", "path"), API_BAD_AGREEMENTS)
def test_a_bad_agreement_is_refused_by_the_api(demo: Demo, fields: dict, path: str) -> None:
    relation = Relation.objects.get(slug="helmond-mechelen")
    api = _api(demo, "beleid")
    current = api.get(f"/api/v1/relations/{relation.slug}").json()["agreements"]
    added = {"title": "Protocol", "notice_months": 0, **fields}
    response = api.patch(
        f"/api/v1/relations/{relation.slug}", {"agreements": [*current, added]}, format="json"
    )
    assert response.status_code == 400, response.json()
    assert path in str(response.json())
    assert relation.agreements.count() == len(current)


def test_an_ending_with_no_reason_is_refused(demo: Demo) -> None:
    relation = Relation.objects.get(slug="helmond-mechelen")
    body = {"kind": "proposal", "date": date.today().isoformat(), "text": "  "}
    page = _client(demo, "beleid").post(
        reverse("relations:life_step_create", args=[relation.slug]), body
    )
    assert page.status_code == 400 and "redenen" in page.content.decode()
    api = _api(demo, "beleid").post(
        f"/api/v1/relations/{relation.slug}/life-steps", body, format="json"
    )
    assert api.status_code == 400 and "text" in str(api.json())
    assert not relation.life_steps.exists()


def test_an_effective_date_before_the_decision_is_refused(demo: Demo) -> None:
    """Zielona Góra, decided on 13 May 2014: notice that takes effect before it is refused even
    with the partner's consent (which only lifts the agreements' date)."""
    relation = Relation.objects.get(slug=SLUG)
    advice = relation.governance_decisions.get(title__startswith="Advies")
    api = _api(demo, "beleid")
    url = f"/api/v1/relations/{SLUG}/life-steps"
    consulted = {"kind": "consultation", "date": "2014-06-01", "party": "Zielona Góra"}
    assert api.post(url, consulted, format="json").status_code == 201
    decided = {"kind": "decision", "date": "2014-06-02", "decision": advice.identifier}
    assert api.post(url, decided, format="json").status_code == 201
    # Before the agreements allow (31 May 2018), without the partner's consent: 409, IMP-3.
    too_soon = {"kind": "notice", "date": "2014-06-03", "effective_date": "2015-01-01"}
    refused = api.post(url, too_soon, format="json")
    assert refused.status_code == 409
    assert refused["Content-Type"].startswith("application/problem+json")
    assert "IMP-3" in str(refused.json()) and "effective_date" in str(refused.json())
    notice = {
        "kind": "notice",
        "date": "2014-06-03",
        "effective_date": "2014-05-01",
        "partner_consent": True,
    }
    response = api.post(url, notice, format="json")
    assert response.status_code == 400 and "effective_date" in str(response.json())
    relation.refresh_from_db()
    assert relation.status == "suspended"
    assert not relation.life_steps.filter(kind="notice").exists()


def test_a_step_by_a_role_that_may_not_changes_nothing(demo: Demo) -> None:
    relation = Relation.objects.get(slug=SLUG)
    advice = relation.governance_decisions.get(title__startswith="Advies")
    body = {"kind": "reactivated", "date": "2014-06-01", "decision": advice.identifier}
    for role in ("wethouder", "raad", "griffie", "commissie"):
        page = _client(demo, role).post(reverse("relations:life_step_create", args=[SLUG]), body)
        api = _api(demo, role).post(f"/api/v1/relations/{SLUG}/life-steps", body, format="json")
        assert page.status_code == 403 and api.status_code == 403, role
    relation.refresh_from_db()
    assert relation.status == "suspended" and relation.life_steps.count() == 2


def test_the_step_form_names_who_decides(demo: Demo) -> None:
    """Zielona Góra was set up by the municipality: the council, the committee or the board may
    decide; the form says so, and who records the steps."""
    page = _client(demo, "beleid").get(
        reverse("relations:life_step_create", args=[SLUG]) + "?kind=reactivated"
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "gemeenteraad, commissie, college van B&amp;W" in text
    assert "Alleen de raad mag afwijken van zijn kader" in text


def test_the_list_of_relations_in_transition_and_the_notice_moment(demo: Demo) -> None:
    """Suspended (Zielona Góra, with its proposal to end: being ended, next the consultation),
    dormant (Mechelen: last activity 20 September 2008, dormant after 24 months), each with the
    next step and its date; the relation's page says when notice given today takes effect."""
    from intrel.core import formatting
    from intrel.relations.selectors import notice_effective_from

    listing = _client(demo, "raad").get(reverse("relations:in_transition")).content.decode()
    rows = {
        name: listing.split(name, 1)[1].split("</tr>", 1)[0]
        for name in ("Zielona Góra", "Helmond – Mechelen")
    }
    assert "wordt beëindigd" in rows["Zielona Góra"] and "Overleg" in rows["Zielona Góra"]
    assert "slapend" in rows["Helmond – Mechelen"]
    assert "20 september 2010" in rows["Helmond – Mechelen"]
    api = _api(demo, "raad").get("/api/v1/relations/in-transition").json()
    by_id = {r["id"]: r for r in api}
    assert by_id[SLUG]["situation"] == "ending" and by_id[SLUG]["next_step"] == "consultation"
    assert by_id["helmond-mechelen"]["situation"] == "dormant"
    assert by_id["helmond-mechelen"]["next_date"] == "2010-09-20"
    assert "helmond-brainport-acquisitie" not in by_id  # active, no activity recorded: not judged
    relation = Relation.objects.get(slug="helmond-mechelen")
    with translation.override("nl"):
        day = formatting.day(notice_effective_from(relation, date.today()))
    page = _client(demo, "raad").get(reverse("relations:detail", args=["helmond-mechelen"]))
    assert f"Een opzegging van vandaag gaat op zijn vroegst in op {day} (IMP-3)." in (
        page.content.decode()
    )
