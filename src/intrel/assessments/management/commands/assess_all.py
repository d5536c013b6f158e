import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from intrel.assessments.services import relations_assess_all
from intrel.assessments.subjects import budget_lines_assess_all, committees_assess_all
from intrel.policy import UnknownFrameworkError, load_framework
from intrel.relations.services import relations_end_due

# The other subjects of the contract (keyword arguments framework_id and as_of, returns how
# many were assessed); their facts come from the app that owns them (assessments/subjects.py).
OTHER_SUBJECTS = {
    "committees": committees_assess_all,
    "budget lines": budget_lines_assess_all,
}


class Command(BaseCommand):
    help = (
        "End the relations whose notice took effect, then re-assess every relation, committee "
        "and budget line against the framework (run daily by a timer, and after a framework "
        "changes); stores a new assessment only where the "
        "facts, the framework or the decision changed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--framework", help="Framework id (default: the installation's).")
        parser.add_argument("--as-of", type=datetime.date.fromisoformat, help="YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["framework"]:
            try:
                load_framework(options["framework"])
            except UnknownFrameworkError as exc:
                raise CommandError(str(exc)) from exc

        # First the endings that took effect (issue 14): a relation being ended becomes ended on
        # the date its notice, or the partner's ending, takes effect, so it is assessed as such.
        # Only as of today: a run --as-of another date ends nothing.
        if options["as_of"] is None:
            for relation in relations_end_due(today=timezone.localdate()):
                self.stdout.write(f"{relation.slug}: ended on {relation.end_date}.")

        def progress(done: int, total: int) -> None:
            if done == total or done % 500 == 0:
                self.stdout.write(f"  {done}/{total} relations assessed", ending="\r")
                self.stdout.flush()

        seen, new = relations_assess_all(
            framework_id=options["framework"], as_of=options["as_of"], progress=progress
        )
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"{seen} relations assessed; {new} new or changed decisions.")
        )
        for label, assess_all in OTHER_SUBJECTS.items():
            count = assess_all(framework_id=options["framework"], as_of=options["as_of"])
            self.stdout.write(self.style.SUCCESS(f"{count} {label} assessed."))
