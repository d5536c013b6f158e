from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from intrel.demo.services import demo_is_loaded, demo_load


class Command(BaseCommand):
    help = "Load Helmond's relations as demo data (docs/demo-data.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Only when the register holds no relations yet (what make run does).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and demo_is_loaded():
            self.stdout.write("The register already holds relations; demo data not loaded.")
            return
        self.stdout.write("Loading the Helmond demo data ...")
        relations = demo_load()
        self.stdout.write(self.style.SUCCESS(f"Loaded {len(relations)} relations of Helmond."))
