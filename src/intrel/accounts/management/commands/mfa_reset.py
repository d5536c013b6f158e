from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from intrel.accounts.mfa import second_factor_reset
from intrel.accounts.models import User


class Command(BaseCommand):
    help = (
        "Remove a user's second factor (authenticator app and recovery codes), e.g. after a "
        "lost phone; at the next login they set it up again (issue 18)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user named {options['username']!r}.")
        removed = second_factor_reset(user)
        self.stderr.write(f"Removed the second factor of {user.username!r} ({removed} records).")
