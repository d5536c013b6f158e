from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from intrel.api.constants import SERVICE_TOKEN_DEFAULT_DAYS, Scope
from intrel.api.services import service_token_create, service_token_revoke
from intrel.core.errors import DomainError


class Command(BaseCommand):
    help = "Create a scoped, expiring API token for another system and print its key once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="Which system uses the token, e.g. open-data-portal.")
        parser.add_argument(
            "--scope",
            action="append",
            dest="scopes",
            choices=Scope.values,
            help="What the token may do; repeat for more than one (required to create).",
        )
        parser.add_argument(
            "--revoke",
            action="store_true",
            help="Revoke the named token: refused from now on (issue 18).",
        )
        parser.add_argument(
            "--days",
            type=int,
            default=SERVICE_TOKEN_DEFAULT_DAYS,
            help=f"Days until it expires (default {SERVICE_TOKEN_DEFAULT_DAYS}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["revoke"]:
            try:
                revoked = service_token_revoke(name=options["name"])
            except DomainError as exc:
                raise CommandError(exc.message) from exc
            self.stderr.write(f"Service token {revoked.name!r} revoked at {revoked.revoked_at}.")
            return
        if not options["scopes"]:
            raise CommandError("--scope is required to create a service token.")
        try:
            token, key = service_token_create(
                name=options["name"], scopes=options["scopes"], days=options["days"]
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stderr.write(
            f"Service token {token.name!r}, scopes {', '.join(token.scopes)}, "
            f"expires {token.expires_at:%Y-%m-%d}. The key is shown only now:"
        )
        self.stdout.write(key)
