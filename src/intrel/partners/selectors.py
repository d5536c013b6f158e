"""Reads of the partners abroad."""

from django.db.models import QuerySet

from .models import Partner


def partner_list() -> QuerySet[Partner]:
    """Every partner (sorted by the caller: the API's ``ordering``, by name by default)."""
    return Partner.objects.all()
