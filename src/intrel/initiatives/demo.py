"""Demo initiatives (issue 13): four, from the organisations of ../shared/data/helmond/README.md,
in different steps, the later ones on the agenda of the committee's meetings, and the Global
Goals school pack of 2014 (closed, its contact data pseudonymised), which the budgets demo's
allocation of EUR 4,000 supports. Idempotent: each is kept by its reference. Runs before the
budgets demo (demo/services.py), so that allocation can point to its record; no money is
allocated here."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from intrel.governance.models import Meeting

from .constants import EventKind, Outcome, Step
from .models import Initiative, InitiativeEvent

DEMO_INITIATIVES: list[dict[str, Any]] = [
    {
        "reference": "INI-2026-0001",
        "title": "Schoolbanken voor Obumu",
        "description": "Voorlichting op Helmondse scholen en schoolbanken voor Obumu.",
        "country": "UG",
        "place": "Obumu",
        "purposes": ["education", "development"],
        "support_asked": ["money", "letter"],
        "money_asked": Decimal("2500"),
        "organisation": "Stichting Obumu Nederland-Uganda",
        "contact_name": "Contactpersoon Obumu",
        "contact_email": "obumu@example.org",
        "step": Step.SUBMITTED,
    },
    {
        "reference": "INI-2026-0002",
        "title": "Vrouwenwerkplaats Amazone",
        "description": "Een werkplaats voor vrouwen, samen met een partnerorganisatie.",
        "country": "GH",
        "place": "Accra",
        "purposes": ["development"],
        "support_asked": ["expertise", "reception"],
        "money_asked": None,
        "organisation": "Stichting Amazone",
        "contact_name": "Contactpersoon Amazone",
        "contact_email": "amazone@example.org",
        "step": Step.SCREENED,
    },
    {
        "reference": "INI-2026-0003",
        "title": "Waterputten MOV Stiphout",
        "description": "Twee waterputten in Tanzania, met een bezoek van de burgemeester.",
        "country": "TZ",
        "place": "Moshi",
        "purposes": ["development", "humanitarian"],
        "support_asked": ["money", "presence"],
        "money_asked": Decimal("4000"),
        "organisation": "MOV Stiphout",
        "contact_name": "Contactpersoon MOV",
        "contact_email": "mov@example.org",
        "step": Step.ON_AGENDA,
    },
    {
        "reference": "INI-2026-0004",
        "title": "Kadaster San Marcos",
        "description": "Twee ambtenaren helpen San Marcos met het kadaster.",
        "country": "NI",
        "place": "San Marcos",
        "purposes": ["local_governance"],
        "support_asked": ["money", "expertise"],
        "money_asked": Decimal("5000"),
        "organisation": "Stichting Helmond-San Marcos",
        "contact_name": "Contactpersoon San Marcos",
        "contact_email": "sanmarcos@example.org",
        "step": Step.IN_PROGRESS,
        "outcome": Outcome.PARTLY,
        "reasons": "Gesteund voor het kadaster; de reis betaalt de stichting zelf.",
        "money_granted": Decimal("3000"),
    },
    {
        "reference": "INI-2014-0001",
        "title": "Global Goals-lespakket voor Helmondse basisscholen",
        "description": "Een lespakket over de Global Goals voor groep 7 en 8.",
        "country": "UG",
        "place": "Kampala",
        "purposes": ["education"],
        "support_asked": ["money"],
        "money_asked": Decimal("4000"),
        "organisation": "Werkgroep Global Goals Helmondse basisscholen",
        # Closed: the contact data are pseudonymised (services.initiative_pseudonymise).
        "contact_name": "[verwijderd]",
        "contact_email": "verwijderd@invalid",
        "step": Step.CLOSED,
        "outcome": Outcome.SUPPORTED,
        "reasons": "Past in de Global Goals-ronde; binnen het maximum per initiatief.",
        "money_granted": Decimal("4000"),
        "report": "Het lespakket is op twaalf basisscholen gebruikt.",
        "start": date(2014, 9, 1),
        "end": date(2015, 6, 30),
        "meeting_date": date(2014, 5, 13),
    },
]
ORDER = [s.value for s in Step]


def initiatives_demo_load() -> None:
    committee_meetings = Meeting.objects.filter(committee__isnull=False).order_by("date")
    first_meeting = committee_meetings.first()
    today = timezone.localdate()
    for item in DEMO_INITIATIVES:
        data = dict(item)
        step = data.pop("step")
        meeting_date = data.pop("meeting_date", None)
        meeting = (
            committee_meetings.filter(date=meeting_date).first() if meeting_date else first_meeting
        )
        initiative, _created = Initiative.objects.update_or_create(
            reference=data.pop("reference"),
            defaults={
                "start": date(today.year, 1, 1),
                "end": date(today.year + 1, 12, 31),
                **data,
                "step": step,
                "consent_at": timezone.now(),
                "meeting": meeting if ORDER.index(step) >= ORDER.index(Step.ON_AGENDA) else None,
                "report_due": today + timedelta(days=180) if step == Step.IN_PROGRESS else None,
                "pseudonymised_at": timezone.now() if step == Step.CLOSED else None,
            },
        )
        initiative.events.all().delete()
        for passed in ORDER[: ORDER.index(step) + 1]:
            InitiativeEvent.objects.create(
                initiative=initiative,
                kind=EventKind.STEP,
                step=passed,
                by_initiator=passed == Step.SUBMITTED,
            )
