"""The Helmond review of 2013–2014 for the demo (issue 15), in progress: every relation
assessed against the 2013 framework as of 1 January 2014 (confirming is left to the officer:
the demo loads before its accounts exist) and the committee's advice of 13 May 2014 recorded;
the board's proposal and the council's decision are still to come, so the report can be
generated and the rest of the round walked on the demo."""

from datetime import date

from django.db import transaction

from intrel.governance.models import Decision
from intrel.relations.models import Relation

from .models import ReviewRound
from .services import review_advice_record, review_round_assess, review_round_start

TITLE = "Herijking internationaal beleid 2013–2014"
ADVICE = (
    "De commissie Internationale Betrekkingen adviseert het college de herijking toe te passen "
    "met respect voor lopende afspraken: de solidariteitsrelaties en het solidariteitsbudget "
    "naar de commissie, de economische relaties bij Economische Zaken, de thematische relaties "
    "bij de portefeuille van het thema, en de slapende stedenband met Zielona Góra in "
    "overleg en met inachtneming van de jumelage op correcte wijze beëindigen."
)


@transaction.atomic
def review_demo_load() -> ReviewRound | None:
    """Create the demo's review round once (a second call leaves it as it is)."""
    existing = ReviewRound.objects.filter(title=TITLE).first()
    if existing is not None:
        return existing
    if not Relation.objects.exists():
        return None
    review_round = review_round_start(
        title=TITLE, framework_id="helmond-2013", reference_date=date(2014, 1, 1)
    )
    review_round_assess(review_round=review_round)
    record = Decision.objects.filter(title__startswith="Advies: stedenband Zielona Góra").first()
    review_advice_record(
        review_round=review_round, text=ADVICE, on=date(2014, 5, 13), record=record
    )
    return review_round
