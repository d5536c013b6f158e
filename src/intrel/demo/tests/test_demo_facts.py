"""The demo keeps to shared/data/helmond/README.md; what it had to assume, it says on the
relation's page ("aangenomen"), not only in docs/demo-data.md."""

import html
import re
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.utils import translation

from intrel.accounts.constants import Role
from intrel.demo.services import ASSUMABLE_FACTS, demo_data
from intrel.governance.constants import DecisionKind
from intrel.governance.models import Decision
from intrel.relations.models import Relation

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_module: None) -> Iterator[None]:
    yield
    translation.activate(settings.LANGUAGE_CODE)  # the Dutch page below leaves Dutch active


def test_zielona_gora_is_dormant_and_the_committee_advised_ending_it(demo: None) -> None:
    zg = Relation.objects.get(slug="helmond-zielona-gora")
    # README: "no longer listed ... end not found: assumed dormant, to be reviewed".
    assert zg.status == "suspended"
    assert "status" in zg.assumed
    advice = Decision.objects.get(kind=DecisionKind.RELATION_ENDING)
    assert advice.relation == zg
    assert advice.meeting.date.year == 2014


def test_the_twinnings_carry_the_administration_purpose(demo: None) -> None:
    # The README's "administration" (exchange between the two administrations) has no purpose
    # of its own in the contract; local_governance is building a partner's government capacity
    # (a solidarity purpose), so it is filed as "other", which counts for neither pillar.
    for slug in ("helmond-mechelen", "helmond-zielona-gora"):
        assert "other" in Relation.objects.get(slug=slug).purposes
        assert "local_governance" not in Relation.objects.get(slug=slug).purposes


def test_no_specifics_the_facts_do_not_have(demo: None) -> None:
    entp = Relation.objects.get(slug="helmond-entp")
    assert entp.start_date is None  # README: no start; Helmond hosted the 2011 assembly
    assert "partner" in entp.assumed  # its seat (country) is assumed
    assert Relation.objects.get(slug="helmond-mov-stiphout").start_date is None  # MOV: 1962
    brainport = Relation.objects.get(slug="helmond-brainport-acquisitie")
    assert set(brainport.parties.values_list("name", flat=True)) == {
        "Brainport Development",
        "Automotive Campus",
    }
    deal = brainport.agreements.get()
    assert deal.title == "Regio Deal Brainport Eindhoven"
    assert deal.signed.year == 2018 and deal.ends is None
    assert {"start_date", "agreements"} <= set(brainport.assumed)


def test_every_assumption_is_a_known_fact_and_every_budget_is_assumed(demo: None) -> None:
    for item in demo_data()["relations"]:
        assert set(item["register"]["assumed"]) <= ASSUMABLE_FACTS
    for relation in Relation.objects.all():
        assert "budget" in relation.assumed, relation.slug  # no budget figure is sourced
        assert "owner" in relation.assumed, relation.slug
        if relation.start_date is not None:
            assert "start_date" in relation.assumed, relation.slug  # no exact day is sourced


def test_the_relation_page_marks_what_is_assumed(demo: None, client, make_user) -> None:
    client.force_login(make_user(Role.POLICY_OFFICER))
    client.cookies["django_language"] = "nl"
    page = html.unescape(client.get("/relations/helmond-mechelen/").content.decode())
    facts = page.split('id="facts-h"', 1)[1].split("</dl>", 1)[0]
    start = re.search(r"<dt>Begin</dt><dd>(.*?)</dd>", facts, re.S)
    assert start and "12 mei 1995" in start[1] and "aangenomen" in start[1]
    partner = re.search(r"<dt>Partner</dt>\s*<dd>(.*?)</dd>", facts, re.S)
    assert partner and "aangenomen" not in partner[1]  # Mechelen (BE) is sourced
    agreements = page.split('id="agreements-h"', 1)[1].split("</h2>", 1)[0]
    assert "aangenomen" in agreements
    parties = page.split('id="parties-h"', 1)[1].split("</h2>", 1)[0]
    assert "aangenomen" not in parties


def test_a_fact_the_user_changes_is_no_longer_marked_assumed(demo: None, client, make_user) -> None:
    from dataclasses import replace
    from datetime import date

    from intrel.relations.services import (
        LifeStepData,
        RelationData,
        life_step_record,
        relation_update,
    )

    user = make_user(Role.POLICY_OFFICER)
    zg = Relation.objects.get(slug="helmond-zielona-gora")
    others = set(zg.assumed) - {"status"}
    assert "status" in zg.assumed and others
    # The status changes through the relation's life (issue 14): a reactivation by decision.
    advice = zg.governance_decisions.get(title__startswith="Advies")
    life_step_record(
        relation=zg,
        user=user,
        data=LifeStepData(kind="reactivated", date=date(2014, 6, 1), decision=advice.identifier),
    )
    zg.refresh_from_db()
    assert "status" not in zg.assumed
    assert set(zg.assumed) == others  # what the user did not touch stays marked
    # Saving the same value again confirms nothing new and removes nothing.
    relation_update(relation=zg, user=user, data=replace(RelationData.of(zg), status="active"))
    zg.refresh_from_db()
    assert set(zg.assumed) == others


def test_an_assumption_of_an_unknown_fact_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """A typo in the data file's ``assumed`` list would mark nothing on the page: refused."""
    from intrel.demo import services

    data = demo_data()
    data["relations"][0]["register"]["assumed"] = ["start_date", "budgett"]
    monkeypatch.setattr(services, "demo_data", lambda: data)
    # The module's other tests may have the demo loaded already (conftest.py, demo_module).
    before = Relation.objects.count()
    with pytest.raises(ValueError, match=r"no such fact to mark assumed: \['budgett'\]"):
        services.demo_load()
    assert Relation.objects.count() == before  # all or nothing
