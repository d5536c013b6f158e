"""The impact analysis as a file: JSON (CONTRACT.md), XLSX, PDF (WeasyPrint) and DOCX
(python-docx). All four are made from one ``register_impact`` result, so they hold the same
numbers; the XLSX keeps money and hours as numbers (cells), the PDF and DOCX as text."""

from __future__ import annotations

import json
import logging
from datetime import date
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from intrel.core.exports import docx_bytes, workbook_bytes
from intrel.policy import Framework

from .present import TOTALS, impact_present, plain_day
from .selectors import register_impact

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
    result = register_impact(framework=framework, as_of=as_of, compare_to=compare_to)
    if fmt == "json":
        return (json.dumps(result, ensure_ascii=False, indent=2) + "\n").encode()
    with translation.override(language):
        view = impact_present(result, framework, compare_to)
        if fmt == "xlsx":
            return impact_xlsx(result, view)
        if fmt == "pdf":
            return impact_pdf(view)
        if fmt == "docx":
            return impact_docx(view)
    raise ValueError(f"unknown format {fmt!r}")


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
