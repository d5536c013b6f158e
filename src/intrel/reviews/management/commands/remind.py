"""``intrel remind``: the review's actions past their due date, per owner (issue 15), the
initiators whose report is overdue, and the owners of involvements and agreements that end within
``--days`` (default ``INTREL_REMIND_DAYS``), each e-mailed once (issue 13).

Run daily by a cron job or systemd timer. Prints one block per owner (a person or a role) with
their overdue actions; ``--date`` judges on another day, ``--format json`` prints the same as
JSON. It e-mails each owner of an action due within two weeks or past its due date, once per
action (the task ``reviews.tasks.reminders_send``; ``--no-mail`` leaves that out), then each
initiator whose report is overdue (a background task, ADR 0019) once per due date, and the
owners of involvements and agreements ending soon: running it twice sends nothing twice; each
e-mail is recorded on its record. Exit status 0 whatever it finds (an overdue action is news, not a
failure).
"""

import json
from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from intrel.core.formatting import day
from intrel.governance.services import end_reminders_send
from intrel.initiatives.services import initiative_report_reminders
from intrel.reviews.selectors import action_owner_label, actions_overdue
from intrel.reviews.tasks import reminders_send


class Command(BaseCommand):
    help = "List the review's actions past their due date, per owner."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="judge on this day (YYYY-MM-DD); default: today")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--language", choices=["nl", "en"], default="nl")
        parser.add_argument(
            "--no-mail", action="store_true", help="e-mail no reminders of the review's actions"
        )
        parser.add_argument(
            "--days",
            type=int,
            default=settings.INTREL_REMIND_DAYS,
            help="remind the owners of involvements and agreements ending within this many days",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError:
            raise CommandError(f"--date: {options['date']!r} is not a date (YYYY-MM-DD)") from None
        today = today or timezone.localdate()
        with translation.override(options["language"]):
            sent: int | None = 0
            if not options["no_mail"]:
                result = reminders_send.enqueue(day=today.isoformat())
                # Inline (the default) it has run; with a worker it runs shortly.
                sent = result.return_value if result.is_finished else None
            groups: dict[str, list[dict[str, Any]]] = {}
            for action in actions_overdue(today=today):
                groups.setdefault(action_owner_label(action), []).append(
                    {
                        "id": action.pk,
                        "relation": action.subject_name,
                        "action": action.text_shown,
                        "due": action.due.isoformat(),
                        "days_overdue": (today - action.due).days,
                        "round": action.round.title,
                    }
                )
            initiators = [
                {
                    "initiative": initiative.reference,
                    "title": initiative.title,
                    "report_due": (initiative.report_due or today).isoformat(),
                    "reminded_now": now,
                }
                for initiative, now in initiative_report_reminders(today=today)
            ]
            if options["days"] < 0:
                raise CommandError("--days: give a number of days, 0 or more")
            ends = end_reminders_send(today=today, days=options["days"])
            if options["format"] == "json":
                self.stdout.write(
                    json.dumps(
                        {
                            "date": today.isoformat(),
                            "owners": groups,
                            "reminders_sent": sent,
                            "initiatives": initiators,
                            "ending": ends,
                        },
                        ensure_ascii=False,
                        indent=2,
                    )
                )
                return
            if sent is None:
                self.stdout.write(_("The reminders are queued for e-mail."))
            elif sent:
                self.stdout.write(_("%(n)d reminder(s) sent by e-mail.") % {"n": sent})
            self._initiators(initiators)
            self._ends(ends)
            if not groups:
                self.stdout.write(
                    _("%(day)s: no actions past their due date.") % {"day": day(today)}
                )
                return
            for owner in sorted(groups, key=str.lower):
                self.stdout.write(f"{owner} ({len(groups[owner])})")
                for a in groups[owner]:
                    due = day(date.fromisoformat(a["due"]))
                    late = _("due %(due)s, %(n)d days late") % {"due": due, "n": a["days_overdue"]}
                    self.stdout.write(f"  - {a['relation']}: {a['action']} ({late})")

    def _initiators(self, initiators: list[dict[str, Any]]) -> None:
        if not initiators:
            return
        self.stdout.write(_("Initiatives whose report is overdue (%(n)d)") % {"n": len(initiators)})
        for i in initiators:
            due = day(date.fromisoformat(i["report_due"]))
            if i["reminded_now"]:
                what = _("report due %(due)s: the initiator is e-mailed") % {"due": due}
            else:
                what = _("report due %(due)s: the initiator was reminded before") % {"due": due}
            self.stdout.write(f"  - {i['initiative']} {i['title']}: {what}")

    def _ends(self, ends: list[dict[str, Any]]) -> None:
        if not ends:
            return
        self.stdout.write(_("Ending soon (%(n)d)") % {"n": len(ends)})
        for e in ends:
            when = day(date.fromisoformat(e["ends"]))
            if e["reminded_now"]:
                to = _("the owner is e-mailed (%(to)s)") % {"to": ", ".join(e["to"])}
            elif e["to"]:
                to = _("the owner was reminded before")
            else:
                to = _("no owner with an e-mail address")
            self.stdout.write(f"  - {e['relation']}: {e['what']}, {when}: {to}")
