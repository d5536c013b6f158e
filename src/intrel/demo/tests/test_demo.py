"""The Helmond demo: what `make run` loads, assessed as the issues say it must be."""

import pytest
from django.core.management import call_command

from intrel.assessments.models import Assessment
from intrel.relations.models import Relation

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_module: None) -> None:
    """The demo, loaded once for this module (conftest.py)."""


def routed(slug: str) -> tuple[str, str]:
    a = Assessment.objects.get(subject_key=slug, is_current=True)
    return a.routed_owner_kind, a.routed_owner_portfolio


def test_the_three_twinnings_are_in_the_register(demo: None) -> None:
    partners = set(Relation.objects.values_list("partner__name", flat=True))
    assert {"Mechelen", "San Marcos", "Zielona Góra"} <= partners


def test_each_relation_is_routed_as_the_framework_asks(demo: None) -> None:
    assert routed("helmond-san-marcos") == ("committee", "")
    assert routed("helmond-mechelen") == ("portfolio", "CUL")
    assert routed("helmond-brabant-jiangsu") == ("portfolio", "EZ")
    assert routed("helmond-brainport-acquisitie") == ("portfolio", "EZ")
    # Zielona Góra rests on neither pillar: a respectful phase-out after its agreement allows
    zg = Assessment.objects.get(subject_key="helmond-zielona-gora", is_current=True)
    actions = {a["code"]: a for a in zg.decision["actions"]}
    assert "PHASE_OUT_RELATION" in actions and "CONSULT_PARTNER" in actions


def test_the_committee_and_budget_lines_are_assessed_too(demo: None) -> None:
    assert Assessment.objects.filter(subject_type="committee", is_current=True).exists()
    assert Assessment.objects.filter(subject_type="budget_line", is_current=True).exists()


def test_loading_twice_with_if_empty_changes_nothing(demo: None) -> None:
    before = Assessment.objects.count(), Relation.objects.count()
    call_command("demo_load", "--if-empty")
    assert (Assessment.objects.count(), Relation.objects.count()) == before
