"""intrel seed_twin_towns: propose the municipality's twin towns from the public list."""

import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from intrel.core.errors import DomainError
from intrel.imports.parsers import problem_line
from intrel.imports.twin_towns import twin_towns_seed, unreadable_row_count

# The list beside the repository in the shared workspace (../shared/data/twin-cities/).
DEFAULT_FILE = settings.BASE_DIR.parent / "shared" / "data" / "twin-cities" / "twin_cities.csv"


class Command(BaseCommand):
    help = (
        "Propose the twin towns of the municipality from the twin-towns list as unverified "
        "relations (status proposed). Never overwrites a partner already in the register; "
        "reports every row of the list it cannot read."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", default=str(DEFAULT_FILE), help="the twin_cities.csv")
        parser.add_argument(
            "--municipality",
            default=settings.INTREL_MUNICIPALITY,
            help="the town whose twins to propose (default: INTREL_MUNICIPALITY)",
        )
        parser.add_argument(
            "--country",
            default=settings.INTREL_MUNICIPALITY_COUNTRY,
            help="its country, a name or ISO code (default: INTREL_MUNICIPALITY_COUNTRY)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        show = options["verbosity"] >= 2 or sys.stderr.isatty()

        def progress(rows: int) -> None:
            if show:
                self.stderr.write(f"\r{rows} rows read", ending="")

        try:
            report = twin_towns_seed(
                path=options["file"],
                municipality=options["municipality"],
                country=options["country"],
                progress=progress,
            )
        except DomainError as exc:
            raise CommandError(exc.message, returncode=2) from exc
        if show:
            self.stderr.write("")
        out = self.stdout
        town = options["municipality"]
        out.write(
            _("%(rows)d rows read; %(matching)d name %(town)s.")
            % {"rows": report.rows_read, "matching": report.rows_matching, "town": town}
        )
        if not report.rows_matching:
            out.write(
                self.style.WARNING(_("No row names %(town)s: check the spelling.") % {"town": town})
            )
        for item in report.proposed:
            out.write("  " + _("proposed: %(partner)s (%(country)s) as %(relation)s") % item)
        for item in report.already:
            out.write(
                "  "
                + _("already in the register: %(partner)s (%(country)s) as %(relation)s") % item
            )
        out.write(
            self.style.SUCCESS(
                _("Proposed %(proposed)d new relation(s); %(already)d already in the register.")
                % {"proposed": len(report.proposed), "already": len(report.already)}
            )
        )
        if report.unreadable:
            out.write(
                self.style.WARNING(
                    _(
                        "%(rows)d row(s) of the list could not be read (%(n)d problem(s)); "
                        "listed on stderr."
                    )
                    % {"rows": unreadable_row_count(report.unreadable), "n": len(report.unreadable)}
                )
            )
            for p in report.unreadable:
                self.stderr.write(problem_line(p))
