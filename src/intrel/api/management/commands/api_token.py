from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from intrel.accounts.models import User
from intrel.api.models import PersonToken
from intrel.api.selectors import person_tokens_of
from intrel.api.services import person_token_create, person_token_revoke
from intrel.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Make a person's API token and print its key once (the API then acts with that user's "
        "role permissions; send it as 'Authorization: Bearer <token>'); --list their tokens; "
        "--revoke one by --name (issue 18)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--name",
            help="What the token is for (default: 'command line' and the moment it is made).",
        )
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Days until it expires (default: the setting INTREL_API_TOKEN_DAYS, 90).",
        )
        parser.add_argument("--list", action="store_true", help="List the user's tokens.")
        parser.add_argument(
            "--revoke",
            action="store_true",
            help="Revoke the user's active tokens named --name: refused from now on.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user named {options['username']!r}.")
        if options["list"]:
            self._list(user)
            return
        if options["revoke"]:
            self._revoke(user, options["name"])
            return
        name = options["name"] or f"command line {timezone.localtime():%Y-%m-%d %H:%M:%S}"
        try:
            token, key = person_token_create(user=user, name=name, days=options["days"])
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stderr.write(
            f"Token {token.name!r} of {user.username!r}, expires {token.expires_at:%Y-%m-%d}. "
            "The key is shown only now:"
        )
        self.stdout.write(key)

    def _list(self, user: User) -> None:
        for token in person_tokens_of(user=user):
            self.stdout.write(
                f"{token.pk}\t{token.name}\t{token.key_hint}...\t{token.state}\t"
                f"created {token.created_at:%Y-%m-%d}\texpires {token.expires_at:%Y-%m-%d}"
            )

    def _revoke(self, user: User, name: str | None) -> None:
        if not name:
            raise CommandError("--revoke needs --name: which of the user's tokens to revoke.")
        tokens = list(
            PersonToken.objects.filter(user=user, name=name, revoked_at__isnull=True).values_list(
                "pk", flat=True
            )
        )
        if not tokens:
            raise CommandError(f"{user.username!r} has no unrevoked token named {name!r}.")
        for pk in tokens:
            # The command acts as the token's owner would.
            person_token_revoke(token_id=pk, actor=user)
        self.stderr.write(f"Revoked {len(tokens)} token(s) named {name!r} of {user.username!r}.")
