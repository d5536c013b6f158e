"""Writes of partners abroad."""

from dataclasses import dataclass, fields
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from intrel.accounts.models import User
from intrel.core import assessing
from intrel.core.errors import DomainError

from .models import Partner


@dataclass(frozen=True)
class PartnerData:
    """What a partner is registered with: the partner form's fields."""

    name: str
    country: str
    kind: str
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    website: str = ""
    notes: str = ""


PARTNER_FIELDS = tuple(f.name for f in fields(PartnerData))


@transaction.atomic
def partner_save(*, user: User, data: PartnerData, partner: Partner | None = None) -> Partner:
    """Register a partner or change one; the history records who did it."""
    partner = partner or Partner()
    for field in PARTNER_FIELDS:
        setattr(partner, field, getattr(data, field))
    try:
        partner.full_clean()
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise DomainError(" ".join(messages), field=field) from exc
    existed = partner.pk is not None
    partner._history_user = user  # type: ignore[attr-defined]
    partner.save()
    if existed:
        # The partner's name, country and kind are facts of each of its relations: they are
        # re-assessed in the same transaction (ADR 0009), through the register's one hook.
        for relation in partner.relations.select_related("partner"):
            assessing.facts_changed(subject_type="relation", instance=relation)
    return partner
