"""``intrel retention [--dry-run]``: apply the retention periods (run daily, like assess_all)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from intrel.core.doors import addresses_forget
from intrel.relations.retention import retention_apply


class Command(BaseCommand):
    help = (
        "Pseudonymise the contact persons of relations whose file has closed; empty the "
        "addresses the audit log keeps past INTREL_RETENTION_AUDIT_ADDRESS_DAYS."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="count, change nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        result = retention_apply(dry_run=options["dry_run"])
        if options["dry_run"]:
            message = _("Contact persons that would be pseudonymised: %(count)s.")
        else:
            message = _("Contact persons pseudonymised: %(count)s.")
        self.stdout.write(message % {"count": result.contacts_pseudonymised})
        days = settings.INTREL_RETENTION_AUDIT_ADDRESS_DAYS
        emptied = addresses_forget(days=days, dry_run=options["dry_run"])
        if options["dry_run"]:
            message = _("Audit log addresses older than %(days)s days to empty: %(count)s.")
        else:
            message = _("Audit log addresses older than %(days)s days emptied: %(count)s.")
        self.stdout.write(message % {"days": days, "count": emptied})
