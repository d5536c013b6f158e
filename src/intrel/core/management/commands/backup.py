from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from intrel.core.backup import backup_create


class Command(BaseCommand):
    help = (
        "Write the whole installation (every record, as portable JSON, and every uploaded "
        "file) to one archive with a manifest and checksums; restore it with 'intrel restore' "
        "(docs/backup.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The archive to write, e.g. intrel-2026-12-02.tar.gz.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        manifest = backup_create(path)
        records = sum(manifest["counts"].values())
        self.stderr.write(
            f"Backed up {records} records of {len(manifest['counts'])} models and "
            f"{len(manifest['files'])} uploaded files to {path}."
        )
