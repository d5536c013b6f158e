"""The impact analysis as a file: JSON (CONTRACT.md), XLSX, PDF (WeasyPrint) and DOCX
(python-docx). All four are made from one ``register_impact`` result, so they hold the same
numbers; the XLSX keeps money and hours as numbers (cells), the PDF and DOCX as text."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import date
from tempfile import SpooledTemporaryFile
from typing import IO, Any

import orjson
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from intrel.core.exports import docx_bytes, workbook_bytes
from intrel.policy import Framework

from .present import TOTALS, impact_present, plain_day
from .selectors import ImpactPass, impact_difference, register_impact

FORMATS = ("json", "xlsx", "pdf", "docx")


def impact_export(
    *,
    framework: Framework,
    as_of: date,
    compare_to: Framework | None = None,
    fmt: str = "json",
    language: str = "nl",
) -> bytes:
    """The impact analysis over the database as the bytes of a ``fmt`` file."""
    if fmt == "json":
        chunks: list[str] = []
        impact_json_write(chunks.append, framework=framework, as_of=as_of, compare_to=compare_to)
        return "".join(chunks).encode()
    result = register_impact(framework=framework, as_of=as_of, compare_to=compare_to)
    with translation.override(language):
        view = impact_present(result, framework, compare_to)
        if fmt == "xlsx":
            return impact_xlsx(result, view)
        if fmt == "pdf":
            return impact_pdf(view)
        if fmt == "docx":
            return impact_docx(view)
    raise ValueError(f"unknown format {fmt!r}")


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


def _list_item(out: Callable[[str], Any], text: str, count: int, level: int) -> None:
    """Item number ``count`` (from 0) of a list at ``level``, already encoded at ``level + 1``."""
    out(("[" if count == 0 else ",") + _INDENTS[level + 1] + text)


def _list_end(out: Callable[[str], Any], count: int, level: int) -> None:
    out("[]" if count == 0 else _INDENTS[level] + "]")


def _spool() -> IO[str]:
    return SpooledTemporaryFile(max_size=8 << 20, mode="w+", encoding="utf-8")


def _copy(source: IO[str], out: _Writer) -> None:
    source.seek(0)
    while chunk := source.read(_FLUSH_CHARS):
        out(chunk)


def impact_json_write(
    write: Callable[[str], Any],
    *,
    framework: Framework,
    as_of: date,
    compare_to: Framework | None = None,
) -> None:
    """Write ``json.dumps(register_impact(...), ensure_ascii=False, indent=2)`` and a newline
    through ``write`` (a text stream's), relation by relation as they are assessed, so that
    memory does not grow with the register: the totals are kept as the relations go, and with
    ``compare_to`` the second framework's relations and the differences wait in temporary files
    (8 MB in memory, then disk) until the first framework's part is written."""
    out = _Writer(write)
    frameworks = [framework] if compare_to is None else [framework, compare_to]
    run = ImpactPass(frameworks, as_of)
    out("{")
    _members(
        out,
        {
            "framework": framework.id,
            "framework_version": framework.version,
            "as_of": as_of.isoformat(),
        },
        0,
        first=True,
    )
    out("," + _INDENTS[1] + '"relations": ')
    count = differences = 0
    second = _spool() if compare_to is not None else None
    changed = _spool() if compare_to is not None else None
    try:
        for entries in run.relations():
            _list_item(out, _encode(entries[0], 2), count, 1)
            if second is not None and changed is not None:
                _list_item(second.write, _encode(entries[1], 3), count, 2)
                difference = impact_difference(entries[0], entries[1])
                if difference is not None:
                    _list_item(changed.write, _encode(difference, 2), differences, 1)
                    differences += 1
            count += 1
        _list_end(out, count, 1)
        half = run.half(0)
        _members(out, {k: half[k] for k in ("committees", "budget_lines", "totals")}, 0)
        _members(out, {"unassessable": run.unassessable}, 0)
        if second is not None and changed is not None and compare_to is not None:
            other = run.half(1)
            out("," + _INDENTS[1] + '"compare_to": {')
            _members(
                out,
                {k: other[k] for k in ("framework", "framework_version", "as_of")},
                1,
                first=True,
            )
            out("," + _INDENTS[2] + '"relations": ')
            _copy(second, out)
            _list_end(out, count, 2)
            _members(out, {k: other[k] for k in ("committees", "budget_lines", "totals")}, 1)
            out(_INDENTS[1] + "}")
            out("," + _INDENTS[1] + '"differences": ')
            _copy(changed, out)
            _list_end(out, differences, 1)
    finally:
        if second is not None:
            second.close()
        if changed is not None:
            changed.close()
    out(_INDENTS[0] + "}\n")
    out.flush()


def _title(view: dict[str, Any]) -> str:
    return _("Impact analysis of the review: %(framework)s, as of %(day)s") % {
        "framework": view["framework_title"],
        "day": plain_day(view["as_of"]),
    }


def impact_xlsx(result: dict[str, Any], view: dict[str, Any]) -> bytes:
    """Two sheets: the relations (one row each) and the totals (label, number)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Relations")[:31]
    head = [
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
    ]
    sheet.append(head)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for raw, row in zip(result["relations"], view["relations"], strict=True):
        sheet.append(
            [
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
            ]
        )
    for column, width in zip("ABCDEFGHIJ", (40, 30, 30, 60, 60, 14, 14, 30, 14, 14), strict=True):
        sheet.column_dimensions[column].width = width
    for cells in sheet.iter_rows(min_row=2, min_col=6, max_col=6):
        for cell in cells:
            cell.number_format = "#,##0.00"
    for cells in sheet.iter_rows(min_row=2, min_col=9, max_col=10):
        for cell in cells:
            cell.number_format = "yyyy-mm-dd"
    totals = book.create_sheet(_("Totals")[:31])
    totals.append([_("Total"), _("Value"), _("Key")])
    for cell in totals[1]:
        cell.font = Font(bold=True)
    for key, label, _kind in TOTALS:
        totals.append([str(label), result["totals"][key], key])
    totals.column_dimensions["A"].width = 70
    totals.column_dimensions["B"].width = 16
    totals.column_dimensions["C"].width = 40
    # Names typed into the register land in cells: neutralised against formula injection.
    return workbook_bytes(book)


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
    return docx_bytes(doc)
