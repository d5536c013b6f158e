from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from intrel.accounts.services import DEMO_ACCOUNTS, demo_accounts_create
from intrel.demo.services import demo_accounts_link


class Command(BaseCommand):
    help = "Create one demo account per role (only while DEBUG is on) and print them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--print", action="store_true", help="Print the accounts.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("Demo accounts are refused when DEBUG is off (production).")
        password = settings.INTREL_DEMO_PASSWORD
        demo_accounts_create(password=password)
        demo_accounts_link()
        if options["print"]:
            self.stdout.write(f"  Demo accounts (password for all: {password}):")
            for account in DEMO_ACCOUNTS:
                self.stdout.write(f"    {account.username:<10} {account.role}")
            if settings.INTREL_REQUIRE_MFA:
                self.stdout.write(
                    "  A second factor is required for beheer: set up an authenticator app at "
                    "the first login (docs/security.md)."
                )
            else:
                self.stdout.write(
                    "  No second factor asked in this demo (INTREL_REQUIRE_MFA is off); "
                    "production requires one for beheer (docs/security.md)."
                )
