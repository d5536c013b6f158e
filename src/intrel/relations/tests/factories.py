"""Factories that make valid register objects by default."""

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

import factory

from intrel.partners.models import Partner
from intrel.relations.models import Activity, Agreement, Involvement, Party, Relation
from intrel.relations.services import relation_last_activity_refresh

# The smallest valid relation subject of the contract (Helmond - Mechelen, culture); tests copy
# it (``dict(MECHELEN_SUBJECT)``) and change what they are about.
MECHELEN_SUBJECT: dict[str, Any] = {
    "subject": "relation",
    "id": "helmond-mechelen",
    "name": "Stedenband Helmond – Mechelen",
    "partner": {"name": "Mechelen", "country": "BE", "kind": "city"},
    "registered_kind": "twinning",
    "initiated_by": "municipality",
    "purposes": ["culture"],
}

ModelT = TypeVar("ModelT")


class ModelFactory(factory.django.DjangoModelFactory[ModelT]):
    """A Django model factory whose call, `RelationFactory(...)`, is typed as the model it makes."""

    class Meta:
        abstract = True

    if TYPE_CHECKING:
        # factory_boy's metaclass turns the call into create() and returns the model, which its
        # annotations do not say: mypy reads __new__, which must return an instance of the class.
        def __new__(cls, *args: Any, **kwargs: Any) -> ModelT: ...  # type: ignore[misc]


class PartnerFactory(ModelFactory[Partner]):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Partnerstad {n}")
    country = "BE"
    kind = "city"


class PartyFactory(ModelFactory[Party]):
    class Meta:
        model = Party

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    sector = "civil_society"


class RelationFactory(ModelFactory[Relation]):
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


class AgreementFactory(ModelFactory[Agreement]):
    class Meta:
        model = Agreement

    relation = factory.SubFactory(RelationFactory)
    title = factory.Sequence(lambda n: f"Overeenkomst {n}")
    signed = date(2010, 1, 1)


class InvolvementFactory(ModelFactory[Involvement]):
    class Meta:
        model = Involvement

    relation = factory.SubFactory(RelationFactory)
    actor = "alderman"
    portfolio = "CUL"
    start = date(2012, 1, 1)


class ActivityFactory(ModelFactory[Activity]):
    """An activity, with its relation's stored latest day brought up to date as the activity
    services do (``Activity.objects.create`` alone leaves the relation's day behind)."""

    class Meta:
        model = Activity

    relation = factory.SubFactory(RelationFactory)
    kind = "visit"
    date = date(2014, 3, 3)
    title = factory.Sequence(lambda n: f"Bezoek {n}")

    @classmethod
    def _create(cls, model_class: type[Activity], *args: Any, **kwargs: Any) -> Activity:
        activity: Activity = super()._create(model_class, *args, **kwargs)
        relation_last_activity_refresh(activity.relation)
        return activity
