"""The enumerations of the assessment contract (shared/policy/CONTRACT.md), with Dutch and
English labels for the messages the engine writes.

The member order is the contract's order; it is also the canonical sort order of lists.
"""

from __future__ import annotations

from enum import StrEnum


class SubjectType(StrEnum):
    RELATION = "relation"
    COMMITTEE = "committee"
    BUDGET_LINE = "budget_line"


class PartnerKind(StrEnum):
    CITY = "city"
    REGION = "region"
    COUNTRY = "country"
    ORGANISATION = "organisation"


class RegisteredKind(StrEnum):
    TWINNING = "twinning"
    SOLIDARITY = "solidarity"
    ECONOMIC = "economic"
    FRIENDSHIP = "friendship"
    OTHER = "other"


class RelationStatus(StrEnum):
    PROPOSED = "proposed"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    FRIENDSHIP = "friendship"
    ENDING = "ending"
    ENDED = "ended"


class Initiator(StrEnum):
    RESIDENTS = "residents"
    CIVIL_SOCIETY = "civil_society"
    BUSINESS = "business"
    KNOWLEDGE_INSTITUTION = "knowledge_institution"
    MUNICIPALITY = "municipality"
    COUNCIL = "council"
    REGION = "region"
    PARTNER = "partner"


class Purpose(StrEnum):
    DEVELOPMENT = "development"
    HUMANITARIAN = "humanitarian"
    HUMAN_RIGHTS = "human_rights"
    LOCAL_GOVERNANCE = "local_governance"
    ECONOMY = "economy"
    ACQUISITION = "acquisition"
    TRADE = "trade"
    CULTURE = "culture"
    ART = "art"
    SPORT = "sport"
    ENVIRONMENT = "environment"
    URBAN_PLANNING = "urban_planning"
    EDUCATION = "education"
    YOUTH = "youth"
    HERITAGE = "heritage"
    CITY_MARKETING = "city_marketing"
    OTHER = "other"


class PurposeGroup(StrEnum):
    """The groups a framework sorts the purposes into."""

    SOLIDARITY = "solidarity"
    ECONOMIC = "economic"
    ADDED_VALUE = "added_value"
    OTHER = "other"


class Sector(StrEnum):
    GOVERNMENT = "government"
    BUSINESS = "business"
    KNOWLEDGE = "knowledge"
    CIVIL_SOCIETY = "civil_society"


class Actor(StrEnum):
    MAYOR = "mayor"
    ALDERMAN = "alderman"
    EXECUTIVE_BOARD = "executive_board"
    COUNCIL = "council"
    COMMITTEE = "committee"
    CIVIL_SERVANT = "civil_servant"


class Holder(StrEnum):
    """Who holds a budget."""

    EXECUTIVE_BOARD = "executive_board"
    PORTFOLIO = "portfolio"
    COMMITTEE = "committee"
    NONE = "none"


class OwnerKind(StrEnum):
    EXECUTIVE_BOARD = "executive_board"
    PORTFOLIO = "portfolio"
    COMMITTEE = "committee"
    CIVIL_SOCIETY = "civil_society"
    NONE = "none"


class InstalledBy(StrEnum):
    COUNCIL = "council"
    EXECUTIVE_BOARD = "executive_board"
    MAYOR = "mayor"


class MemberRole(StrEnum):
    CHAIR = "chair"
    MEMBER = "member"
    SECRETARY = "secretary"
    ADVISOR = "advisor"


class BudgetPurpose(StrEnum):
    SOLIDARITY = "solidarity"
    ECONOMIC = "economic"
    TOPICAL = "topical"
    GENERAL = "general"


class Severity(StrEnum):
    VIOLATION = "violation"
    WARNING = "warning"
    INFO = "info"


SEVERITY_RANK: dict[str, int] = {"violation": 0, "warning": 1, "info": 2}

PURPOSE_ORDER: dict[str, int] = {p.value: i for i, p in enumerate(Purpose)}

# Dutch and English labels of enum values, used in the engine's messages.
LABELS: dict[str, tuple[str, str]] = {
    # actors
    "mayor": ("de burgemeester", "the mayor"),
    "alderman": ("een wethouder", "an alderman"),
    "executive_board": ("het college van B&W", "the executive board"),
    "council": ("de gemeenteraad", "the council"),
    "committee": (
        "de commissie Internationale Betrekkingen",
        "the International Relations committee",
    ),
    "civil_servant": ("een ambtenaar", "a civil servant"),
    # initiators
    "residents": ("inwoners", "residents"),
    "civil_society": ("het maatschappelijk middenveld", "civil society"),
    "business": ("het bedrijfsleven", "business"),
    "knowledge_institution": ("een kennisinstelling", "a knowledge institution"),
    "municipality": ("de gemeente", "the municipality"),
    "region": ("de regio", "the region"),
    "partner": ("de partner", "the partner"),
    # sectors
    "government": ("overheid", "government"),
    "knowledge": ("kennisinstellingen", "knowledge institutions"),
    # holders / owner kinds
    "portfolio": ("een portefeuille", "a portfolio"),
    "none": ("niemand", "nobody"),
    # purposes
    "development": ("ontwikkeling", "development"),
    "humanitarian": ("humanitaire hulp", "humanitarian aid"),
    "human_rights": ("mensenrechten", "human rights"),
    "local_governance": ("lokaal bestuur", "local governance"),
    "economy": ("economie", "economy"),
    "acquisition": ("acquisitie", "acquisition"),
    "trade": ("handel", "trade"),
    "culture": ("cultuur", "culture"),
    "art": ("kunst", "art"),
    "sport": ("sport", "sport"),
    "environment": ("milieu", "environment"),
    "urban_planning": ("stedenbouw", "urban planning"),
    "education": ("onderwijs", "education"),
    "youth": ("jeugd", "youth"),
    "heritage": ("erfgoed", "heritage"),
    "city_marketing": ("citymarketing", "city marketing"),
    "other": ("overig", "other"),
    # committee roles
    "chair": ("voorzitter", "chair"),
    "member": ("lid", "member"),
    "secretary": ("secretaris", "secretary"),
    "advisor": ("adviseur", "advisor"),
    # budget-line purposes
    "solidarity": ("solidariteit", "solidarity"),
    "economic": ("economische betrekkingen", "economic relations"),
    "topical": ("thematische betrekkingen", "topical relations"),
    "general": ("algemeen", "general"),
}


def label(value: str, lang: str) -> str:
    """The Dutch (``nl``) or English (``en``) label of an enum value; the value itself if none."""
    pair = LABELS.get(value)
    if pair is None:
        return value
    return pair[0] if lang == "nl" else pair[1]
