import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from intrel.scale import services
from intrel.scale.services import register_holds_scale_data, register_is_empty, scale_generate

# Bounds: 1,000,000 relations are about 10 million activities and 5 million ledger rows.
MAX_RELATIONS = 1_000_000
MAX_BATCH = 50_000


class Command(BaseCommand):
    help = (
        "Fill the register with a seeded, reproducible data set at national scale for the "
        "benchmarks (issue 19, docs/performance.md): relations with partner cities from the "
        "twin-towns list, 10 activities, 1 initiative, 2 allocations with 5 ledger entries each, "
        "agreements, involvements, parties, and their assessments, written in bulk."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--relations", type=int, default=100_000, help="How many (100,000).")
        parser.add_argument("--seed", type=int, default=19, help="The random seed (19).")
        parser.add_argument(
            "--batch-size", type=int, default=2000, help="Relations per transaction (2,000)."
        )
        parser.add_argument(
            "--no-assess", action="store_true", help="Leave the relations unassessed."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add to a register that already holds relations (e.g. the demo).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count = options["relations"]
        if count < 1 or options["batch_size"] < 1:
            raise CommandError("--relations and --batch-size: give a number of at least 1.")
        if count > MAX_RELATIONS or options["batch_size"] > MAX_BATCH:
            raise CommandError(
                f"--relations: at most {MAX_RELATIONS:,}; --batch-size: at most {MAX_BATCH:,} "
                "(each relation brings ten activities and more; a larger set is for a larger "
                "machine: change the limits here)."
            )
        if not services.TWIN_CITIES.is_file():
            raise CommandError(f"The twin-towns list is not at {services.TWIN_CITIES}.")
        if not register_is_empty() and not options["force"]:
            raise CommandError(
                "The register already holds relations: generate into an empty database, or "
                "give --force to add to it."
            )
        if register_holds_scale_data():
            raise CommandError(
                "The register already holds generated data: generate into a new database."
            )
        began = time.perf_counter()
        last = [0.0]

        def progress(what: str, done: int, total: int) -> None:
            now = time.perf_counter()
            if done == total or now - last[0] > 5:
                last[0] = now
                self.stdout.write(f"  {what}: {done:,}/{total:,} ({now - began:.0f} s)")

        report = scale_generate(
            relations=count,
            seed=options["seed"],
            batch_size=options["batch_size"],
            assess=not options["no_assess"],
            progress=progress,
        )
        seconds = report.seconds or {}
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {report.relations:,} relations ({report.partners:,} partner cities), "
                f"{report.activities:,} activities, {report.initiatives:,} initiatives, "
                f"{report.agreements:,} agreements, {report.involvements:,} involvements, "
                f"{report.allocations:,} allocations, {report.ledger_entries:,} ledger entries, "
                f"{report.assessments:,} assessments in {time.perf_counter() - began:.1f} s "
                f"(register {seconds.get('register', 0):.1f} s, "
                f"assessments {seconds.get('assessments', 0):.1f} s)."
            )
        )
