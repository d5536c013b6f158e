"""Loads Helmond's relations as demo data (docs/demo-data.md says which values are assumed)."""

import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.db import transaction

from intrel.accounts.models import User
from intrel.accounts.services import DEMO_ACCOUNTS
from intrel.budgets.demo import budgets_demo_load
from intrel.governance.demo import governance_demo_load
from intrel.governance.models import Decision, Person
from intrel.governance.services import person_account_set
from intrel.initiatives.demo import initiatives_demo_load
from intrel.partners.models import Partner
from intrel.relations.constants import ASSUMABLE_FACTS, Source
from intrel.relations.models import Activity, ContactPerson, Relation
from intrel.relations.services import (
    relation_last_activity_refresh,
    relation_upsert_from_subject,
)

DATA_FILE = Path(__file__).parent / "data" / "helmond.json"


# The other apps' demo data, after the relations (budgets need the committee, and an allocation
# the initiative it supports; ADR 0008: the demo app sits above them and imports them by name).
DEMO_HOOKS = [governance_demo_load, initiatives_demo_load, budgets_demo_load]


def late_hooks() -> list[Callable[[], object]]:
    """The demo data of the apps above this one (the review, issue 15): an app whose
    AppConfig has a ``demo_load`` method adds its demo that way, run after everything is
    assessed (ADR 0016). Through the app registry: this app may not import theirs."""
    hooks = []
    for config in apps.get_app_configs():
        hook = getattr(config, "demo_load", None)
        if callable(hook):
            hooks.append(hook)
    return hooks


def life_demo_load() -> None:
    """The life of Zielona Góra (issue 14): suspended after its last action plan, and proposed
    for ending per the committee's advice of 13 May 2014, so the rest of the ending
    (consultation, decision, notice, end) can be walked on the demo."""
    relation = Relation.objects.filter(slug="helmond-zielona-gora").first()
    if relation is None:
        return
    relation.life_steps.all().delete()
    relation.life_steps.create(
        kind="suspended",
        date=date(2011, 1, 1),
        text="Na het Actieplan 2009–2010 zijn er geen activiteiten meer; de samenwerking ligt "
        "stil (achteraf vastgelegd).",
        until="Tot er weer een gedragen plan met Zielona Góra is.",
        status_before="active",
        status_after="suspended",
    )
    advice = Decision.objects.filter(
        relation=relation, title__startswith="Advies: stedenband Zielona Góra"
    ).first()
    relation.life_steps.create(
        kind="proposal",
        date=date(2014, 5, 13),
        text="Advies van de commissie van 13 mei 2014: de slapende stedenband in overleg met "
        "Zielona Góra op correcte wijze beëindigen.",
        decision=advice,
        status_before=relation.status,
        status_after=relation.status,
    )


def demo_is_loaded() -> bool:
    return Relation.objects.exists()


def demo_data() -> dict[str, Any]:
    return dict(json.loads(DATA_FILE.read_text(encoding="utf-8")))


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@transaction.atomic
def demo_load() -> list[Relation]:
    """Create (or bring up to date) Helmond's relations with partners, activities and contacts."""
    data = demo_data()
    for p in data["partners"].values():
        Partner.objects.update_or_create(
            name=p["name"],
            country=p["country"],
            kind=p["kind"],
            defaults={
                "latitude": Decimal(p["latitude"]),
                "longitude": Decimal(p["longitude"]),
                "website": p.get("website", ""),
            },
        )
    relations = []
    for item in data["relations"]:
        relation, _ = relation_upsert_from_subject(data=item["subject"], source=Source.DEMO)
        register = item["register"]
        relation.start_date = _date(register.get("start_date"))
        relation.description = register.get("description", "")
        # The facts the sources do not give: the relation's page marks them "aangenomen".
        assumed = list(register.get("assumed", []))
        unknown = sorted(set(assumed) - ASSUMABLE_FACTS)
        if unknown:
            raise ValueError(f"{item['subject']['id']}: no such fact to mark assumed: {unknown}")
        relation.assumed = assumed
        relation.save()
        relation.activities.all().delete()
        for a in register.get("activities", []):
            Activity.objects.create(
                relation=relation,
                kind=a["kind"],
                date=date.fromisoformat(a["date"]),
                end_date=_date(a.get("end_date")),
                title=a["title"],
                participants=a.get("participants", ""),
            )
        # Written without the activity services (the demo has no user): the day stored here.
        relation_last_activity_refresh(relation)
        relation.contact_persons.all().delete()
        for c in register.get("contacts", []):
            ContactPerson.objects.create(relation=relation, **c)
        relations.append(relation)
    for hook in DEMO_HOOKS:
        hook()
    life_demo_load()
    # Relations, the committee and budget lines, so the start page shows what needs attention.
    call_command("assess_all", stdout=StringIO())
    for late in late_hooks():
        late()
    return relations


@transaction.atomic
def demo_accounts_link() -> int:
    """Link each demo account to the person of the demo's governance with its name (the
    'wethouder' account is Anja Verhoeven, alderman of EZ), as the application manager would on
    the persons page. Persons already linked are left alone. Returns how many were linked."""
    linked = 0
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(username=account.username).first()
        name = f"{account.first_name} {account.last_name}"
        person = Person.objects.filter(name=name, account__isnull=True).first()
        if user is None or person is None or Person.objects.filter(account=user).exists():
            continue
        person_account_set(person=person, account=user)
        linked += 1
    return linked
