"""Privacy services for the register's personal data (issue 18): contact persons are
pseudonymised when their relation's file closes, and nothing of a deleted one stays readable
in the history tables.

The records retention list (Selectielijst gemeenten 2020) keeps a twinning file permanently,
so erasure means pseudonymising the contact details, not deleting the record
(``../shared/standards/README.md``; docs/security.md, "Privacy").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intrel.accounts.models import User

from .constants import Status
from .models import ContactPerson


def pseudonym(contact_id: int) -> str:
    """What stands in a pseudonymised contact person's name: no one can be found by it."""
    return _("Contact person %(number)s (pseudonymised)") % {"number": contact_id}


def contact_history_scrub(*, contact_id: int) -> int:
    """Every history row of the contact person holds the pseudonym instead of the name (e-mail
    and telephone are never kept in the history). The number of rows changed."""
    history = ContactPerson.history.model
    return int(history.objects.filter(id=contact_id).update(name=pseudonym(contact_id)))


@transaction.atomic
def contact_person_pseudonymise(*, contact_person: ContactPerson, user: User | None) -> None:
    """Name, e-mail and telephone replaced, the moment recorded; the record, its organisation
    and role kept (a function, not a person), and the history scrubbed."""
    if contact_person.pseudonymised_at is not None:
        return
    contact_person.name = pseudonym(contact_person.pk)
    contact_person.email = ""
    contact_person.phone = ""
    contact_person.pseudonymised_at = timezone.now()
    contact_person._history_user = user  # type: ignore[attr-defined]
    contact_person.save()
    contact_history_scrub(contact_id=contact_person.pk)


@dataclass(frozen=True)
class RetentionResult:
    contacts_pseudonymised: int


def retention_apply(*, today: date | None = None, dry_run: bool = False) -> RetentionResult:
    """What the retention periods ask on ``today``: the contact persons of every relation that
    ended at least ``INTREL_RETENTION_CONTACTS_DAYS`` days ago (default 0: when the file
    closes) pseudonymised. Safe to run again: what is done is not done twice."""
    today = today or timezone.localdate()
    days = int(settings.INTREL_RETENTION_CONTACTS_DAYS)
    due = ContactPerson.objects.filter(
        pseudonymised_at__isnull=True,
        relation__status=Status.ENDED,
        relation__end_date__lte=today - timedelta(days=days),
    ).order_by("pk")
    count = 0
    for contact_person in due:
        if not dry_run:
            contact_person_pseudonymise(contact_person=contact_person, user=None)
        count += 1
    return RetentionResult(contacts_pseudonymised=count)
