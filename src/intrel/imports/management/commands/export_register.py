"""intrel export_register FILE.xlsx: the whole register in the import's format."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from intrel.imports.exports import register_xlsx


class Command(BaseCommand):
    help = (
        "Write every relation, agreement and involvement to FILE (.xlsx) in the import's "
        "format (docs/import.md): edit it and import it again. Written row by row, so memory "
        "stays flat however large the register."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the .xlsx file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if path.suffix.lower() != ".xlsx":
            raise CommandError(_("%(file)s: the file name must end in .xlsx.") % {"file": path})
        try:
            with open(path, "wb") as out:
                register_xlsx(out)
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from exc
        self.stdout.write(_("The register was written to %(file)s.") % {"file": path})
