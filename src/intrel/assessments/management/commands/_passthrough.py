"""Management commands that hand their arguments, untouched, to the policy engine's CLI."""

import sys
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandParser

from intrel.policy.cli import main as policy_main


class PassthroughCommand(BaseCommand):
    """``intrel <name> ...`` runs ``intrel.policy.cli.main([<prefix>, ...])`` and exits with
    its status, so the CLI behaves exactly as CONTRACT.md says (stdout, stderr, exit 2)."""

    prefix: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("args", nargs="*")

    def run_from_argv(self, argv: list[str]) -> None:
        sys.exit(policy_main([*self.prefix, *argv[2:]], sys.stdin, sys.stdout, sys.stderr))

    def handle(self, *args: Any, **options: Any) -> None:
        # Django's OutputWrapper hands every call on to the stream it wraps: a text stream.
        stdout = cast(IO[str], options.get("stdout") or self.stdout)
        code = policy_main([*self.prefix, *args], sys.stdin, stdout, cast(IO[str], self.stderr))
        if code:
            sys.exit(code)
