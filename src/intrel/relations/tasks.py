"""The register's background work (ADR 0019): the e-mail to a relation's owner that an
involvement or an agreement ends soon (``intrel remind``). Ids and plain values in; sent once per
end date (``EndReminder``, unique per involvement or agreement and end date): a task that finds
its reminder recorded does nothing."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from intrel.core.formatting import day

from .models import Agreement, EndReminder, Involvement

INVOLVEMENT = "involvement"
AGREEMENT = "agreement"


@task()
def mail_end_reminder(kind: str, pk: int, ends: str, recipients: list[str], language: str) -> bool:
    """E-mail ``recipients`` that the involvement or agreement ``pk`` ends on ``ends`` (ISO),
    unless that was sent before; record it. False when nothing was sent."""
    model = Involvement if kind == INVOLVEMENT else Agreement
    with translation.override(language), transaction.atomic():
        thing = model.objects.select_for_update().select_related("relation").filter(pk=pk).first()
        if thing is None or not recipients:
            return False
        if EndReminder.objects.filter(**{kind: thing}, ends=ends).exists():
            return False
        relation = thing.relation
        when = day(date.fromisoformat(ends))
        if isinstance(thing, Involvement):
            what = _("the involvement of the %(who)s") % {
                "who": thing.person or thing.get_actor_display()
            }
        else:
            what = _('the agreement "%(title)s"') % {"title": thing.title}
        subject = _("%(relation)s: %(what)s ends on %(day)s") % {
            "relation": relation.name,
            "what": what,
            "day": when,
        }
        body = _(
            "In the relation %(relation)s, %(what)s ends on %(day)s. You receive this as the "
            "relation's owner. Decide in time whether it ends as planned, is extended within "
            "the framework, or is ended in consultation with the partner.\n"
        ) % {"relation": relation.name, "what": what, "day": when}
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
        EndReminder.objects.create(
            relation=relation, **{kind: thing}, ends=ends, sent_to=", ".join(recipients)
        )
    return True
