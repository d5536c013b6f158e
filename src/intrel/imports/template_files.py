"""The import templates offered on the import page, generated from the column definitions."""

from django.utils.translation import gettext as _

from intrel.core.exports import csv_bytes, workbook_bytes

from .parsers import (
    AGREEMENTS_SHEET,
    EXAMPLE_ROWS,
    INVOLVEMENTS_SHEET,
    RELATIONS_SHEET,
    SHEET_COLUMNS,
)

EXPLANATION_SHEET = "columns"


def template_csv() -> bytes:
    """The relations sheet as CSV: the header row and an example row (UTF-8 with BOM for Excel)."""
    return csv_bytes(
        [[c[0] for c in SHEET_COLUMNS[RELATIONS_SHEET]], EXAMPLE_ROWS[RELATIONS_SHEET]]
    )


def template_xlsx() -> bytes:
    """A workbook: relations, agreements and involvements sheets (header and an example row
    each) and a sheet explaining every column and its allowed values."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    bold = Font(bold=True)
    first = True
    for name in (RELATIONS_SHEET, AGREEMENTS_SHEET, INVOLVEMENTS_SHEET):
        sheet = workbook.active if first else workbook.create_sheet()
        first = False
        sheet.title = name
        sheet.append([c[0] for c in SHEET_COLUMNS[name]])
        sheet.append(EXAMPLE_ROWS[name])
        for cell in sheet[1]:
            cell.font = bold
        sheet.freeze_panes = "A2"
        for column in sheet.columns:
            width = max(len(str(c.value or "")) for c in column)
            sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 12), 40)
    explanation = workbook.create_sheet(EXPLANATION_SHEET)
    explanation.append([_("sheet"), _("column"), _("required"), _("meaning"), _("allowed values")])
    for cell in explanation[1]:
        cell.font = bold
    for name, columns in SHEET_COLUMNS.items():
        for column, required, meaning, allowed in columns:
            explanation.append(
                [name, column, _("yes") if required else _("no"), str(meaning), allowed]
            )
    explanation.append([])
    notes = [
        _("One row per relation. The id decides: an existing id updates that relation."),
        _("Row 1 holds the column names; delete the example rows before importing."),
        _("An empty cell keeps what the register holds (for a new relation: the default)."),
        _(
            "Agreements and involvements: rows with the relation's id in relation_id replace "
            "that relation's list; a relation without rows keeps its list."
        ),
        _("The sheet called columns is not imported."),
    ]
    for note in notes:
        explanation.append([note])
    for letter, width in zip("ABCDE", (14, 28, 10, 60, 60), strict=True):
        explanation.column_dimensions[letter].width = width
    return workbook_bytes(workbook)
