"""Writes of partners abroad."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from intrel.core import assessing
from intrel.core.errors import DomainError

from .models import Partner

PARTNER_FIELDS = ("name", "country", "kind", "latitude", "longitude", "website", "notes")


@transaction.atomic
def partner_save(*, user: Any, data: Mapping[str, Any], partner: Partner | None = None) -> Partner:
    """Register a partner or change one; the history records who did it."""
    partner = partner or Partner()
    for field in PARTNER_FIELDS:
        if field in data:
            setattr(partner, field, data[field])
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
