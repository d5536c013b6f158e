"""The impact analysis as a file: JSON (CONTRACT.md), XLSX, PDF (WeasyPrint) and DOCX
(python-docx). All four hold the same numbers (the same assessments of the same register); the
JSON and the XLSX are written one relation at a time, the PDF and the DOCX list at most
:data:`DOCUMENT_RELATIONS` relations. The XLSX keeps money and hours as numbers (cells), the
PDF and DOCX as text."""

from __future__ import annotations

import io
import json
import logging
import multiprocessing
import multiprocessing.process
import pickle
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from datetime import date
from pathlib import Path
from tempfile import SpooledTemporaryFile, TemporaryDirectory
from typing import IO, Any

import orjson
from django.db import connections
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from intrel.core.exports import StreamSheet, docx_bytes, workbook_stream
from intrel.core.formatting import number as number_text
from intrel.policy import Framework

from .present import TOTALS, impact_present, plain_day, relation_view
from .selectors import (
    WHOLE,
    ImpactPass,
    Part,
    impact_difference,
    impact_page,
    register_parts,
)

FORMATS = ("json", "xlsx", "pdf", "docx")


# The PDF and the DOCX list at most this many relations (the first in id order) with the totals
# of the whole register, and say how many they leave out; the XLSX lists every one (issue 19:
# a register of 84,883 relations would be thousands of pages, made in one request).
DOCUMENT_RELATIONS = 250


def impact_export(
    *,
    framework: Framework,
    as_of: date,
    compare_to: Framework | None = None,
    fmt: str = "json",
    language: str = "nl",
) -> bytes:
    """The impact analysis over the database as the bytes of a ``fmt`` file. The JSON and the
    XLSX are written as the analysis runs, one relation at a time; the PDF and the DOCX are
    made from what the impact page keeps (``selectors.impact_page``) and their first
    :data:`DOCUMENT_RELATIONS` relations."""
    if fmt == "json":
        chunks: list[str] = []
        impact_json_write(chunks.append, framework=framework, as_of=as_of, compare_to=compare_to)
        return "".join(chunks).encode()
    if fmt == "xlsx":
        out = io.BytesIO()
        with translation.override(language):
            run = ImpactPass([framework], as_of)
            rows = ((entry, relation_view(entry, framework)) for (entry,) in run.relations())
            _impact_workbook(out, rows, lambda: run.half(0)["totals"])
        return out.getvalue()
    if fmt not in ("pdf", "docx"):
        raise ValueError(f"unknown format {fmt!r}")
    # The documents show no comparison: the analysis of ``framework`` alone.
    shown = impact_page(
        framework=framework,
        as_of=as_of,
        compare_to=None,
        page_of=lambda paginator: paginator.page(1),
        page_size=DOCUMENT_RELATIONS,
        list_limit=DOCUMENT_RELATIONS,
    )
    with translation.override(language):
        view = impact_present(shown.result, framework)
        view["relations_more"] = shown.page.paginator.count - len(view["relations"])
        return impact_pdf(view) if fmt == "pdf" else impact_docx(view)


# --- JSON, written as it is made ---------------------------------------------------------------

# ``json.dumps(indent=2)`` runs the standard library's pure-Python encoder; orjson writes the
# same bytes for what an entry holds (texts, booleans, None, whole numbers, lists, dicts with
# text keys, and money and hours rounded to two decimals: orjson and ``repr`` differ only for
# floats below 1e-4, which these never are but zero). A value orjson refuses (a lone surrogate
# in a name) goes the standard library's way. A test holds the whole document byte for byte to
# ``json.dumps`` of ``register_impact``.
_ORJSON_INDENT = orjson.OPT_INDENT_2
_INDENTS = ["\n" + "  " * level for level in range(8)]

# What is written is gathered in pieces of about this many characters (fewer, larger writes).
_FLUSH_CHARS = 1 << 20


def _encode(value: Any, level: int) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)`` as an item nested ``level`` deep."""
    try:
        text = orjson.dumps(value, option=_ORJSON_INDENT).decode()
    except (TypeError, ValueError):  # orjson.JSONEncodeError is a TypeError
        text = json.dumps(value, ensure_ascii=False, indent=2)
    return text.replace("\n", _INDENTS[level]) if level else text


class _Writer:
    def __init__(self, write: Callable[[str], Any]) -> None:
        self._write = write
        self._pieces: list[str] = []
        self._size = 0

    def __call__(self, text: str) -> None:
        self._pieces.append(text)
        self._size += len(text)
        if self._size >= _FLUSH_CHARS:
            self.flush()

    def flush(self) -> None:
        if self._pieces:
            self._write("".join(self._pieces))
            self._pieces = []
            self._size = 0


def _members(out: _Writer, values: dict[str, Any], level: int, first: bool = False) -> None:
    """``"key": value`` of each item, as the members of an object at ``level`` (after others
    unless ``first``)."""
    for key, value in values.items():
        out(
            ("" if first else ",")
            + _INDENTS[level + 1]
            + json.dumps(key, ensure_ascii=False)
            + ": "
        )
        out(_encode(value, level + 1))
        first = False


def _item(text: str, level: int) -> str:
    """A list's item (encoded at ``level + 1``) as it follows another in a list at ``level``;
    the list's first item has "[" for the ",", put in by :class:`_Items`."""
    return "," + _INDENTS[level + 1] + text


class _Items:
    """One of the lists the document holds, written (or spooled) as its items come."""

    def __init__(self, out: Callable[[str], Any], level: int) -> None:
        self.out = out
        self.level = level
        self.count = 0

    def add(self, text: str) -> None:
        item = _item(text, self.level)
        self.out(item if self.count else "[" + item[1:])
        self.count += 1

    def add_spooled(self, source: IO[str], count: int) -> None:
        """``count`` items that were spooled (each as :func:`_item` writes it)."""
        if not count:
            return
        source.seek(0)
        first = True
        while chunk := source.read(_FLUSH_CHARS):
            if first and not self.count:
                chunk = "[" + chunk[1:]
            first = False
            self.out(chunk)
        self.count += count

    def end(self) -> None:
        self.out("[]" if self.count == 0 else _INDENTS[self.level] + "]")


def _spooled_parts(
    items: _Items, first: IO[str], later: list[tuple[Path, int, int]], suffix: str, index: int
) -> None:
    """The list ``items``: the main process's part spooled in ``first``, then each worker's part
    from its file ``suffix`` (``later[i][index]`` items each), closed."""
    counts = [entry[1] if index == 1 else entry[2] for entry in later]
    items.add_spooled(first, counts[0])
    for (base, _assessed, _changes), count in zip(later[1:], counts[1:], strict=True):
        with base.with_suffix(suffix).open(encoding="utf-8") as source:
            items.add_spooled(source, count)
    items.end()


def _spool() -> IO[str]:
    return SpooledTemporaryFile(max_size=8 << 20, mode="w+", encoding="utf-8")


class _Spools:
    """With ``--compare-to``, what waits until the document reaches it: the second framework's
    relations and the differences, each item as :func:`_item` writes it."""

    def __init__(self, compare: bool) -> None:
        self.second = _spool() if compare else None
        self.changed = _spool() if compare else None
        self.changes = 0

    def add(self, entries: list[dict[str, Any]]) -> None:
        if self.second is not None and self.changed is not None:
            self.second.write(_item(_encode(entries[1], 3), 2))
            difference = impact_difference(entries[0], entries[1])
            if difference is not None:
                self.changed.write(_item(_encode(difference, 2), 1))
                self.changes += 1

    def close(self) -> None:
        for spool in (self.second, self.changed):
            if spool is not None:
                spool.close()


def _run_part(
    frameworks: list[Framework], as_of: date, part: Part, folder: str, number: int
) -> None:
    """A worker process: one part's pass, its entries into files in ``folder``, its summary
    pickled beside them."""
    base = Path(folder) / str(number)
    run = ImpactPass(frameworks, as_of, part=part)
    files = [base.with_suffix(f".{name}") for name in ("first", "second", "changed")]
    with ExitStack() as stack:
        first, second, changed = (
            stack.enter_context(path.open("w", encoding="utf-8")) for path in files
        )
        changes = 0
        for entries in run.relations():
            first.write(_item(_encode(entries[0], 2), 1))
            if len(entries) > 1:
                second.write(_item(_encode(entries[1], 3), 2))
                difference = impact_difference(entries[0], entries[1])
                if difference is not None:
                    changed.write(_item(_encode(difference, 2), 1))
                    changes += 1
    base.with_suffix(".summary").write_bytes(pickle.dumps((run.summary(), changes)))


def _worker(*args: Any) -> None:
    try:
        _run_part(*args)
    finally:
        connections.close_all()


def _forked(
    frameworks: list[Framework], as_of: date, parts: list[Part], folder: str
) -> list[multiprocessing.process.BaseProcess]:
    """A worker process per part; the database connections are closed first, so that each
    process opens its own, and the standard streams flushed (a worker flushes them as it
    ends: nothing of this process's may be in them twice)."""
    connections.close_all()
    sys.stdout.flush()
    sys.stderr.flush()
    context = multiprocessing.get_context("fork")
    workers: list[multiprocessing.process.BaseProcess] = [
        context.Process(target=_worker, args=(frameworks, as_of, part, folder, number))
        for number, part in enumerate(parts, start=1)
    ]
    for worker in workers:
        worker.start()
    return workers


def impact_workers_possible() -> bool:
    """Whether other processes see what this one reads: not inside a transaction (a test's, a
    caller's), not an in-memory SQLite database, and processes can be forked."""
    connection = connections["default"]
    in_memory = getattr(connection, "is_in_memory_db", lambda: False)()  # SQLite's
    return (
        not connection.in_atomic_block
        and not in_memory
        and "fork" in multiprocessing.get_all_start_methods()
    )


def _stop(workers: list[multiprocessing.process.BaseProcess]) -> None:
    """Workers still running when the writing stops (it failed) are stopped."""
    for worker in workers:
        if worker.exitcode is None:
            worker.terminate()
        worker.join()


def impact_json_write(
    write: Callable[[str], Any],
    *,
    framework: Framework,
    as_of: date,
    compare_to: Framework | None = None,
    workers: int = 1,
) -> None:
    """Write ``json.dumps(register_impact(...), ensure_ascii=False, indent=2)`` and a newline
    through ``write`` (a text stream's), relation by relation as they are assessed, so that
    memory does not grow with the register: the totals are kept as the relations go, and with
    ``compare_to`` the second framework's relations and the differences wait in temporary files
    (8 MB in memory, then disk) until the first framework's part is written.

    With ``workers`` above 1 (and :func:`impact_workers_possible`), the register is cut into
    as many parts by id: this process writes the first as it goes while forked processes each
    assess one of the others into temporary files, appended after it in order."""
    frameworks = [framework] if compare_to is None else [framework, compare_to]
    parts = register_parts(workers) if workers > 1 and impact_workers_possible() else [WHOLE]
    with ExitStack() as stack:
        folder = stack.enter_context(TemporaryDirectory(prefix="intrel-impact-"))
        forked = _forked(frameworks, as_of, parts[1:], folder) if len(parts) > 1 else []
        stack.callback(_stop, forked)
        spools = _Spools(compare_to is not None)
        stack.callback(spools.close)
        run = ImpactPass(frameworks, as_of, part=parts[0])
        out = _Writer(write)
        out("{")
        head = {"framework": framework.id, "framework_version": framework.version}
        _members(out, {**head, "as_of": as_of.isoformat()}, 0, first=True)
        out("," + _INDENTS[1] + '"relations": ')
        relations = _Items(out, 1)
        for entries in run.relations():
            relations.add(_encode(entries[0], 2))
            spools.add(entries)
        # (files, relations, differences) of each later part, in order.
        later: list[tuple[Path, int, int]] = [(Path(), run.assessed, spools.changes)]
        for number, worker in enumerate(forked, start=1):
            worker.join()
            if worker.exitcode != 0:
                raise RuntimeError(f"intrel impact: worker {number} stopped ({worker.exitcode})")
            base = Path(folder) / str(number)
            summary, changes = pickle.loads(base.with_suffix(".summary").read_bytes())  # noqa: S301
            run.absorb(summary)
            later.append((base, summary.assessed, changes))
        for base, assessed, _changes in later[1:]:
            with base.with_suffix(".first").open(encoding="utf-8") as source:
                relations.add_spooled(source, assessed)
        relations.end()
        half = run.half(0)
        _members(out, {k: half[k] for k in ("committees", "budget_lines", "totals")}, 0)
        _members(out, {"unassessable": run.unassessable()}, 0)
        if spools.second is not None and spools.changed is not None:
            other = run.half(1)
            out("," + _INDENTS[1] + '"compare_to": {')
            _members(
                out, {k: other[k] for k in ("framework", "framework_version", "as_of")}, 1, True
            )
            out("," + _INDENTS[2] + '"relations": ')
            _spooled_parts(_Items(out, 2), spools.second, later, ".second", 1)
            _members(out, {k: other[k] for k in ("committees", "budget_lines", "totals")}, 1)
            out(_INDENTS[1] + "}")
            out("," + _INDENTS[1] + '"differences": ')
            _spooled_parts(_Items(out, 1), spools.changed, later, ".changed", 2)
        out(_INDENTS[0] + "}\n")
        out.flush()


def _title(view: dict[str, Any]) -> str:
    return _("Impact analysis of the review: %(framework)s, as of %(day)s") % {
        "framework": view["framework_title"],
        "day": plain_day(view["as_of"]),
    }


# The relations sheet: its columns, their widths, and the number format of each that has one.
_XLSX_WIDTHS = (40, 30, 30, 60, 60, 14, 14, 30, 14, 14, 14, 14)
_XLSX_FORMATS = ("", "", "", "", "", "#,##0.00", "", "", *("yyyy-mm-dd",) * 4)


def impact_xlsx(result: dict[str, Any], view: dict[str, Any]) -> bytes:
    """Two sheets: the relations (one row each) and the totals (label, number)."""
    out = io.BytesIO()
    pairs = zip(result["relations"], view["relations"], strict=True)
    _impact_workbook(out, pairs, lambda: result["totals"])
    return out.getvalue()


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _impact_workbook(
    out: IO[bytes],
    relations: Iterable[tuple[dict[str, Any], dict[str, Any]]],
    totals: Callable[[], dict[str, Any]],
) -> None:
    """The XLSX of the analysis written to ``out`` as it comes (``core.exports.workbook_stream``):
    one row per ``(entry, labelled entry)`` of ``relations``, then ``totals()`` (called once the
    relations are written)."""

    def rows() -> Iterator[list[Any]]:
        for raw, row in relations:
            yield [
                row["name"],
                row["owner_before"],
                row["owner_after"],
                "\n".join(f["text"] for f in row["findings"]),
                "\n".join(a["text"] for a in row["actions"]),
                raw["money_eur_moved"],
                raw["staff_hours_moved"],
                row["moves_to"],
                row["strict"],
                row["honouring"],
                _day(raw["phase_out_from_strict"]),
                _day(raw["phase_out_from_honouring"]),
            ]

    def sheets() -> Iterator[StreamSheet]:
        header = [
            _("Relation"),
            _("Owner now"),
            _("Owner under the framework"),
            _("Findings"),
            _("Actions"),
            _("Money that moves (EUR)"),
            _("Staff hours that move"),
            _("To"),
            _("Effective (strict)"),
            _("Effective (honouring agreements)"),
            _("Phase-out from (strict)"),
            _("Phase-out from (honouring agreements)"),
        ]
        yield StreamSheet(_("Relations")[:31], header, rows(), _XLSX_WIDTHS, _XLSX_FORMATS)
        whole = totals()
        yield StreamSheet(
            _("Totals")[:31],
            [_("Total"), _("Value"), _("Key")],
            ([str(label), whole[key], key] for key, label, _kind in TOTALS),
            (70, 16, 40),
        )

    workbook_stream(out, sheets())


def impact_pdf(view: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    # WeasyPrint reports each step at INFO; a command's output is the file, not its progress.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    html = render_to_string("reviews/impact_pdf.html", {"impact": view, "title": _title(view)})
    return bytes(HTML(string=html).write_pdf())


def impact_docx(view: dict[str, Any]) -> bytes:
    from docx import Document

    doc = Document()
    doc.add_heading(_title(view), level=1)
    doc.add_paragraph(
        _("Framework %(id)s, version %(version)s.")
        % {"id": view["framework_id"], "version": view["framework_version"]}
    )
    doc.add_heading(_("Totals"), level=2)
    table = doc.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text = _("Total")
    table.rows[0].cells[1].text = _("Value")
    for total in view["totals"]:
        cells = table.add_row().cells
        cells[0].text = total["label"]
        cells[1].text = total["shown"]
    doc.add_heading(_("Two scenarios"), level=2)
    doc.add_paragraph(
        _(
            "Applied strictly, every change takes effect on %(strict)s; honouring existing "
            "agreements, the last change takes effect on %(honouring)s."
        )
        % {"strict": plain_day(view["last_strict"]), "honouring": plain_day(view["last_honouring"])}
    )
    for phase_out in view["phase_outs"]:
        doc.add_paragraph(
            _(
                "%(name)s: phase-out from %(strict)s (strict) or %(honouring)s "
                "(honouring agreements)."
            )
            % {
                "name": phase_out["name"],
                "strict": plain_day(phase_out["strict"]),
                "honouring": plain_day(phase_out["honouring"]),
            },
            style="List Bullet",
        )
    if view["phase_outs_more"]:
        doc.add_paragraph(
            ngettext(
                "And %(n)s more relation to phase out: the XLSX lists every one.",
                "And %(n)s more relations to phase out: the XLSX lists every one.",
                view["phase_outs_more"],
            )
            % {"n": number_text(view["phase_outs_more"], 0)}
        )
    doc.add_heading(_("Per relation"), level=2)
    for row in view["relations"]:
        doc.add_heading(row["name"], level=3)
        doc.add_paragraph(
            _("Owner now: %(before)s. Under the framework: %(after)s.")
            % {"before": row["owner_before"], "after": row["owner_after"]}
        )
        for finding in row["findings"]:
            doc.add_paragraph(finding["text"], style="List Bullet")
        for action in row["actions"]:
            doc.add_paragraph(action["text"], style="List Number")
        if row["honouring"]:
            doc.add_paragraph(
                _("Effective: %(strict)s (strict), %(honouring)s (honouring agreements).")
                % {"strict": plain_day(row["strict"]), "honouring": plain_day(row["honouring"])}
            )
    more = view.get("relations_more", 0)
    if more:
        doc.add_paragraph(
            ngettext(
                "And %(n)s more relation: the XLSX lists every one.",
                "And %(n)s more relations: the XLSX lists every one.",
                more,
            )
            % {"n": number_text(more, 0)}
        )
    return docx_bytes(doc)
