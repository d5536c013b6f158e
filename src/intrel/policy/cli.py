"""Command-line logic, in plain Python: every entry point takes an argv list and file-like
objects and returns the exit status (it never calls ``sys.exit``). The Django management
commands and ``python -m intrel.policy`` wrap these.

Exit statuses: 0 success; 1 an invalid framework file; 2 a usage error, invalid input, an
unknown framework or a bad ``--as-of``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import tempfile
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import date
from itertools import chain, islice
from pathlib import Path
from typing import IO, Any, NoReturn

from intrel.policy.compare import compare_frameworks
from intrel.policy.decision import dumps, encode_decision
from intrel.policy.diff import framework_diff
from intrel.policy.engine import evaluate
from intrel.policy.framework import (
    Framework,
    FrameworkError,
    UnknownFrameworkError,
    known_frameworks,
    load_framework,
    load_framework_file,
    os_reason,
)
from intrel.policy.schemas import SCHEMA_DIR, generate, render
from intrel.policy.subjects import (
    Problem,
    Subject,
    SubjectError,
    in_date_range,
    iter_subjects,
    parse_date,
    parse_item,
    parse_subjects,
)


class _Exit(Exception):
    def __init__(self, status: int, lines: list[str] | None = None) -> None:
        self.status = status
        self.lines = lines or []


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that writes to the given streams and raises instead of exiting."""

    def __init__(self, *args: Any, out: IO[str], err: IO[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._out = out
        self._err = err

    def _print_message(self, message: str, file: Any = None) -> None:
        if message:
            (self._out if file is None else self._err).write(message)

    def print_help(self, file: Any = None) -> None:
        self._out.write(self.format_help())

    def print_usage(self, file: Any = None) -> None:
        self._err.write(self.format_usage())

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            self._err.write(message)
        raise _Exit(status)

    def error(self, message: str) -> NoReturn:
        self.print_usage()
        self.exit(2, f"{self.prog}: error: {message}\n")


def _parse_as_of(value: str) -> date:
    """``--as-of`` read as a subject's ``as_of`` is (``subjects.parse_date``, in range)."""
    day = parse_date(value)
    if day is not None and in_date_range(day):
        return day
    raise ValueError(value)


def _as_of_option(value: str | None, option: str = "--as-of") -> date | None:
    """The ``--as-of`` option, or None; raises ``_Exit(2)`` naming it."""
    if value is None:
        return None
    try:
        return _parse_as_of(value)
    except ValueError:
        raise _Exit(
            2, [f"{option}: not a date between 1800-01-01 and 2200-12-31 (YYYY-MM-DD): {value}"]
        ) from None


def _framework_option(value: str, name: str = "") -> Framework:
    """A framework named on the command line; ``_Exit(2)`` when unknown, ``_Exit(1)`` when
    its file is invalid. ``name`` (``A``, ``B``) prefixes the message."""
    prefix = f"{name}: " if name else ""
    try:
        return framework_from_argument(value)
    except UnknownFrameworkError as exc:
        raise _Exit(2, [f"{prefix}{exc}"]) from None
    except FrameworkError as exc:
        raise _Exit(1, [f"{prefix}{line}" for line in str(exc).splitlines()]) from None


# json's messages, in the engine's words (matched on their start: some end in a quote).
_JSON_REASONS = (
    ("Expecting value", "a value is expected"),
    ("Expecting property name", "a field name in double quotes is expected"),
    ("Expecting ':'", "a colon is expected"),
    ("Expecting ','", "a comma is expected"),
    ("Extra data", "text after the end of the JSON value"),
    ("Unterminated string", "a text is not closed"),
    ("Invalid control character", "a control character inside a text"),
    ("Invalid \\escape", "an invalid escape inside a text"),
    ("Invalid \\uXXXX escape", "an invalid escape inside a text"),
)


def _json_problem(exc: json.JSONDecodeError) -> str:
    """``input: not valid JSON: line L column C: <reason>``, the reason in our words."""
    reason = next(
        (ours for theirs, ours in _JSON_REASONS if exc.msg.startswith(theirs)),
        "not JSON",
    )
    return f"input: not valid JSON: line {exc.lineno} column {exc.colno}: {reason}"


# ``json`` decodes recursively: input nested deeper than Python's recursion limit (about a
# thousand levels; no subject is more than four deep) raises RecursionError, not a
# JSONDecodeError.
_TOO_DEEP = "input: the JSON is nested too deeply"


_CHUNK = 1 << 20  # characters read at a time when streaming the input
_WHITESPACE = " \t\n\r"
_NUMBER_CHARS = "0123456789.eE+-"


class _JsonStream:
    """The ``--input`` JSON read as it comes: a list is decoded item by item (so a file of
    any length is never held whole), any other value at once. Raises ``_Exit(2)`` with the
    same lines as reading the whole file would (``input: not valid JSON: line L column C:
    ...``, counted in the whole file)."""

    def __init__(self, name: str, stdin: IO[str]) -> None:
        self.name = name
        try:
            self._file: IO[str] = stdin if name == "-" else open(name, encoding="utf-8")  # noqa: SIM115
        except OSError as exc:
            raise _Exit(2, [f"input: cannot read {name}: {os_reason(exc)}"]) from None
        self._buf = ""
        self._pos = 0
        self._eof = False
        self._line = 1  # line and column (0-based) of the start of ``_buf`` in the file
        self._col = 0
        self._decoder = json.JSONDecoder()

    def close(self) -> None:
        if self.name != "-":
            self._file.close()

    def _more(self) -> bool:
        """Read the next chunk; False at the end of the input."""
        if self._eof:
            return False
        try:
            chunk = self._file.read(_CHUNK)
        except OSError as exc:
            raise _Exit(2, [f"input: cannot read {self.name}: {os_reason(exc)}"]) from None
        except UnicodeDecodeError:
            raise _Exit(2, [f"input: {self.name} is not UTF-8 text"]) from None
        if not chunk:
            self._eof = True
            return False
        # Drop what has been decoded, keeping the file position of the buffer's start.
        done = self._buf[: self._pos]
        newlines = done.count("\n")
        if newlines:
            self._line += newlines
            self._col = len(done) - done.rfind("\n") - 1
        else:
            self._col += len(done)
        self._buf = self._buf[self._pos :] + chunk
        self._pos = 0
        return True

    def _error(self, msg: str, pos: int) -> _Exit:
        before = self._buf[:pos]
        newlines = before.count("\n")
        line = self._line + newlines
        col = pos - before.rfind("\n") if newlines else self._col + pos + 1
        exc = json.JSONDecodeError(msg, " ", 0)
        exc.msg, exc.lineno, exc.colno = msg, line, col
        return _Exit(2, [_json_problem(exc)])

    def _skip_space(self) -> str:
        """The next character that is not white space ("" at the end of the input)."""
        while True:
            while self._pos < len(self._buf) and self._buf[self._pos] in _WHITESPACE:
                self._pos += 1
            if self._pos < len(self._buf):
                return self._buf[self._pos]
            if not self._more():
                return ""

    def _value(self) -> Any:
        """Decode the value at the position, reading more input while it is incomplete."""
        while True:
            try:
                value, end = self._decoder.raw_decode(self._buf, self._pos)
            except json.JSONDecodeError as exc:
                if self._more():
                    continue
                raise self._error(exc.msg, exc.pos) from None
            except RecursionError:
                raise _Exit(2, [_TOO_DEEP]) from None
            # A number cut by the end of a chunk ("1" of "1.5e3") may continue in the next.
            if (
                not self._eof
                and isinstance(value, int | float)
                and not self._buf[end:].strip(_NUMBER_CHARS)
                and self._more()
            ):
                continue
            self._pos = end
            return value

    def read(self) -> tuple[bool, Any]:
        """``(True, iterator of the list's items)`` for a list, else ``(False, the value)``."""
        first = self._skip_space()
        if first != "[":
            while self._more():
                pass
            try:
                return False, json.loads(self._buf)
            except json.JSONDecodeError as exc:
                # Counted from the buffer's start in the file (leading space may be gone).
                raise self._error(exc.msg, exc.pos) from None
            except RecursionError:
                raise _Exit(2, [_TOO_DEEP]) from None
        self._pos += 1
        return True, self._items()

    def _items(self) -> Iterator[Any]:
        if self._skip_space() == "]":
            self._pos += 1
        else:
            while True:
                yield self._value()
                sep = self._skip_space()
                if sep == "]":
                    self._pos += 1
                    break
                if sep != ",":
                    raise self._error("Expecting ',' delimiter", self._pos)
                self._pos += 1
                if self._skip_space() == "]":  # "[1,]": json says a value is expected
                    raise self._error("Expecting value", self._pos)
        if self._skip_space():
            raise self._error("Extra data", self._pos)


def _input_subjects(stream: _JsonStream, problems: list[Problem]) -> tuple[bool, Iterator[Subject]]:
    """The subjects of ``--input`` as they are read, and whether the input is a list.

    One object: its subject (or ``_Exit(2)`` with its problems). A list: its items validated
    one by one; every problem (and every duplicate id) goes to ``problems`` and no further
    subject is yielded after the first one, but the rest of the list is still read and
    validated, so that the caller, once the iterator is spent, reports every problem of the
    input (``_Exit(2)`` when ``problems`` is not empty). ``intrel assess`` and ``intrel policy
    compare`` read their input through this one function."""
    is_list, data = stream.read()
    if not is_list:
        try:
            return False, iter(parse_subjects(data))
        except SubjectError as exc:
            raise _Exit(2, [str(problem) for problem in exc.problems]) from None

    def valid() -> Iterator[Subject]:
        for subject in iter_subjects(data, problems):
            if not problems:  # invalid input: keep validating, stop yielding
                yield subject

    return True, valid()


def framework_from_argument(value: str) -> Framework:
    """The operator's ``--framework``: a registered id, or a path to a YAML file.

    Only the command line may name a framework by path (an operator's own file); requests
    name frameworks by id (:func:`intrel.policy.load_framework`).
    """
    if value.endswith((".yaml", ".yml")) or os.sep in value or (os.altsep or os.sep) in value:
        return load_framework_file(value)
    return load_framework(value)


def assess_main(argv: list[str], stdin: IO[str], stdout: IO[str], stderr: IO[str]) -> int:
    """``intrel assess --framework ID --input FILE.json [--as-of YYYY-MM-DD]``.

    ``argv`` is what follows ``assess``. One subject in, one decision out; a list in, a list
    out. ``-`` reads ``stdin``. On invalid input nothing is written to ``stdout``.
    """
    parser = _Parser(
        prog="intrel assess",
        description="Assess subjects against a framework; print the decisions as JSON.",
        out=stdout,
        err=stderr,
    )
    parser.add_argument("--framework", required=True, help="framework id or YAML file")
    parser.add_argument("--input", required=True, help="JSON file, or - for standard input")
    parser.add_argument("--as-of", help="YYYY-MM-DD; overrides the subjects' own as_of")
    parser.add_argument(
        "--workers",
        help="processes that validate and assess a list's items in parallel "
        "(default: one per CPU core; 1: this process only)",
    )
    try:
        args = parser.parse_args(argv)
    except _Exit as exc:
        return exc.status

    try:
        as_of = _as_of_option(args.as_of)
        workers = _workers_option(args.workers)
        framework = _framework_option(args.framework)
    except _Exit as exc:
        for line in exc.lines:
            stderr.write(f"{line}\n")
        return exc.status

    try:
        return _assess_stream(framework, as_of, args.input, stdin, stdout, workers)
    except _Exit as exc:
        for line in exc.lines:
            stderr.write(f"{line}\n")
        return exc.status


def _workers_option(value: str | None) -> int:
    if value is None:
        return _default_workers()
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= _MAX_WORKERS:
        raise _Exit(2, [f"--workers: not a whole number from 1 to {_MAX_WORKERS}: {value[:40]}"])
    return int(value)


def _default_workers() -> int:
    try:
        return max(1, min(len(os.sched_getaffinity(0)), _MAX_WORKERS))
    except AttributeError:  # not on Linux
        return max(1, min(os.cpu_count() or 1, _MAX_WORKERS))


# A list's items go to the workers in batches of this many (big enough that sending a batch
# costs little beside assessing it, small enough to keep every worker busy to the end).
_BATCH = 200
_MAX_WORKERS = 64

# One item's result: ((subject type, id, index), its decision as indented JSON) when it is
# valid, else (None, its problems).
_ItemResult = tuple[tuple[str, str, int] | None, str | list[Problem]]

# The framework and date a forked worker assesses with (set before the pool forks).
_WORKER_JOB: tuple[Framework, date | None] | None = None


def _assess_items(
    framework: Framework, as_of: date | None, offset: int, items: list[Any]
) -> list[_ItemResult]:
    """Validate, assess and encode a batch of a list's items (``offset``: the first one's
    index). Duplicate ids are left to the caller, which sees every batch."""
    results: list[_ItemResult] = []
    for index, item in enumerate(items, offset):
        try:
            subject = parse_item(item, index)
        except SubjectError as exc:
            results.append((None, exc.problems))
            continue
        decision = evaluate(framework, subject, as_of).to_dict()
        results.append(((subject.subject, subject.id, index), encode_decision(decision, 1)))
    return results


def _assess_job(offset: int, items: list[Any]) -> list[_ItemResult]:
    """:func:`_assess_items` in a worker, with the framework and date it was forked with."""
    assert _WORKER_JOB is not None
    framework, as_of = _WORKER_JOB
    return _assess_items(framework, as_of, offset, items)


def _batches(items: Iterator[Any]) -> Iterator[tuple[int, list[Any]]]:
    offset = 0
    while batch := list(islice(items, _BATCH)):
        yield offset, batch
        offset += len(batch)


def _assessed_batches(
    framework: Framework, as_of: date | None, items: Iterator[Any], workers: int
) -> Iterator[list[_ItemResult]]:
    """Every batch's results, in the list's order. With more than one worker and more than
    one batch, forked processes assess the batches while this one reads the next (at most
    two batches per worker wait, so memory stays bounded whatever the file's size)."""
    batches = _batches(items)
    first = next(batches, None)
    if first is None:
        return
    second = next(batches, None)
    if second is None or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield _assess_items(framework, as_of, *first)
        if second is not None:
            yield _assess_items(framework, as_of, *second)
        for batch in batches:
            yield _assess_items(framework, as_of, *batch)
        return
    global _WORKER_JOB
    _WORKER_JOB = (framework, as_of)
    pending: deque[Future[list[_ItemResult]]] = deque()
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        try:
            for batch in chain((first, second), batches):
                pending.append(pool.submit(_assess_job, *batch))
                if len(pending) >= 2 * workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()
            _WORKER_JOB = None


def _assess_stream(
    framework: Framework,
    as_of: date | None,
    name: str,
    stdin: IO[str],
    stdout: IO[str],
    workers: int = 1,
) -> int:
    """Read, validate, assess and write subject by subject (memory bounded by a few batches
    and their decisions, not the file). The decisions wait in a spooled temporary file
    (memory up to 8 MB, then disk) until the whole input has proved valid: on invalid input
    nothing reaches ``stdout``. The bytes are those of ``dumps`` over the list of decisions,
    whatever the number of workers; the problems are those :func:`iter_subjects` finds, in
    the list's order."""
    stream = _JsonStream(name, stdin)
    try:
        is_list, data = stream.read()
        if not is_list:
            try:
                subject = parse_subjects(data)[0]
            except SubjectError as exc:
                raise _Exit(2, [str(problem) for problem in exc.problems]) from None
            stdout.write(dumps(evaluate(framework, subject, as_of).to_dict()))
            return 0
        problems: list[Problem] = []
        seen: set[tuple[str, str]] = set()
        with tempfile.SpooledTemporaryFile(
            max_size=8 << 20, mode="w+", encoding="utf-8", newline=""
        ) as spool:
            count = 0
            for results in _assessed_batches(framework, as_of, data, workers):
                for key, outcome in results:
                    if key is None:
                        assert isinstance(outcome, list)
                        problems.extend(outcome)
                        continue
                    subject_type, subject_id, index = key
                    if (subject_type, subject_id) in seen:
                        problems.append(
                            Problem(subject_id, "id", "duplicate id", subject_type, index)
                        )
                        continue
                    seen.add((subject_type, subject_id))
                    if problems:  # invalid input: keep validating, stop writing
                        continue
                    assert isinstance(outcome, str)
                    spool.write(",\n  " if count else "[\n  ")
                    spool.write(outcome)
                    count += 1
            if problems:
                raise _Exit(2, [str(problem) for problem in problems])
            spool.write("\n]\n" if count else "[]\n")
            spool.seek(0)
            shutil.copyfileobj(spool, stdout, _CHUNK)
        return 0
    finally:
        stream.close()


def policy_check_main(argv: list[str], stdout: IO[str], stderr: IO[str]) -> int:
    """``intrel policy check [FILE|ID ...]``: validate framework files.

    No argument: every known framework. Prints ``OK <id> ...`` per good file on ``stdout``
    and one line per problem on ``stderr``; exit 1 if any file is invalid, 2 on usage errors
    (including a file or id that does not exist).
    """
    parser = _Parser(
        prog="intrel policy check",
        description="Validate framework files (default: all known frameworks).",
        out=stdout,
        err=stderr,
    )
    parser.add_argument("files", nargs="*", help="framework YAML files or ids")
    try:
        args = parser.parse_args(argv)
    except _Exit as exc:
        return exc.status

    targets: list[Path] = []
    try:
        known = known_frameworks()
    except FrameworkError as exc:
        stderr.write(f"{exc}\n")
        return 1
    if not args.files:
        if not known:
            stderr.write("no framework files found\n")
            return 2
        targets = list(known.values())
    for name in args.files:
        path = Path(name)
        if path.is_file():
            targets.append(path)
        elif name in known:
            targets.append(known[name])
        else:
            stderr.write(f"{name}: no such file or known framework\n")
            return 2
    status = 0
    for path in targets:
        try:
            framework = load_framework_file(path)
        except FrameworkError as exc:
            for problem in exc.problems:
                stderr.write(f"{path}: {problem}\n")
            stdout.write(f"INVALID {path} ({len(exc.problems)} problem(s))\n")
            status = 1
            continue
        rules = sum(len(r) for r in framework.rules.values())
        stdout.write(
            f"OK {framework.id} version {framework.version}: {len(framework.clauses)} clauses, "
            f"{len(framework.spec.routing)} routes, {rules} rules ({path})\n"
        )
    return status


def schemas_main(argv: list[str], stdout: IO[str], stderr: IO[str]) -> int:
    """``intrel policy schemas [--out DIR | --print | --check]``.

    Default: write the four schema files into ``docs/schemas``. ``--print``: print them as
    one JSON object (file name -> schema). ``--check``: exit 1 if the files differ.
    """
    parser = _Parser(
        prog="intrel policy schemas",
        description="Generate the JSON Schemas of the subjects and of the decision.",
        out=stdout,
        err=stderr,
    )
    parser.add_argument("--out", default=str(SCHEMA_DIR), help="directory to write into")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--print", action="store_true", help="print instead of writing")
    group.add_argument("--check", action="store_true", help="fail if the files differ")
    try:
        args = parser.parse_args(argv)
    except _Exit as exc:
        return exc.status
    schemas = generate()
    if args.print:
        stdout.write(render(schemas))
        return 0
    out = Path(args.out)
    if args.check:
        stale = [
            name
            for name, schema in schemas.items()
            if not (out / name).is_file() or (out / name).read_text("utf-8") != render(schema)
        ]
        for name in stale:
            stderr.write(f"{out / name}: out of date; run: intrel policy schemas\n")
        return 1 if stale else 0
    out.mkdir(parents=True, exist_ok=True)
    for name, schema in schemas.items():
        (out / name).write_text(render(schema), encoding="utf-8")
        stdout.write(f"wrote {out / name}\n")
    return 0


def compare_main(argv: list[str], stdin: IO[str], stdout: IO[str], stderr: IO[str]) -> int:
    """``intrel policy compare A B --input FILE.json [--as-of YYYY-MM-DD]``.

    Assesses every subject under A and under B (ids or YAML files) and prints one JSON
    object: the subjects whose owner, pillars, findings or actions differ (matched by code,
    actions by code and ``effective_from``), and the count of those that do not
    (:meth:`FrameworkComparison.to_dict`). Exit statuses as for ``assess``.
    """
    parser = _Parser(
        prog="intrel policy compare",
        description=(
            "Assess the same subjects under two frameworks and print, as JSON, what differs."
        ),
        out=stdout,
        err=stderr,
    )
    parser.add_argument("a", metavar="A", help="framework id or YAML file (before)")
    parser.add_argument("b", metavar="B", help="framework id or YAML file (after)")
    parser.add_argument("--input", required=True, help="JSON file, or - for standard input")
    parser.add_argument("--as-of", help="YYYY-MM-DD; overrides the subjects' own as_of")
    try:
        args = parser.parse_args(argv)
        as_of = _as_of_option(args.as_of)
        a = _framework_option(args.a, "A")
        b = _framework_option(args.b, "B")
        # Streamed as ``assess`` reads: one subject and its two decisions at a time; only
        # the subjects with a difference are kept (to be listed in order), the rest counted.
        stream = _JsonStream(args.input, stdin)
        try:
            problems: list[Problem] = []
            _is_list, subjects = _input_subjects(stream, problems)
            result = compare_frameworks(a, b, subjects, as_of)
            if problems:
                raise _Exit(2, [str(problem) for problem in problems])
        finally:
            stream.close()
    except _Exit as exc:
        for line in exc.lines:
            stderr.write(f"{line}\n")
        return exc.status
    stdout.write(dumps(result.to_dict()))
    return 0


def diff_main(argv: list[str], stdout: IO[str], stderr: IO[str]) -> int:
    """``intrel policy diff A B``: the two framework files' parameters and rules side by
    side (text: only in A, only in B, changed values; by path). Exit 0 whether or not they
    differ; 2 for an unknown framework or a usage error, 1 for an invalid file."""
    parser = _Parser(
        prog="intrel policy diff",
        description="Show two framework files' parameters and rules side by side.",
        out=stdout,
        err=stderr,
    )
    parser.add_argument("a", metavar="A", help="framework id or YAML file")
    parser.add_argument("b", metavar="B", help="framework id or YAML file")
    try:
        args = parser.parse_args(argv)
        a = _framework_option(args.a, "A")
        b = _framework_option(args.b, "B")
    except _Exit as exc:
        for line in exc.lines:
            stderr.write(f"{line}\n")
        return exc.status
    stdout.write(framework_diff(a, b).to_text())
    return 0


_USAGE = (
    "usage: python -m intrel.policy assess --framework ID --input FILE [--as-of DATE]\n"
    "       python -m intrel.policy check [FILE ...]\n"
    "       python -m intrel.policy compare A B --input FILE [--as-of DATE]\n"
    "       python -m intrel.policy diff A B\n"
    "       python -m intrel.policy schemas [--out DIR | --print | --check]\n"
)


def main(argv: list[str], stdin: IO[str], stdout: IO[str], stderr: IO[str]) -> int:
    """Dispatch ``assess``, ``check``, ``compare``, ``diff`` and ``schemas`` (each also
    after ``policy``)."""
    if argv[:2] == ["policy", "compare"]:
        return compare_main(argv[2:], stdin, stdout, stderr)
    if argv[:2] == ["policy", "diff"]:
        return diff_main(argv[2:], stdout, stderr)
    if argv[:1] == ["compare"]:
        return compare_main(argv[1:], stdin, stdout, stderr)
    if argv[:1] == ["diff"]:
        return diff_main(argv[1:], stdout, stderr)
    if argv[:2] == ["policy", "check"]:
        return policy_check_main(argv[2:], stdout, stderr)
    if argv[:2] == ["policy", "schemas"]:
        return schemas_main(argv[2:], stdout, stderr)
    if argv and argv[0] == "assess":
        return assess_main(argv[1:], stdin, stdout, stderr)
    if argv and argv[0] == "check":
        return policy_check_main(argv[1:], stdout, stderr)
    if argv and argv[0] == "schemas":
        return schemas_main(argv[1:], stdout, stderr)
    if argv and argv[0] in ("-h", "--help"):
        stdout.write(_USAGE)
        return 0
    stderr.write(_USAGE)
    return 2
