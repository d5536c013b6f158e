"""``relation_subjects_by_slug``: the facts of many relations streamed as plain rows (the review's
impact over the whole register, issue 19) are those ``relation_to_subject`` gives one by one, in
the order the engine sorts ids (code points, whatever the database's collation)."""

from datetime import date

import pytest
from django.core.management import call_command

from intrel.relations.models import Relation
from intrel.relations.selectors import (
    relation_subjects_by_slug,
    relation_to_subject,
    relations_for_subjects,
)

from .factories import (
    ActivityFactory,
    AgreementFactory,
    InvolvementFactory,
    PartyFactory,
    RelationFactory,
)

pytestmark = pytest.mark.django_db

AS_OF = date(2014, 1, 1)


def _one_by_one(qs: object = None) -> list[dict[str, object]]:
    relations = sorted(relations_for_subjects(qs), key=lambda r: r.slug)  # type: ignore[arg-type]
    return [relation_to_subject(r, as_of=AS_OF) for r in relations]


def test_the_demo_streamed_equals_one_by_one() -> None:
    call_command("demo_load", "--if-empty")
    streamed = list(relation_subjects_by_slug(Relation.objects.all(), as_of=AS_OF))
    assert len(streamed) == 9
    assert any(len(s["parties"]) > 1 for s in streamed)
    assert any(s["agreements"] for s in streamed) and any(s["involvements"] for s in streamed)
    assert any(s["last_activity"] for s in streamed)
    assert streamed == _one_by_one()


def test_ids_in_code_point_order_and_each_with_its_own_children() -> None:
    # Slugs a linguistic collation sorts otherwise ("-" and "_" ignored, case folded).
    slugs = ["b-c", "bc", "b_d", "B-z", "b0", "ba"]
    shared = PartyFactory(name="Gedeeld")
    for i, slug in enumerate(slugs):
        relation = RelationFactory(slug=slug, name=f"Relatie {slug}")
        for _ in range(i % 3):
            AgreementFactory(relation=relation)
            InvolvementFactory(relation=relation, portfolio="")
        relation.parties.add(PartyFactory(name=f"Partij {slug}"), shared)
        ActivityFactory(relation=relation)
    RelationFactory(slug="zonder-kinderen")
    streamed = list(relation_subjects_by_slug(Relation.objects.all(), as_of=AS_OF))
    assert [s["id"] for s in streamed] == sorted([*slugs, "zonder-kinderen"])
    assert streamed == _one_by_one()


def test_only_the_relations_asked_for() -> None:
    kept = RelationFactory(slug="a-kept", status="active")
    ended = RelationFactory(slug="a-ended", status="ended", end_date=date(2013, 1, 1))
    for relation in (kept, ended):
        AgreementFactory(relation=relation)
        InvolvementFactory(relation=relation)
        relation.parties.add(PartyFactory())
    qs = Relation.objects.exclude(status="ended")
    streamed = list(relation_subjects_by_slug(qs, as_of=AS_OF))
    assert [s["id"] for s in streamed] == ["a-kept"]
    assert streamed == _one_by_one(qs)
    assert list(relation_subjects_by_slug(Relation.objects.none())) == []
