"""The facts every app shares are defined once (issue 12): the term, who recorded a row,
bounds and patterns, the form field. Cross-app, so it lives here and not in an app."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.test import Client

from intrel.core import bounds
from intrel.core.models import Recorded, Term
from intrel.governance import services as governance
from intrel.governance.models import CouncilMembership, Person, Portfolio, PortfolioHolding
from intrel.policy.subjects import SLUG_PATTERN

SRC = Path(__file__).resolve().parents[2] / "src" / "intrel"


def _own_models() -> list[type[models.Model]]:
    return [
        m
        for m in apps.get_models()
        if m.__module__.startswith("intrel.") and not m.__name__.startswith("Historical")
    ]


def test_every_start_end_term_is_the_shared_term_with_its_constraint():
    terms = [m for m in _own_models() if {"start", "end"} <= {f.name for f in m._meta.fields}]
    assert len(terms) == 6, [m.__name__ for m in terms]  # Initiative: issue 13
    for model in terms:
        assert issubclass(model, Term), model
        names = {c.name for c in model._meta.constraints}
        label = f"{model._meta.app_label}_{model._meta.model_name}_end_after_start"
        assert label in names, (model, names)
        assert hasattr(model.objects, "held_on"), model


def test_recorded_by_and_at_is_one_abstract_model():
    recorded = [
        m for m in _own_models() if {"created_by", "created_at"} <= {f.name for f in m._meta.fields}
    ]
    # An override is always someone's written disagreement: its author is required, unlike a
    # row a command or the demo may write, so it keeps a non-null field of its own.
    others = {m.__name__ for m in recorded if not issubclass(m, Recorded)}
    assert others == {"Override"}
    assert {m.__name__ for m in recorded if issubclass(m, Recorded)} >= {
        "BudgetLine",
        "BudgetTransfer",
        "Allocation",
        "LedgerEntry",
        "ImportBatch",
        "LifeStep",
        "InitiativeEvent",
    }


@pytest.mark.django_db
def test_held_on_counts_the_first_and_the_last_day():
    person = Person.objects.create(name="Raadslid A")
    CouncilMembership.objects.create(person=person, start=date(2010, 3, 25), end=date(2014, 3, 26))
    held = CouncilMembership.objects.held_on
    assert held(date(2010, 3, 24)).count() == 0
    assert held(date(2010, 3, 25)).count() == 1
    assert held(date(2014, 3, 26)).count() == 1
    assert held(date(2014, 3, 27)).count() == 0
    overlapping = CouncilMembership.objects.overlapping
    assert overlapping(start=date(2014, 3, 26), end=None).count() == 1
    assert overlapping(start=date(2000, 1, 1), end=date(2010, 3, 24)).count() == 0


@pytest.mark.django_db
def test_the_database_refuses_a_term_that_ends_before_it_starts():
    person = Person.objects.create(name="Wethouder W")
    portfolio = Portfolio.objects.create(code="EZ", name_nl="Economische Zaken", name_en="EA")
    with pytest.raises(IntegrityError, match="end_after_start"), transaction.atomic():
        PortfolioHolding.objects.create(
            portfolio=portfolio, person=person, start=date(2014, 1, 1), end=date(2013, 12, 31)
        )


def test_the_slug_pattern_is_defined_once_and_is_the_engines():
    assert re.fullmatch(bounds.SLUG_REGEX, "helmond-mechelen_2")
    for text in ["helmond-mechelen_2", "A-z_9", "a b", "é", "a/b", ""]:
        ours = re.fullmatch(bounds.SLUG_REGEX, text) is not None
        assert ours == (re.match(SLUG_PATTERN, text) is not None), text
    defined = [
        p.relative_to(SRC).as_posix()
        for p in SRC.rglob("*.py")
        if re.search(r"^SLUG_REGEX\s*=", p.read_text(), re.M)
    ]
    assert defined == ["core/bounds.py"]


def test_the_year_bounds_are_named_once():
    literals = re.compile(r"\b(1900|2999)\b|\bYEAR_M(IN|AX)\s*=|\b2000, 2100\b")
    found = [
        p.relative_to(SRC).as_posix()
        for p in SRC.rglob("*.py")
        if "/tests/" not in p.as_posix()
        and "/migrations/" not in p.as_posix()
        and literals.search(p.read_text())
    ]
    # The decisions filter's documented range (1900-2999) is named there too, apart: ADR 0012.
    assert sorted(found) == ["core/bounds.py"]


def test_one_form_field_template():
    copies = sorted(p.relative_to(SRC).as_posix() for p in SRC.rglob("templates/*/_field.html"))
    assert copies == ["core/templates/core/_field.html"]


@pytest.mark.django_db
def test_an_annual_report_exists_for_every_year_a_date_can_be_kept_in(officer_client: Client):
    governance.committee_create(
        slug="commissie-ib", name="Commissie IB", installed_on=date(2010, 5, 1)
    )
    url = "/governance/committees/commissie-ib/report/{}"
    assert officer_client.get(url.format(bounds.FIRST_YEAR)).status_code == 200
    assert officer_client.get(url.format(bounds.LAST_YEAR)).status_code == 200
    assert officer_client.get(url.format(bounds.LAST_YEAR + 1)).status_code == 404
