"""The register's enums: the values of shared/policy/CONTRACT.md, with Dutch labels."""

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegisteredKind(models.TextChoices):
    TWINNING = "twinning", _("twinning")
    SOLIDARITY = "solidarity", _("solidarity relation")
    ECONOMIC = "economic", _("economic tie")
    FRIENDSHIP = "friendship", _("friendship")
    OTHER = "other", _("other")


class Status(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    ACTIVE = "active", _("active")
    SUSPENDED = "suspended", _("suspended")
    FRIENDSHIP = "friendship", _("friendship")
    ENDING = "ending", _("ending")
    ENDED = "ended", _("ended")


class Initiator(models.TextChoices):
    RESIDENTS = "residents", _("residents")
    CIVIL_SOCIETY = "civil_society", _("civil society")
    BUSINESS = "business", _("business")
    KNOWLEDGE_INSTITUTION = "knowledge_institution", _("knowledge institution")
    MUNICIPALITY = "municipality", _("municipality")
    COUNCIL = "council", _("council")
    REGION = "region", _("region")
    PARTNER = "partner", _("partner")


class Purpose(models.TextChoices):
    # solidarity
    DEVELOPMENT = "development", _("development")
    HUMANITARIAN = "humanitarian", _("humanitarian aid")
    HUMAN_RIGHTS = "human_rights", _("human rights")
    LOCAL_GOVERNANCE = "local_governance", _("local governance")
    # economic
    ECONOMY = "economy", _("economy")
    ACQUISITION = "acquisition", _("acquisition")
    TRADE = "trade", _("trade")
    # other added value
    CULTURE = "culture", _("culture")
    ART = "art", _("art")
    SPORT = "sport", _("sport")
    ENVIRONMENT = "environment", _("environment")
    URBAN_PLANNING = "urban_planning", _("urban planning")
    EDUCATION = "education", _("education")
    YOUTH = "youth", _("youth")
    HERITAGE = "heritage", _("heritage")
    CITY_MARKETING = "city_marketing", _("city marketing")
    OTHER = "other", _("other")


def purpose_labels(codes: Iterable[str]) -> list[str]:
    """The purposes as a page shows them, in the user's language ("urban planning"); a code
    the enum does not know is shown as it is."""
    labels = dict(Purpose.choices)
    return [str(labels.get(code, code)) for code in codes]


class Sector(models.TextChoices):
    GOVERNMENT = "government", _("government")
    BUSINESS = "business", _("business")
    KNOWLEDGE = "knowledge", _("knowledge institution")
    CIVIL_SOCIETY = "civil_society", _("civil society")


class Actor(models.TextChoices):
    MAYOR = "mayor", _("mayor")
    ALDERMAN = "alderman", _("alderman")
    EXECUTIVE_BOARD = "executive_board", _("executive board")
    COUNCIL = "council", _("council")
    COMMITTEE = "committee", _("committee")
    CIVIL_SERVANT = "civil_servant", _("civil servant")


class BudgetHolder(models.TextChoices):
    EXECUTIVE_BOARD = "executive_board", _("executive board")
    PORTFOLIO = "portfolio", _("portfolio")
    COMMITTEE = "committee", _("committee")
    NONE = "none", _("none")


class OwnerKind(models.TextChoices):
    EXECUTIVE_BOARD = "executive_board", _("executive board")
    PORTFOLIO = "portfolio", _("portfolio")
    COMMITTEE = "committee", _("committee")
    CIVIL_SOCIETY = "civil_society", _("civil society")
    NONE = "none", _("none")


class EndReason(models.TextChoices):
    ENDED_BY_US = "ended_by_us", _("ended by the municipality")
    ENDED_BY_PARTNER = "ended_by_partner", _("ended by the partner")
    MUTUAL_CONSENT = "mutual_consent", _("ended by mutual consent")
    LAPSED = "lapsed", _("lapsed")


class Source(models.TextChoices):
    MANUAL = "manual", _("entered by hand")
    IMPORT = "import", _("imported")
    TWIN_TOWNS = "twin_towns", _("twin-towns list")
    DEMO = "demo", _("demo data")


class ActivityKind(models.TextChoices):
    VISIT = "visit", _("visit")
    PROJECT = "project", _("project")
    EVENT = "event", _("event")
    EXCHANGE = "exchange", _("exchange")
    MEETING = "meeting", _("meeting")
    OTHER = "other", _("other")


# The facts a relation's page can mark as assumed (demo data: ``register.assumed`` in its data
# file) and the relation fields that state each; a user who changes one of those fields has
# stated the fact, and its mark goes. Parties, agreements and involvements are marked on their
# section as a whole and have no single field.
ASSUMED_FACT_FIELDS: dict[str, tuple[str, ...]] = {
    "partner": ("partner",),
    "status": ("status",),
    "initiated_by": ("initiated_by",),
    "purposes": ("purposes",),
    "mutual_value": ("mutual_value",),
    "owner": ("owner_kind", "owner_portfolio"),
    "budget": (
        "budget_money_eur_per_year",
        "budget_staff_hours_per_year",
        "budget_held_by",
        "budget_portfolio",
    ),
    "start_date": ("start_date",),
    "parties": (),
    "agreements": (),
    "involvements": (),
}
ASSUMABLE_FACTS = frozenset(ASSUMED_FACT_FIELDS)
