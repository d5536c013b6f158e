"""The day of a relation's latest activity, stored on the relation (``last_activity_on``, issue
19), follows every write of its activities: the services (the pages and the API use them), and
the import, which writes no activity and keeps it. What is read from it (the list API, the
import's and ``assess_all``'s batches) equals what the activities themselves say."""

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from intrel.assessments.models import Assessment
from intrel.relations.bulk import relations_store
from intrel.relations.models import Activity, Relation
from intrel.relations.selectors import relation_to_subject, with_last_activity
from intrel.relations.services import (
    ActivityData,
    activity_delete,
    activity_save,
    relation_upsert_from_subject,
)

from .factories import MECHELEN_SUBJECT, ActivityFactory, RelationFactory

pytestmark = pytest.mark.django_db


def _stored(relation: Relation) -> date | None:
    return Relation.objects.values_list("last_activity_on", flat=True).get(pk=relation.pk)


def _read_both_ways(relation: Relation) -> tuple[str | None, str | None]:
    """``last_activity`` as the lists read it (the stored day) and as the relation's own page
    does (from its activities)."""
    listed = with_last_activity(Relation.objects.filter(pk=relation.pk)).select_related("partner")
    own = Relation.objects.select_related("partner").get(pk=relation.pk)
    return (
        relation_to_subject(listed.get())["last_activity"],
        relation_to_subject(own)["last_activity"],
    )


def test_the_day_follows_an_activity_added_changed_and_deleted(officer: Any) -> None:
    relation = RelationFactory()
    assert _stored(relation) is None
    visit = activity_save(
        relation=relation,
        user=officer,
        data=ActivityData(kind="visit", title="Bezoek", date=date(2014, 3, 3)),
    )
    assert _stored(relation) == relation.last_activity_on == date(2014, 3, 3)
    project = activity_save(
        relation=relation,
        user=officer,
        data=ActivityData(
            kind="project", title="Project", date=date(2012, 1, 1), end_date=date(2015, 6, 1)
        ),
    )
    assert _stored(relation) == date(2015, 6, 1)  # the end date where there is one
    assert _read_both_ways(relation) == ("2015-06-01", "2015-06-01")

    # An edit can move the day back as well as forward.
    activity_save(
        relation=relation,
        user=officer,
        data=replace(ActivityData.of(project), end_date=None),
        activity=project,
    )
    assert _stored(relation) == date(2014, 3, 3)
    activity_save(
        relation=relation,
        user=officer,
        data=replace(ActivityData.of(visit), date=date(2010, 5, 5)),
        activity=visit,
    )
    assert _stored(relation) == date(2012, 1, 1)
    assert _read_both_ways(relation) == ("2012-01-01", "2012-01-01")

    activity_delete(activity=project, user=officer)
    assert _stored(relation) == date(2010, 5, 5)
    activity_delete(activity=visit, user=officer)
    assert _stored(relation) is None
    assert _read_both_ways(relation) == (None, None)


def test_the_api_keeps_the_day_and_lists_it(api_client_for: Any) -> None:
    api = api_client_for()
    relation = RelationFactory()
    ActivityFactory(relation=relation, date=date(2013, 1, 1))

    def listed() -> str | None:
        rows = api.get(f"/api/v1/relations?q={relation.slug}").json()["results"]
        assert [r["id"] for r in rows] == [relation.slug]
        return rows[0]["last_activity"]

    created = api.post(
        "/api/v1/activities",
        {"relation": relation.slug, "kind": "event", "date": "2014-04-01", "title": "Markt"},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert _stored(relation) == date(2014, 4, 1) and listed() == "2014-04-01"
    url = f"/api/v1/activities/{created.json()['id']}"
    assert api.patch(url, {"end_date": "2014-04-03"}, format="json").status_code == 200
    assert _stored(relation) == date(2014, 4, 3) and listed() == "2014-04-03"
    assert api.delete(url).status_code == 204
    assert _stored(relation) == date(2013, 1, 1) and listed() == "2013-01-01"


def test_an_import_keeps_the_day_and_assesses_with_it() -> None:
    relation, _ = relation_upsert_from_subject(data=dict(MECHELEN_SUBJECT), source="manual")
    ActivityFactory(relation=relation, date=date(2014, 3, 3))
    changed = dict(MECHELEN_SUBJECT, name="Stedenband Helmond – Mechelen (herzien)")
    new = dict(
        MECHELEN_SUBJECT,
        id="helmond-lyon",
        name="Helmond – Lyon",
        partner={"name": "Lyon", "country": "FR", "kind": "city"},
    )
    stored = relations_store(subjects=[changed, new], source="import")
    assert (stored.created, stored.updated) == (1, 1)
    relation.refresh_from_db()
    assert relation.name.endswith("(herzien)")
    assert relation.last_activity_on == date(2014, 3, 3)
    assert Relation.objects.get(slug="helmond-lyon").last_activity_on is None
    facts = {
        a.subject_key: a.facts["last_activity"]
        for a in Assessment.objects.filter(is_current=True, subject_type="relation")
    }
    assert facts == {"helmond-mechelen": "2014-03-03", "helmond-lyon": None}


def test_a_relation_saved_from_an_older_copy_keeps_the_day(officer: Any) -> None:
    relation = RelationFactory()
    older = Relation.objects.get(pk=relation.pk)  # e.g. read by another request
    activity_save(
        relation=relation,
        user=officer,
        data=ActivityData(kind="visit", title="Bezoek", date=date(2014, 3, 3)),
    )
    older.description = "Bijgewerkt"
    older.save()
    assert _stored(relation) == date(2014, 3, 3)
    assert Relation.objects.get(pk=relation.pk).description == "Bijgewerkt"


def test_the_day_is_no_change_of_the_relation(officer: Any) -> None:
    """Derived: no history row and no new ``updated_at`` (the start page's recently changed
    relations are those an officer changed)."""
    relation = RelationFactory()
    updated_at = Relation.objects.get(pk=relation.pk).updated_at
    versions = relation.history.count()
    activity_save(
        relation=relation,
        user=officer,
        data=ActivityData(kind="visit", title="Bezoek", date=date(2014, 3, 3)),
    )
    assert Relation.objects.get(pk=relation.pk).updated_at == updated_at
    assert relation.history.count() == versions
    assert Activity.objects.filter(relation=relation).count() == 1
