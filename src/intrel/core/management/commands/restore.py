from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from intrel.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Load an archive of 'intrel backup' into this installation, which must be empty (just "
        "migrated: no users, no records, no uploaded files); checks every checksum first "
        "(docs/backup.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The archive 'intrel backup' wrote.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file {path}.")
        try:
            result = backup_restore(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stderr.write(
            f"Restored {result.records} records and {result.files} files from {path}."
        )
