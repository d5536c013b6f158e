"""XLSX exports of the budget pages; the totals equal the page's (same selectors, same sums)."""

from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from intrel.core.exports import workbook_bytes

from .models import BudgetLine
from .selectors import Overview, line_allocations, line_entries

NUMBER_MONEY = "#,##0.00"
NUMBER_HOURS = "#,##0.0"

COLUMNS = [
    ("money_available", NUMBER_MONEY),
    ("money_committed", NUMBER_MONEY),
    ("money_spent", NUMBER_MONEY),
    ("money_left", NUMBER_MONEY),
    ("hours_available", NUMBER_HOURS),
    ("hours_committed", NUMBER_HOURS),
    ("hours_spent", NUMBER_HOURS),
    ("hours_left", NUMBER_HOURS),
]


def _headers() -> list[str]:
    return [
        _("Money available (EUR)"),
        _("Money committed (EUR)"),
        _("Money spent (EUR)"),
        _("Money left (EUR)"),
        _("Hours available"),
        _("Hours committed"),
        _("Hours spent"),
        _("Hours left"),
    ]


def _append(ws, values: list[Any], formats: dict[int, str], bold: bool = False) -> None:
    """Add a row, with a number format per column (1-based) given: amounts stay numbers."""
    ws.append(values)
    row = ws.max_row
    for column, fmt in formats.items():
        ws.cell(row=row, column=column).number_format = fmt
    if bold:
        for cell in ws[row]:
            cell.font = Font(bold=True)


def _row(ws, values: list[Any], bold: bool = False) -> None:
    """A row that ends in the ``COLUMNS`` amounts."""
    first = len(values) - len(COLUMNS) + 1
    _append(ws, values, {first + i: fmt for i, (_name, fmt) in enumerate(COLUMNS)}, bold)


def overview_xlsx(*, overview: Overview) -> bytes:
    """One sheet of lines per holder with subtotals and the year's total; one by purpose."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("Per holder")[:31]
    ws.append([_("Budgets %(year)d") % {"year": overview.year}])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([_("Holder"), _("Line"), _("Identifier"), _("Purpose"), *_headers()])
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for group in overview.holders:
        for line in group.lines:
            _row(
                ws,
                [
                    group.label,
                    line.name,
                    line.slug,
                    str(line.get_purpose_display()),
                    *[getattr(line, name) for name, _f in COLUMNS],
                ],
            )
        _row(
            ws,
            [group.label, _("Subtotal"), "", "", *[getattr(group.totals, n) for n, _f in COLUMNS]],
            bold=True,
        )
    _row(
        ws, [_("Total"), "", "", "", *[getattr(overview.totals, n) for n, _f in COLUMNS]], bold=True
    )
    ws.column_dimensions["A"].width = 36
    ws.column_dimensions["B"].width = 40

    by_purpose = wb.create_sheet(_("Per purpose")[:31])
    by_purpose.append([_("Purpose"), *_headers()])
    for group in overview.purposes:
        _row(by_purpose, [group.label, *[getattr(group.totals, n) for n, _f in COLUMNS]])
    _row(by_purpose, [_("Total"), *[getattr(overview.totals, n) for n, _f in COLUMNS]], bold=True)

    months = wb.create_sheet(_("Spending per month")[:31])
    months.append([_("Month"), _("Money spent (EUR)"), _("Hours spent")])
    for month, money, hours in overview.monthly:
        _append(months, [month, money, hours], {2: NUMBER_MONEY, 3: NUMBER_HOURS})
    return workbook_bytes(wb)


def line_xlsx(*, line: BudgetLine) -> bytes:
    """The line's ledger entries and its allocations."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("Ledger")[:31]
    ws.append([str(line), line.slug, line.holder_label])
    ws.append([_("Date"), _("Kind"), _("Money (EUR)"), _("Hours"), _("Decision"), _("Description")])
    for e in line_entries(line=line):
        _append(
            ws,
            [
                e.date,
                str(e.get_kind_display()),
                e.money,
                e.hours,
                e.decision.identifier if e.decision else "",
                e.description,
            ],
            {3: NUMBER_MONEY, 4: NUMBER_HOURS},
        )
    alloc = wb.create_sheet(_("Allocations")[:31])
    alloc.append(
        [
            _("Date"),
            _("For"),
            _("Money allocated"),
            _("Money spent"),
            _("Money released"),
            _("Hours allocated"),
            _("Hours spent"),
            _("Hours released"),
        ]
    )
    for a in line_allocations(line=line):
        _append(
            alloc,
            [
                a.date,
                a.recipient,
                a.money,
                a.money_spent,
                a.money_released,
                a.hours,
                a.hours_spent,
                a.hours_released,
            ],
            {3: NUMBER_MONEY, 4: NUMBER_MONEY, 5: NUMBER_MONEY}
            | {6: NUMBER_HOURS, 7: NUMBER_HOURS, 8: NUMBER_HOURS},
        )
    return workbook_bytes(wb)
