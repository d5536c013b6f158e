"""``intrel iati [--output FILE]``: the supported initiatives as IATI 2.03 activities XML."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from intrel.initiatives.iati import activities_xml


class Command(BaseCommand):
    help = "Write the supported citizen initiatives as IATI 2.03 activities (XML)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", help="File to write; standard output when left out.")

    def handle(self, *args: Any, **options: Any) -> None:
        document = activities_xml()
        if options["output"]:
            Path(options["output"]).write_bytes(document)
        else:
            self.stdout.write(document.decode("utf-8"), ending="")
