"""Review rounds (issue 15): start, progress per relation, advice -> proposal -> decision, the
actions the decision sets; and every refusal the issue names, with its field and reason."""

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.contrib.auth.models import Group

from intrel.accounts.models import User
from intrel.accounts.services import roles_sync
from intrel.core.errors import DomainError
from intrel.governance.constants import Body, DecisionKind
from intrel.governance.models import Decision, Person
from intrel.governance.services import decision_record, meeting_create
from intrel.policy.framework import DEFAULT_PATH
from intrel.relations.models import Relation
from intrel.reviews import services
from intrel.reviews.constants import ItemState, RoundStatus, Scenario
from intrel.reviews.models import ReviewAction, ReviewRound
from intrel.reviews.selectors import actions_overdue_for, round_impact, rounds_compare

pytestmark = pytest.mark.django_db

REF = date(2014, 1, 1)
REASON = "The partner asked for one more year to close the project properly."


@pytest.fixture
def helmond(demo_module: None) -> None:
    # The demo's own round is in progress; these tests start their own.
    ReviewAction.objects.all().delete()
    ReviewRound.objects.all().delete()


@pytest.fixture
def officer() -> User:
    return User.objects.create_user(username="officer", password="pw-for-tests-only")


def start(**kwargs: Any) -> ReviewRound:
    args: dict[str, Any] = {
        "title": "Herijking 2014",
        "framework_id": "helmond-2013",
        "reference_date": REF,
    }
    args.update(kwargs)
    return services.review_round_start(**args)


def refused(field: str, call, *args, **kwargs) -> str:
    with pytest.raises(DomainError) as exc:
        call(*args, **kwargs)
    assert exc.value.field == field, exc.value.message
    return exc.value.message


def decided(review_round: ReviewRound, officer: User, scenario: str = Scenario.HONOURING):
    services.review_round_assess(review_round=review_round, user=officer)
    services.review_advice_record(review_round=review_round, text="Advies", on=date(2014, 5, 13))
    services.review_proposal_record(review_round=review_round, text="Voorstel", on=date(2014, 6, 3))
    return services.review_decision_record(
        review_round=review_round,
        text="Besluit",
        on=date(2014, 7, 1),
        scenario=scenario,
        user=officer,
    )


def test_a_round_holds_every_current_relation_that_existed_on_the_reference_date(helmond):
    r = start()
    slugs = set(r.items.values_list("relation__slug", flat=True))
    # Brainport's acquisition started in 2018: not on 1 January 2014.
    assert "helmond-brainport-acquisitie" not in slugs
    assert len(slugs) == Relation.objects.count() - 1
    assert r.status == RoundStatus.ASSESSING and r.framework_version
    assert set(r.items.values_list("state", flat=True)) == {ItemState.TO_ASSESS}


def test_the_happy_path_from_start_to_actions(helmond, officer):
    r = start(user=officer)
    assert services.review_round_assess(review_round=r, user=officer) == r.items.count()
    san_marcos = r.items.get(relation__slug="helmond-san-marcos")
    services.review_item_confirm(item=san_marcos, user=officer)
    zg = r.items.get(relation__slug="helmond-zielona-gora")
    services.review_item_override(item=zg, user=officer, reason=REASON)
    assert zg.assessment is not None
    assert zg.state == ItemState.OVERRIDDEN and zg.assessment.overrides.count() == 1
    advice = Decision.objects.get(title__startswith="Advies: stedenband Zielona Góra")
    services.review_advice_record(
        review_round=r, text="De commissie adviseert.", on=date(2014, 5, 13), record=advice
    )
    assert r.status == RoundStatus.ADVISED
    services.review_proposal_record(
        review_round=r, text="Het college stelt voor.", on=date(2014, 6, 3)
    )
    assert r.status == RoundStatus.PROPOSED
    council = meeting_create(body=Body.COUNCIL, date=date(2014, 7, 1), title="Raad 1 juli 2014")
    record = decision_record(
        meeting=council, kind=DecisionKind.OTHER, title="Herijking", result="adopted"
    )
    services.review_decision_record(
        review_round=r, text="De raad besluit.", on=date(2014, 7, 1), record=record, user=officer
    )
    assert r.status == RoundStatus.DECIDED and r.decision_record == record
    actions = list(r.actions.all())
    assert actions, "the decision sets actions"
    # Every action: an owner, a due date no earlier than 90 days after the decision, a finding.
    assert all(a.owner_person_id or a.owner_role for a in actions)
    assert all(a.due >= date(2014, 9, 29) for a in actions)
    assert all(a.finding for a in actions)
    # San Marcos goes to the committee: its chair (elected 11 February 2014) carries them.
    sm = [a for a in actions if a.relation and a.relation.slug == "helmond-san-marcos"]
    assert sm and {a.owner_person.name for a in sm if a.owner_person} == {"Marieke Jansen"}
    # Mechelen goes to culture: its alderman carries them.
    mech = [a for a in actions if a.relation and a.relation.slug == "helmond-mechelen"]
    assert mech and {a.owner_person.name for a in mech if a.owner_person} == {"Tom van Lieshout"}
    # Zielona Góra's conclusion the officer overrode sets no action for it.
    overridden = zg.assessment.overrides.values_list("target", flat=True)
    assert not [
        a for a in actions if a.relation == zg.relation and f"action:{a.code}" in overridden
    ]


def test_honouring_dates_follow_the_agreement_strict_does_not(helmond, officer):
    honour = decided(start(), officer)
    phase_out = honour.actions.filter(
        relation__slug="helmond-zielona-gora", code="PHASE_OUT_RELATION"
    ).get()
    assert phase_out.due == date(2018, 5, 31)
    strict = decided(start(title="Strikt"), officer, Scenario.STRICT)
    phase_out = strict.actions.get(relation__slug="helmond-zielona-gora", code="PHASE_OUT_RELATION")
    assert phase_out.due == date(2014, 9, 29)


def test_closing_an_action_reassesses_its_relation(helmond, officer):
    r = decided(start(), officer)
    action = r.actions.filter(relation__isnull=False).first()
    # Not the officer's action: refused, naming the owner.
    refused("owner", services.review_action_close, action=action, user=officer)
    manager = _manager()
    services.review_action_close(action=action, user=manager, note="Gedaan.")
    assert action.closed_at and action.reassessment is not None
    assert action.reassessment.relation == action.relation
    refused("closed_at", services.review_action_close, action=action, user=manager)


def _manager() -> User:
    roles_sync()
    user = User.objects.create_user(username="beheer", password="pw-for-tests-only")
    user.groups.add(Group.objects.get(name="functioneel beheer"))
    return user


def test_overdue_actions_are_their_owners(helmond, officer):
    r = decided(start(), officer)
    jansen = Person.objects.get(name="Marieke Jansen")
    account = User.objects.create_user(username="jansen", password="pw-for-tests-only")
    jansen.account = account
    jansen.save()
    later = date(2030, 1, 1)
    mine = actions_overdue_for(user=account, today=later)
    assert mine.exists() and {a.owner_person for a in mine} == {jansen}
    assert not actions_overdue_for(user=account, today=date(2014, 7, 2)).exists()
    assert r.actions.filter(owner_person=jansen).count() == mine.count()


def test_the_round_impact_counts_its_scope(helmond):
    r = start()
    result = round_impact(r)
    assert result["totals"]["relations_assessed"] == r.items.count()
    assert result["totals"]["money_eur_moved_to_committee"] == 10000


def test_two_rounds_compare(helmond, officer):
    first = decided(start(), officer)
    second = start(title="Tweede", previous=first, reference_date=date(2020, 1, 1))
    services.review_round_assess(review_round=second, user=officer)
    rows = rounds_compare(second, first)
    assert {row["relation"].slug for row in rows} >= set(
        first.items.values_list("relation__slug", flat=True)
    )
    brainport = next(r for r in rows if r["relation"].slug == "helmond-brainport-acquisitie")
    assert brainport["b"] is None and brainport["differs"]


# --- refusals -----------------------------------------------------------------------------------


def test_a_framework_that_fails_the_policy_check_is_refused(helmond, tmp_path: Path, monkeypatch):
    data = yaml.safe_load((DEFAULT_PATH / "voorbeeld-2026.yaml").read_text("utf-8"))
    data["id"] = "kapot"
    data["notice_months"] = 3
    (tmp_path / "kapot.yaml").write_text(yaml.safe_dump(data), "utf-8")
    monkeypatch.setenv("INTREL_POLICY_PATH", str(tmp_path))
    message = refused("framework", start, framework_id="kapot")
    assert "policy check" in message and "notice_months" in message
    assert "no registered framework" in refused("framework", start, framework_id="nergens")
    assert not ReviewRound.objects.exists()


def test_a_reference_date_before_the_relations_existed_is_refused(helmond):
    brainport = Relation.objects.get(slug="helmond-brainport-acquisitie")
    message = refused("reference_date", start, relations=[brainport])
    assert "Brainport" in message or brainport.name in message
    assert "reference_date" in refused("reference_date", start, reference_date=date(1900, 1, 1))
    assert not ReviewRound.objects.exists()


def test_an_override_without_a_reason_is_refused(helmond, officer):
    r = start()
    services.review_round_assess(review_round=r)
    item = r.items.all()[0]
    refused("reason", services.review_item_override, item=item, user=officer, reason="  ")
    refused("reason", services.review_item_override, item=item, user=officer, reason="te kort")
    item.refresh_from_db()
    assert item.assessment is not None
    assert item.state == ItemState.ASSESSED and not item.assessment.overrides.exists()


def test_a_council_decision_before_or_without_the_proposal_is_refused(helmond, officer):
    r = start()
    services.review_round_assess(review_round=r)
    refused("decision", services.review_decision_record, review_round=r, text="x", on=REF)
    services.review_advice_record(review_round=r, text="Advies", on=date(2014, 5, 13))
    refused("decision", services.review_decision_record, review_round=r, text="x", on=REF)
    services.review_proposal_record(review_round=r, text="Voorstel", on=date(2014, 6, 3))
    message = refused(
        "decision_date",
        services.review_decision_record,
        review_round=r,
        text="x",
        on=date(2014, 6, 2),
    )
    assert "3 June 2014" in message
    r.refresh_from_db()
    assert r.status == RoundStatus.PROPOSED and not r.actions.exists()


def test_a_proposal_before_the_advice_is_refused(helmond):
    r = start()
    services.review_round_assess(review_round=r)
    refused("proposal", services.review_proposal_record, review_round=r, text="x", on=REF)
    services.review_advice_record(review_round=r, text="Advies", on=date(2014, 5, 13))
    refused(
        "proposal_date",
        services.review_proposal_record,
        review_round=r,
        text="x",
        on=date(2014, 5, 1),
    )


def test_advice_while_relations_are_still_to_assess_is_refused(helmond):
    r = start()
    refused("advice", services.review_advice_record, review_round=r, text="x", on=REF)


def test_a_second_open_round_over_the_same_relations_is_refused(helmond, officer):
    first = start()
    message = refused("relations", start, title="Nog een")
    assert first.title in message
    assert ReviewRound.objects.count() == 1
    decided(first, officer)
    assert start(title="Na het besluit").pk


def test_a_decided_round_no_longer_changes(helmond, officer):
    r = decided(start(), officer)
    item = r.items.first()
    refused("status", services.review_item_assess, item=item)
    refused("status", services.review_advice_record, review_round=r, text="x", on=REF)


def test_a_date_the_engine_cannot_work_with_is_refused_by_name(helmond, officer):
    """9999-12-31 typed for "never": refused at the start and at each step, not a 500 when the
    relations are assessed or the actions' due dates are reckoned."""
    far = date(9999, 12, 31)
    message = refused("reference_date", start, reference_date=far)
    assert "1 January 1800" in message and "31 December 2200" in message
    assert not ReviewRound.objects.exists()
    r = start()
    services.review_round_assess(review_round=r, user=officer)
    refused("advice_date", services.review_advice_record, review_round=r, text="A", on=far)
    services.review_advice_record(review_round=r, text="Advies", on=date(2014, 5, 13))
    refused("proposal_date", services.review_proposal_record, review_round=r, text="V", on=far)
    services.review_proposal_record(review_round=r, text="Voorstel", on=date(2014, 6, 3))
    refused("decision_date", services.review_decision_record, review_round=r, text="B", on=far)
    r.refresh_from_db()
    assert r.status == RoundStatus.PROPOSED and not r.actions.exists()


def test_the_start_page_names_a_far_reference_date(helmond, officer):
    from django.contrib.auth.models import Permission
    from django.test import Client

    officer.user_permissions.add(*Permission.objects.filter(content_type__app_label="reviews"))
    client = Client()
    client.force_login(officer)
    response = client.post(
        "/reviews/start/",
        {"title": "Verre toekomst", "framework": "helmond-2013", "reference_date": "9999-12-31"},
    )
    assert response.status_code == 400
    assert "31 December 2200" in response.content.decode()
    assert "reference_date:" not in response.content.decode()  # the field, not its code
    client.cookies["django_language"] = "nl"
    response = client.post(
        "/reviews/start/",
        {"title": "Verre toekomst", "framework": "helmond-2013", "reference_date": "9999-12-31"},
    )
    assert "Geef een datum tussen 1 januari 1800 en 31 december 2200" in response.content.decode()
    assert not ReviewRound.objects.exists()


def test_the_council_report_reads_as_many_queries_for_few_relations_as_for_many(helmond):
    """The report (issue 19) reads the round's relations in batches: its queries do not grow
    with the relations in the round, and no activity is read (the relation stores its latest
    activity's day; a register of 100,000 relations holds a million activities)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from intrel.reviews.reports import report_data

    relations = [
        r
        for r in Relation.objects.exclude(status="ended").order_by("slug")
        if r.start_date is None or r.start_date <= REF
    ]
    assert len(relations) >= 6
    few = start(title="Few", relations=relations[:2])
    many = start(title="Many", relations=relations[2:])
    counts = []
    for review_round in (few, many):
        with CaptureQueriesContext(connection) as queries:
            data = report_data(review_round)
        counts.append(len(queries))
        assert not [q for q in queries if "relations_activity" in q["sql"]]
        assert data["result"]["totals"]["relations_assessed"] == review_round.items.count()
    assert counts[0] == counts[1], counts
