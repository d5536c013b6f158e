"""The one place every spreadsheet export goes through: cells are data, never formulas.

Text a user typed (a relation's or budget line's name, a description, an initiative) can start with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return, which a spreadsheet program reads as a
formula (OWASP "CSV injection"): ``=HYPERLINK("http://evil.example","klik")`` would be a live
link. So:

- XLSX: build the workbook with openpyxl as usual and turn it into bytes with
  :func:`workbook_bytes`; it writes every such text cell as a string (data type ``s``, with the
  quote prefix Excel and LibreOffice show as ``'``), so no cell of an export is a formula.
- XLSX too large to hold in memory (the whole register, issue 19): :func:`workbook_stream`
  writes the sheets row by row in openpyxl's write-only mode, each such text cell a string
  with the quote prefix, the same way.
- CSV: write rows with :func:`csv_writer` (or :func:`csv_bytes`); such a field gets a leading
  ``'``, as OWASP advises.

Numbers and dates stay numbers and dates (amounts keep their number format). A test
(``core/tests/test_exports.py``) checks that no module writes a workbook or CSV another way.
"""

import contextlib
import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from io import BytesIO, StringIO
from typing import Any
from xml.sax.saxutils import escape

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 cannot hold (control characters but tab and line breaks, lone surrogates).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def csv_field(value: Any) -> Any:
    """A CSV field that a spreadsheet cannot run: text starting with a trigger gets a ``'``."""
    if is_formula_like(value):
        return "'" + value
    return value


class _SafeCsvWriter:
    def __init__(self, out: Any, **kwargs: Any) -> None:
        self._writer = csv.writer(out, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([csv_field(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out: Any, **kwargs: Any) -> _SafeCsvWriter:
    """``csv.writer`` whose every field goes through :func:`csv_field`."""
    return _SafeCsvWriter(out, **kwargs)


def csv_bytes(rows: Iterable[Iterable[Any]], *, bom: bool = True) -> bytes:
    """Rows as CSV (CRLF, UTF-8 with a BOM for Excel), every field neutralised."""
    out = StringIO()
    csv_writer(out, lineterminator="\r\n").writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def workbook_neutralise(workbook: Any) -> None:
    """Make every cell of ``workbook`` that is or looks like a formula a plain string."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if cell.data_type == "f" or is_formula_like(value):
                    cell.value = value if isinstance(value, str) else str(value)
                    cell.data_type = "s"
                    cell.quotePrefix = True


def workbook_bytes(workbook: Any) -> bytes:
    """The XLSX bytes of an openpyxl ``workbook``, neutralised first (see the module)."""
    workbook_neutralise(workbook)
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def docx_bytes(document: Any) -> bytes:
    """The DOCX bytes of a python-docx ``document``. Word does not evaluate text as formulas,
    so nothing is neutralised; the one place files are written stays this module."""
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def _docx_run(text: str) -> str:
    """A ``<w:r>`` holding ``text`` as python-docx's ``run.text`` writes it: a tab a ``<w:tab/>``,
    a line break a ``<w:br/>``, a text with outer spaces ``xml:space="preserve"``."""
    parts: list[str] = []
    for piece in re.split(r"([\t\r\n])", text):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            parts.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if piece.strip() != piece else ""
            parts.append(f"<w:t{space}>{escape(_XML_ILLEGAL.sub('', piece))}</w:t>")
    return f"<w:r>{''.join(parts)}</w:r>" if parts else "<w:r/>"


def docx_table(document: Any, header: Sequence[str], rows: Iterable[Sequence[str]]) -> Any:
    """Add a table to a python-docx ``document``: ``header`` as its first row, then ``rows``,
    every cell plain text, in the "Table Grid" style; returns the python-docx table.

    The same XML as filling each cell through python-docx (``table.add_row().cells[i].text``),
    written as one string: python-docx searches the table's XML for every cell it touches, which
    for the council report's thousands of rows took seconds."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    tbl = table._tbl
    widths = [column.get(qn("w:w")) for column in tbl.tblGrid.gridCol_lst]
    body = "".join(
        "<w:tr>"
        + "".join(
            f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr>'
            f"<w:p>{_docx_run(text)}</w:p></w:tc>"
            for width, text in zip(widths, row, strict=True)
        )
        + "</w:tr>"
        for row in rows
    )
    for tr in list(parse_xml(f"<w:tbl {nsdecls('w')}>{body}</w:tbl>")):
        tbl.append(tr)
    return table


@dataclass(frozen=True)
class StreamSheet:
    """A sheet for :func:`workbook_stream` with its layout: the width of each column and the
    number format of each (``""``: none), from the first column on."""

    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]
    widths: Sequence[float] = ()
    formats: Sequence[str] = ()


def workbook_stream(
    out: Any,
    sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]] | StreamSheet],
) -> None:
    """Write an XLSX to ``out`` (a path or a binary file) in openpyxl's write-only mode: each
    sheet is ``(title, header, rows)`` or a :class:`StreamSheet`, its rows consumed one at a
    time (and the sheets, when a generator, one after the other), so memory stays flat however
    many there are. The header is bold and frozen; a text cell that looks like a formula is
    written as a string with the quote prefix (as :func:`workbook_bytes`)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    try:
        _write_sheets(book, sheets)
    except BaseException:
        # openpyxl keeps each write-only sheet in a named temporary file that only ``save``
        # removes: a failure mid-way (a database error, say) must not leave it behind.
        for sheet in book.worksheets:
            rows, writer = getattr(sheet, "_rows", None), getattr(sheet, "_writer", None)
            for close in (
                getattr(rows, "close", None),
                getattr(getattr(writer, "xf", None), "close", None),
                getattr(writer, "cleanup", None),
            ):
                if close is not None:
                    with contextlib.suppress(Exception):
                        close()
        raise
    book.save(out)


def _write_sheets(
    book: Any, sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]] | StreamSheet]
) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    for given in sheets:
        spec = given if isinstance(given, StreamSheet) else StreamSheet(*given)
        sheet = book.create_sheet(spec.title)
        sheet.freeze_panes = "A2"
        for index, width in enumerate(spec.widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        head = []
        for name in spec.header:
            cell = WriteOnlyCell(sheet, value=name)
            if is_formula_like(name):  # a header is a cell too (see the module)
                cell.data_type, cell.quotePrefix = "s", True
            cell.font = bold
            head.append(cell)
        sheet.append(head)
        formats = list(spec.formats)
        for row in spec.rows:
            sheet.append(
                [
                    stream_cell(sheet, value, formats[i] if i < len(formats) else "")
                    for i, value in enumerate(row)
                ]
            )


def stream_cell(sheet: Any, value: Any, number_format: str = "") -> Any:
    """A cell of a write-only ``sheet``: ``value`` as it is, a formula-like text as a quoted
    string, and with ``number_format`` when given."""
    from openpyxl.cell import WriteOnlyCell

    if not number_format or value is None or is_formula_like(value):
        return _stream_cell(sheet, value, WriteOnlyCell)
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format
    return cell


def _stream_cell(sheet: Any, value: Any, cell_class: Any) -> Any:
    if not is_formula_like(value):
        return value
    cell = cell_class(sheet, value=value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell
