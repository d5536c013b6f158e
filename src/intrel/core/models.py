"""Model parts the apps share: a term from a start to an end, who recorded a row when, and the
money and hours columns.

Abstract: no table of their own. A model takes them by inheriting; its own ``Meta`` then lists
``TERM_END_AFTER_START`` among its constraints (a ``Meta`` of its own replaces the parent's).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from intrel.core.bounds import HOURS_DIGITS, HOURS_PLACES, MONEY_DIGITS, MONEY_PLACES


def held_on(day: date) -> Q:
    """A term (``start``, ``end`` inclusive, empty end = open) that includes ``day``: the filter
    of every "on that date" question (who sat, who held the portfolio)."""
    return Q(start__lte=day) & (Q(end__isnull=True) | Q(end__gte=day))


def overlapping(*, start: date, end: date | None) -> Q:
    """A term that shares at least one day with ``start``..``end`` (empty ``end`` = open)."""
    condition = Q(end__isnull=True) | Q(end__gte=start)
    return condition if end is None else condition & Q(start__lte=end)


def money_field(
    verbose: Any, help_text: Any = "", *, optional: bool = False
) -> models.DecimalField[Any, Any]:
    """An amount in euros with cents (``core.bounds``): 0 by default, or empty when ``optional``
    (an amount asked or granted that may not be known)."""
    extra: dict[str, Any] = {"null": True, "blank": True} if optional else {"default": 0}
    return models.DecimalField(
        verbose,
        max_digits=MONEY_DIGITS,
        decimal_places=MONEY_PLACES,
        help_text=help_text,
        **extra,
    )


def hours_field(
    verbose: Any, help_text: Any = "", *, optional: bool = False
) -> models.DecimalField[Any, Any]:
    """Staff hours to a tenth (``core.bounds``): 0 by default, or empty when ``optional``."""
    extra: dict[str, Any] = {"null": True, "blank": True} if optional else {"default": 0}
    return models.DecimalField(
        verbose,
        max_digits=HOURS_DIGITS,
        decimal_places=HOURS_PLACES,
        help_text=help_text,
        **extra,
    )


class TermQuerySet(models.QuerySet[Any]):
    def held_on(self, day: date) -> TermQuerySet:
        """The terms that include ``day``."""
        return self.filter(held_on(day))

    def overlapping(self, *, start: date, end: date | None) -> TermQuerySet:
        """The terms sharing a day with ``start``..``end``."""
        return self.filter(overlapping(start=start, end=end))


def start_field(help_text: Any = "") -> models.DateField[Any, Any]:
    """A term's first day; ``help_text`` says what it is the first day of, where that helps."""
    return models.DateField(_("start"), help_text=help_text)


def end_field(help_text: Any = "") -> models.DateField[Any, Any]:
    """A term's last day (inclusive), empty while the term lasts; ``help_text`` says so in the
    words of the model (sitting, in office, current)."""
    return models.DateField(_("end"), null=True, blank=True, help_text=help_text)


# Named per model (``governance_councilmembership_end_after_start``), so one definition serves
# every table without two constraints sharing a name.
TERM_END_AFTER_START = models.CheckConstraint(
    condition=Q(end__isnull=True) | Q(end__gte=F("start")),
    name="%(app_label)s_%(class)s_end_after_start",
)


class Term(models.Model):
    """Something held from ``start`` to ``end`` (inclusive); an empty end means it still lasts.

    A model overrides ``start`` or ``end`` only to give its own help text, through
    :func:`start_field` and :func:`end_field`.
    """

    start = start_field()
    end = end_field()

    objects = TermQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [TERM_END_AFTER_START]


class Recorded(models.Model):
    """Who recorded the row and when. The user is kept for the audit trail, never deleted with
    it (PROTECT); empty where no user wrote it (a command, the demo data)."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        abstract = True


class WhereFrom(models.Model):
    """The base of every history table: from which address the write came (issue 18, audit).

    ``history_address`` is the client's address of the request that made the write, as
    :func:`intrel.core.doors.client_address` reads it (``X-Forwarded-For`` only behind as many
    proxies as ``INTREL_PROXY_COUNT`` says); empty for a command or a background task. It is
    personal data: ``intrel retention`` empties it after ``INTREL_RETENTION_AUDIT_ADDRESS_DAYS``.
    """

    history_address = models.GenericIPAddressField(
        _("from address"), null=True, blank=True, editable=False
    )

    class Meta:
        abstract = True


def history_records(**kwargs: Any) -> HistoricalRecords:
    """A model's history (django-simple-history) with the address of each write."""
    return HistoricalRecords(bases=[WhereFrom], **kwargs)
