"""A subject (the import's and the API's document) names an involvement's initiative by its
reference: a known one becomes the link, an unknown one is refused naming the field (issue 13)."""

from datetime import date

import pytest

from intrel.core.errors import DomainError
from intrel.initiatives.models import Initiative
from intrel.relations.models import Involvement
from intrel.relations.services import relation_upsert_from_subject

from .factories import MECHELEN_SUBJECT

pytestmark = pytest.mark.django_db


def _subject(reference: str | None) -> dict:
    subject = dict(MECHELEN_SUBJECT)
    subject["involvements"] = [
        {"actor": "mayor", "portfolio": None, "start": "2026-01-01", "end": "2026-06-30",
         "initiative": reference}
    ]  # fmt: skip
    return subject


def test_known_reference_links_unknown_is_refused() -> None:
    Initiative.objects.create(
        reference="INI-2026-0042", title="Waterput", description="-", country="UG",
        place="Kampala", start=date(2026, 1, 1), organisation="Obumu", contact_name="-",
        contact_email="a@example.org",
    )  # fmt: skip
    relation, _created = relation_upsert_from_subject(data=_subject("INI-2026-0042"))
    assert Involvement.objects.get(relation=relation).initiative_id == "INI-2026-0042"

    with pytest.raises(DomainError) as refused:
        relation_upsert_from_subject(data=_subject("INI-9999-0001"))
    assert "initiative" in str(refused.value)
    assert "INI-9999-0001" in str(refused.value)
    assert Involvement.objects.get(relation=relation).initiative_id == "INI-2026-0042"
