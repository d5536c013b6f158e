"""Factories that make valid register objects by default."""

from datetime import date
from decimal import Decimal

import factory

from intrel.partners.models import Partner
from intrel.relations.models import Agreement, Involvement, Party, Relation


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Partnerstad {n}")
    country = "BE"
    kind = "city"


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    sector = "civil_society"


class RelationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relation

    slug = factory.Sequence(lambda n: f"relatie-{n}")
    name = factory.Sequence(lambda n: f"Relatie {n}")
    partner = factory.SubFactory(PartnerFactory)
    registered_kind = "twinning"
    status = "active"
    initiated_by = "residents"
    purposes = factory.LazyFunction(lambda: ["culture"])
    mutual_value = True
    owner_kind = "portfolio"
    owner_portfolio = "CUL"
    budget_money_eur_per_year = Decimal("1000.00")
    budget_staff_hours_per_year = Decimal("40")
    budget_held_by = "portfolio"
    budget_portfolio = "CUL"
    start_date = date(1995, 1, 1)


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    relation = factory.SubFactory(RelationFactory)
    title = factory.Sequence(lambda n: f"Overeenkomst {n}")
    signed = date(2010, 1, 1)


class InvolvementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Involvement

    relation = factory.SubFactory(RelationFactory)
    actor = "alderman"
    portfolio = "CUL"
    start = date(2012, 1, 1)
