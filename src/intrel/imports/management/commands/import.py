"""intrel import FILE: relations from a JSON list of subjects, a CSV or an XLSX sheet."""

import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from intrel.core.errors import DomainError
from intrel.imports.constants import ImportState
from intrel.imports.models import ImportBatch
from intrel.imports.parsers import problem_line
from intrel.imports.services import import_file


class Command(BaseCommand):
    help = (
        "Import relations from FILE (.json: a list of relation subjects as in CONTRACT.md; "
        ".csv or .xlsx: the sheet of docs/import.md). Upserts by id, all or nothing. "
        "An invalid file changes nothing: its problems go to stderr and the exit status is 2."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the .json, .csv or .xlsx file")
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file and report, store nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        limit = settings.INTREL_MAX_UPLOAD_BYTES
        try:
            # The same size limit as the import page, before the file is read into memory.
            size = path.stat().st_size
            if size > limit:
                raise CommandError(
                    _("%(file)s is %(size)s; at most %(limit)s can be imported.")
                    % {
                        "file": path.name,
                        "size": filesizeformat(size),
                        "limit": filesizeformat(limit),
                    }
                    + " "
                    + _("Split the file, or ask the application manager to raise the limit."),
                    returncode=2,
                )
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}", returncode=2) from exc
        show = options["verbosity"] >= 2 or sys.stderr.isatty()

        def progress(done: int, total: int) -> None:
            if show and total > 0:
                self.stderr.write(f"\r{done}/{total} stored and assessed", ending="")

        # Read, check once and store in one go (services.import_file): nothing is stored
        # unless every row passes.
        try:
            batch = import_file(
                filename=path.name,
                content=content,
                dry_run=options["dry_run"],
                progress=progress,
            )
        except DomainError as exc:
            raise CommandError(exc.message, returncode=2) from exc
        if show and batch.state == ImportState.COMMITTED:
            self.stderr.write("")
        if batch.problems:
            self._fail(batch)
        self.stdout.write(
            _("%(file)s: %(n)d relation(s) read, no problems.")
            % {"file": path.name, "n": batch.row_count}
        )
        if options["dry_run"]:
            batch.delete()
            self.stdout.write(_("Dry run: nothing stored."))
            return
        self.stdout.write(
            self.style.SUCCESS(
                _("Created %(created)d, updated %(updated)d relation(s).")
                % {"created": batch.created_count, "updated": batch.updated_count}
            )
        )

    def _fail(self, batch: ImportBatch) -> None:
        for p in batch.problems:
            self.stderr.write(problem_line(p))
        raise CommandError(
            # All of them, also those the batch does not list (services.PROBLEMS_STORED).
            _("%(n)d problem(s) in the file; nothing was saved.") % {"n": batch.problem_count},
            returncode=2,
        )
