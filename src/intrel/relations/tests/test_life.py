"""The life of a relation (issue 14): one state machine, steps recorded, refusals cite clauses."""

from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from intrel.accounts.constants import Role
from intrel.core.errors import Conflict, DomainError
from intrel.governance import services as gov
from intrel.relations import life, services
from intrel.relations.models import Involvement, Relation
from intrel.relations.services import LifeStepData, life_step_record

from .factories import AgreementFactory, RelationFactory

pytestmark = pytest.mark.django_db

TODAY = date.today()


def _decision(relation: Relation, *, body: str = "council", on: date = TODAY) -> str:
    meeting = gov.meeting_create(body=body, date=on, title="Raadsvergadering")
    decision = gov.decision_record(
        meeting=meeting,
        kind="relation_ending",
        title="Beëindiging",
        result="adopted",
        relation=relation,
    )
    return decision.identifier


def _step(relation: Relation, user, kind: str, **fields):
    return life_step_record(
        relation=relation,
        user=user,
        data=LifeStepData(kind=kind, date=fields.pop("on", TODAY), **fields),
    )


def test_machine_names_the_steps_per_status() -> None:
    assert life.steps_from("proposed") == ["activated"]
    assert "suspended" in life.steps_from("active")
    assert "reactivated" in life.steps_from("suspended")
    assert life.steps_from("ending") == ["ended", "ended_by_partner"]
    assert life.steps_from("ended") == []
    assert life.target_of("active", "ended") is None
    assert life.deciding_bodies("council") == ("council",)


def test_the_tried_abuse_is_refused(officer) -> None:
    """12 months' notice, ended as of tomorrow, no consultation, no decision: refused."""
    relation = RelationFactory()
    AgreementFactory(relation=relation, signed=date(2000, 1, 1), ends=None, notice_months=12)
    with pytest.raises(Conflict) as exc:
        _step(relation, officer, "ended", on=TODAY + timedelta(days=1))
    assert exc.value.field == "kind"
    _step(relation, officer, "proposal", text="Geen activiteit sinds jaren.")
    with pytest.raises(Conflict) as exc:
        _step(relation, officer, "notice", effective_date=TODAY + timedelta(days=1))
    assert exc.value.clauses == ["IMP-4"] and "consult" in exc.value.message
    relation.refresh_from_db()
    assert relation.status == "active" and relation.life_steps.count() == 1


def test_ending_by_us_in_steps_honours_the_notice(officer) -> None:
    relation = RelationFactory()
    AgreementFactory(relation=relation, signed=date(2000, 1, 1), ends=None, notice_months=12)
    _step(relation, officer, "proposal", text="Geen activiteit.", finding="DORMANT")
    _step(relation, officer, "consultation", party="Stichting Stedenband", answered=False)
    ref = _decision(relation, body="executive_board")
    _step(relation, officer, "decision", decision=ref)
    earliest = services.notice_effective_from(relation, TODAY)
    with pytest.raises(Conflict) as exc:
        _step(relation, officer, "notice", effective_date=earliest - timedelta(days=1))
    assert exc.value.clauses == ["IMP-3"] and exc.value.field == "effective_date"
    _step(relation, officer, "notice", effective_date=earliest)
    relation.refresh_from_db()
    assert relation.status == "ending"
    # The end lies ahead: recording it now is refused, and so is any date before it (IMP-3).
    with pytest.raises(DomainError) as ahead:
        _step(relation, officer, "ended")
    assert ahead.value.field == "date"
    with pytest.raises(DomainError) as early:
        _step(relation, officer, "ended", on=earliest - timedelta(days=1))
    assert early.value.field == "date"
    relation.refresh_from_db()
    assert relation.status == "ending" and relation.end_date is None
    # The nightly run ends it on the effective date, not a day before.
    with time_machine.travel(earliest - timedelta(days=1)):
        call_command("assess_all", stdout=StringIO())
    relation.refresh_from_db()
    assert relation.status == "ending"
    with time_machine.travel(earliest):
        out = StringIO()
        call_command("assess_all", stdout=out)
    assert f"{relation.slug}: ended on {earliest.isoformat()}" in out.getvalue()
    relation.refresh_from_db()
    assert relation.status == "ended" and relation.end_date == earliest
    assert relation.end_reason == "ended_by_us"
    last = relation.life_steps.last()
    assert last is not None and last.kind == "ended"


def test_council_relation_needs_the_council(officer) -> None:
    relation = RelationFactory(initiated_by="council")
    _step(relation, officer, "proposal", text="Reden.")
    _step(relation, officer, "consultation", party="Partnerstad", answered=True, text="Akkoord.")
    with pytest.raises(Conflict) as exc:
        _step(relation, officer, "decision", decision=_decision(relation, body="executive_board"))
    assert exc.value.field == "decision"
    _step(relation, officer, "decision", decision=_decision(relation, body="council"))


def test_suspension_and_reactivation_need_a_decision(officer) -> None:
    relation = RelationFactory()
    with pytest.raises(Conflict) as exc:
        _step(relation, officer, "suspended", text="Oorlog.", until="Tot hervatting mogelijk is.")
    assert exc.value.field == "decision"
    ref = _decision(relation)
    _step(relation, officer, "suspended", text="Oorlog.", until="Tot hervatting.", decision=ref)
    relation.refresh_from_db()
    assert relation.status == "suspended"
    with pytest.raises(Conflict):
        _step(relation, officer, "reactivated")
    _step(relation, officer, "reactivated", decision=ref)
    relation.refresh_from_db()
    assert relation.status == "active"


def test_downgrade_removes_budget_and_involvement(officer) -> None:
    relation = RelationFactory()
    Involvement.objects.create(relation=relation, actor="mayor", start=date(2010, 1, 1))
    _step(relation, officer, "downgraded", decision=_decision(relation))
    relation.refresh_from_db()
    assert relation.status == "friendship"
    assert relation.budget_money_eur_per_year == Decimal("0")
    assert relation.budget_held_by == "none"
    assert relation.involvements.get().end == TODAY


def test_ended_by_the_partner_needs_no_consultation(officer) -> None:
    relation = RelationFactory()
    with pytest.raises(DomainError) as exc:
        _step(relation, officer, "ended_by_partner")
    assert exc.value.field == "text"
    _step(relation, officer, "ended_by_partner", text="Brief van de partner van 26 maart.")
    relation.refresh_from_db()
    assert relation.status == "ended" and relation.end_reason == "ended_by_partner"


def test_council_deviation_is_recorded_as_such(officer) -> None:
    relation = RelationFactory()
    AgreementFactory(relation=relation, signed=date(2000, 1, 1), ends=None, notice_months=12)
    with pytest.raises(Conflict) as exc:
        _step(
            relation,
            officer,
            "ended",
            deviation=True,
            decision=_decision(relation, body="executive_board"),
            text="Motie.",
        )
    assert exc.value.field == "deviation"
    step = _step(
        relation, officer, "ended", deviation=True, decision=_decision(relation), text="Motie."
    )
    relation.refresh_from_db()
    assert relation.status == "ended" and step.deviation


def test_status_cannot_be_patched_through_the_api(api_client_for) -> None:
    relation = RelationFactory()
    api = api_client_for(Role.POLICY_OFFICER)
    response = api.patch(f"/api/v1/relations/{relation.slug}", {"status": "ended"}, format="json")
    assert response.status_code == 409
    body = response.json()
    assert "status" in str(body) and "IMP-4" in str(body)
    relation.refresh_from_db()
    assert relation.status == "active"


def test_api_refuses_a_skipped_step_with_the_clause(api_client_for) -> None:
    relation = RelationFactory()
    api = api_client_for(Role.POLICY_OFFICER)
    url = f"/api/v1/relations/{relation.slug}/life-steps"
    response = api.post(url, {"kind": "decision", "date": TODAY.isoformat()}, format="json")
    assert response.status_code == 409
    assert response["Content-Type"].startswith("application/problem+json")
    assert "IMP-4" in str(response.json())
    response = api.post(
        url, {"kind": "proposal", "date": TODAY.isoformat(), "text": "Reden."}, format="json"
    )
    assert response.status_code == 201 and response.json()["kind"] == "proposal"
    assert [s["kind"] for s in api.get(url).json()] == ["proposal"]
    reader = api_client_for(Role.COUNCIL_MEMBER)
    assert reader.get(url).status_code == 200
    denied = reader.post(
        url, {"kind": "proposal", "date": TODAY.isoformat(), "text": "x"}, format="json"
    )
    assert denied.status_code == 403


def test_page_shows_the_life_and_records_a_step(officer_client) -> None:
    relation = RelationFactory()
    page = officer_client.get(relation.get_absolute_url())
    assert 'id="life"' in page.text and "?kind=proposal" in page.text
    url = reverse("relations:life_step_create", args=[relation.slug])
    refused = officer_client.post(url, {"kind": "notice", "date": TODAY.isoformat()})
    assert refused.status_code == 400 and "IMP-4" in refused.text
    done = officer_client.post(
        url, {"kind": "proposal", "date": TODAY.isoformat(), "text": "Stil."}
    )
    assert done.status_code == 302
    assert relation.life_steps.get().kind == "proposal"
    listing = officer_client.get(reverse("relations:in_transition"))
    assert listing.status_code == 200
