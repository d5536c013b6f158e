"""``intrel impact``: the review's impact analysis over the database (CONTRACT.md)."""

import datetime
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from tempfile import SpooledTemporaryFile
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from intrel.policy import Framework, FrameworkError, UnknownFrameworkError, load_framework
from intrel.reviews.exports import FORMATS, impact_export, impact_json_write


def _framework(option: str, value: str) -> Framework:
    try:
        return load_framework(value)
    except UnknownFrameworkError as exc:
        raise CommandError(f"{option}: {exc}", returncode=2) from exc
    except FrameworkError as exc:
        raise CommandError(
            f"{option}: {value}: invalid framework file: {exc}", returncode=2
        ) from exc


MAX_WORKERS = 64


def _workers(value: str | None) -> int:
    if value is None:
        try:
            cores = len(os.sched_getaffinity(0))
        except AttributeError:  # not on Linux
            cores = os.cpu_count() or 1
        return max(1, min(cores, MAX_WORKERS))
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= MAX_WORKERS:
        raise CommandError(
            f"--workers: not a whole number from 1 to {MAX_WORKERS}: {value[:40]}", returncode=2
        )
    return int(value)


class Command(BaseCommand):
    help = (
        "The review's impact analysis: every current relation (and the committee and budget "
        "lines) assessed, the registered situation beside what the framework asks, strict "
        "(IMP-1) and honouring agreements (IMP-3), in totals. "
        "intrel impact --framework helmond-2013 --as-of 2014-01-01 [--compare-to FRAMEWORK] "
        "--format json|xlsx|pdf|docx [--output FILE] [--workers N]"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--framework", help="Framework id (default: the installation's).")
        parser.add_argument("--as-of", help="YYYY-MM-DD (default: today).")
        parser.add_argument("--compare-to", help="A second framework id to set beside it.")
        parser.add_argument("--format", default="json", help="json (default), xlsx, pdf or docx.")
        parser.add_argument("--output", help="File to write (default: standard output).")
        parser.add_argument(
            "--language", default="nl", help="nl (default) or en, for xlsx/pdf/docx."
        )
        parser.add_argument(
            "--workers",
            help="For json: processes that assess a part of the register each (default: one "
            "per CPU core; 1: this process only).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        fmt = options["format"]
        if fmt not in FORMATS:
            raise CommandError(
                f"--format: {fmt!r} is not one of {', '.join(FORMATS)}", returncode=2
            )
        if options["language"] not in ("nl", "en"):
            raise CommandError(f"--language: {options['language']!r} is not nl or en", returncode=2)
        as_of = datetime.date.today()
        if options["as_of"]:
            try:
                as_of = datetime.date.fromisoformat(options["as_of"])
            except ValueError:
                raise CommandError(
                    f"--as-of: {options['as_of']!r} is not a date (YYYY-MM-DD)", returncode=2
                ) from None
        workers = _workers(options["workers"])
        framework = _framework(
            "--framework", options["framework"] or settings.INTREL_DEFAULT_FRAMEWORK
        )
        compare_to = (
            _framework("--compare-to", options["compare_to"]) if options["compare_to"] else None
        )
        if fmt == "json":
            self._json(framework, as_of, compare_to, options["output"], workers)
            return
        content = impact_export(
            framework=framework,
            as_of=as_of,
            compare_to=compare_to,
            fmt=fmt,
            language=options["language"],
        )
        if options["output"]:
            try:
                Path(options["output"]).write_bytes(content)
            except OSError as exc:
                raise CommandError(
                    f"--output: {exc.strerror}: {options['output']}", returncode=2
                ) from exc
            return
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None or sys.stdout.isatty():
            raise CommandError(
                f"--format {fmt} writes a binary file: give --output FILE", returncode=2
            )
        buffer.write(content)
        buffer.flush()

    def _json(
        self,
        framework: Framework,
        as_of: datetime.date,
        compare_to: Framework | None,
        output: str | None,
        workers: int,
    ) -> None:
        """The JSON written as the relations are assessed (issue 19: the register's document
        is never held whole). To a file: straight into it, removed again if the analysis
        fails. To standard output: through a temporary file (8 MB in memory, then disk), so
        that a failure leaves standard output empty."""

        def write_through(write: Callable[[str], Any]) -> None:
            impact_json_write(
                write, framework=framework, as_of=as_of, compare_to=compare_to, workers=workers
            )

        if output:
            path = Path(output)
            try:
                target = path.open("w", encoding="utf-8", newline="")
            except OSError as exc:
                raise CommandError(f"--output: {exc.strerror}: {output}", returncode=2) from exc
            # A half-written document is removed; a device or a link (/dev/stdout) is left be.
            removable = not path.is_symlink() and stat.S_ISREG(os.fstat(target.fileno()).st_mode)
            try:
                with target:
                    write_through(target.write)
            except BaseException as exc:
                if removable:
                    path.unlink(missing_ok=True)
                if isinstance(exc, OSError) and exc.strerror:
                    raise CommandError(f"--output: {exc.strerror}: {output}", returncode=2) from exc
                raise
            return
        with SpooledTemporaryFile(max_size=8 << 20, mode="w+", encoding="utf-8") as spool:
            write_through(spool.write)
            spool.seek(0)
            while chunk := spool.read(1 << 20):
                self.stdout.write(chunk, ending="")
