from datetime import date

import pytest

from intrel.assessments.models import Assessment
from intrel.assessments.services import (
    assessment_confirm,
    assessment_override,
    relation_assess,
)
from intrel.core.errors import DomainError
from intrel.relations.tests.factories import InvolvementFactory, RelationFactory

pytestmark = pytest.mark.django_db
AS_OF = date(2014, 1, 1)


def solidarity_relation():
    """San Marcos as registered before 2013: solidarity, but owned and funded by the board."""
    return RelationFactory(
        slug="helmond-san-marcos",
        registered_kind="solidarity",
        initiated_by="residents",
        purposes=["development", "local_governance"],
        mutual_value=False,
        owner_kind="executive_board",
        owner_portfolio="",
        budget_held_by="executive_board",
        budget_portfolio="",
    )


def test_a_solidarity_relation_is_routed_to_the_committee_with_its_violations():
    relation = solidarity_relation()
    assessment = relation_assess(relation=relation, as_of=AS_OF)
    assert assessment.routed_owner_kind == "committee"
    codes = {f["code"] for f in assessment.decision["findings"]}
    assert "SOLIDARITY_OWNED_BY_BOARD" in codes
    assert assessment.violation_count == len(
        [f for f in assessment.decision["findings"] if f["severity"] == "violation"]
    )
    assert assessment.facts["id"] == "helmond-san-marcos"
    assert assessment.framework == "helmond-2013"


def test_reassessing_unchanged_facts_keeps_the_same_assessment():
    relation = solidarity_relation()
    first = relation_assess(relation=relation, as_of=AS_OF)
    again = relation_assess(relation=relation, as_of=AS_OF)
    assert again.pk == first.pk
    assert Assessment.objects.filter(relation=relation).count() == 1


def test_changed_facts_make_a_new_current_assessment_and_retire_the_old():
    relation = solidarity_relation()
    first = relation_assess(relation=relation, as_of=AS_OF)
    relation.owner_kind = "committee"
    relation.budget_held_by = "committee"
    relation.save()
    second = relation_assess(relation=relation, as_of=AS_OF)
    assert second.pk != first.pk
    first.refresh_from_db()
    assert not first.is_current and second.is_current
    assert "SOLIDARITY_OWNED_BY_BOARD" not in {f["code"] for f in second.decision["findings"]}


def test_an_involvement_without_initiative_adds_a_sol3_violation_to_the_stored_decision():
    relation = solidarity_relation()
    before = relation_assess(relation=relation, as_of=AS_OF)
    InvolvementFactory(relation=relation, actor="alderman", portfolio="", start=date(2012, 3, 1))
    after = relation_assess(relation=relation, as_of=AS_OF)
    sol3 = [f for f in after.decision["findings"] if "SOL-3" in f["clauses"]]
    assert sol3 and not [f for f in before.decision["findings"] if "SOL-3" in f["clauses"]]


def test_confirm_records_who_and_when(make_user):
    user = make_user()
    assessment = relation_assess(relation=solidarity_relation(), as_of=AS_OF)
    assessment_confirm(assessment=assessment, user=user)
    assessment.refresh_from_db()
    assert assessment.confirmed_by == user and assessment.confirmed_at is not None


def test_override_needs_a_reason_and_an_existing_conclusion(make_user):
    user = make_user()
    assessment = relation_assess(relation=solidarity_relation(), as_of=AS_OF)
    with pytest.raises(DomainError) as short:
        assessment_override(assessment=assessment, user=user, target="owner", reason="no")
    assert short.value.field == "reason"
    with pytest.raises(DomainError) as unknown:
        assessment_override(
            assessment=assessment, user=user, target="finding:NOPE", reason="x" * 30
        )
    assert unknown.value.field == "target"
    assert not assessment.overrides.exists()


def test_an_override_is_carried_to_the_next_assessment_while_its_conclusion_stands(make_user):
    user = make_user()
    relation = solidarity_relation()
    first = relation_assess(relation=relation, as_of=AS_OF)
    assessment_override(
        assessment=first,
        user=user,
        target="owner",
        reason="The council decided in 2012 to keep this with the board until 2015.",
    )
    relation.description = "changed"  # not a fact of the subject: nothing new
    relation.save()
    assert relation_assess(relation=relation, as_of=AS_OF).pk == first.pk
    relation.budget_held_by = "committee"
    relation.save()
    second = relation_assess(relation=relation, as_of=AS_OF)
    assert second.pk != first.pk
    carried = second.overrides.get(target="owner")
    assert carried.carried_from is not None and carried.carried_from.assessment_id == first.pk
    assert "council decided" in carried.reason
