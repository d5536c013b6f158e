"""``intrel remind``: the review's actions past their due date, per owner (issue 15).

Run daily by a cron job or systemd timer. Prints one block per owner (a person or a role) with
their overdue actions; ``--date`` judges on another day, ``--format json`` prints the same as
JSON. It also e-mails each owner of an action due within two weeks or past its due date, once
per action (the task ``reviews.tasks.reminders_send``; ``--no-mail`` leaves that out): a second
run sends nothing twice. Exit status 0 whatever it finds (an overdue action is news, not a
failure).
"""

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from intrel.core.formatting import day
from intrel.reviews.selectors import action_owner_label, actions_overdue
from intrel.reviews.tasks import reminders_send


class Command(BaseCommand):
    help = "List the review's actions past their due date, per owner."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="judge on this day (YYYY-MM-DD); default: today")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--language", choices=["nl", "en"], default="nl")
        parser.add_argument("--no-mail", action="store_true", help="list only; e-mail no reminders")

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
            if options["format"] == "json":
                self.stdout.write(
                    json.dumps(
                        {"date": today.isoformat(), "owners": groups, "reminders_sent": sent},
                        ensure_ascii=False,
                        indent=2,
                    )
                )
                return
            if sent is None:
                self.stdout.write(_("The reminders are queued for e-mail."))
            elif sent:
                self.stdout.write(_("%(n)d reminder(s) sent by e-mail.") % {"n": sent})
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
