"""Limits on what an import file may hold, checked before and while it is read.

A small file can expand into gigabytes: an XLSX is a ZIP whose members may unpack a thousand
times over, a CSV of a million short lines becomes a million rows, JSON nested ten thousand deep
overflows the parser's recursion. Every limit is a setting (``INTREL_IMPORT_*``, see
``docs/import.md``); a file over one is refused with a message naming the limit and what was
found, before the part that would be too large is read.
"""

from __future__ import annotations

import math
import re
import zipfile
from dataclasses import dataclass
from typing import IO, Any
from xml.parsers import expat

from django.conf import settings
from django.utils.translation import gettext as _

from intrel.core.errors import DomainError
from intrel.core.formatting import number

# The compression ratio of small members says nothing (a few bytes of XML pack very well).
RATIO_CHECKED_FROM_BYTES = 1024 * 1024


class FileRefused(DomainError):
    """The upload is not a file we read (wrong type, too large, unreadable)."""


class LimitExceeded(FileRefused):
    """The file is over one of the ``INTREL_IMPORT_*`` limits."""


@dataclass(frozen=True)
class ImportLimits:
    max_rows: int
    max_columns: int
    max_cell_chars: int
    max_json_depth: int
    max_unpacked_bytes: int
    max_member_bytes: int
    max_other_member_bytes: int
    max_members: int
    max_compression_ratio: int

    @classmethod
    def from_settings(cls) -> ImportLimits:
        return cls(
            max_rows=settings.INTREL_IMPORT_MAX_ROWS,
            max_columns=settings.INTREL_IMPORT_MAX_COLUMNS,
            max_cell_chars=settings.INTREL_IMPORT_MAX_CELL_CHARS,
            max_json_depth=settings.INTREL_IMPORT_MAX_JSON_DEPTH,
            max_unpacked_bytes=settings.INTREL_IMPORT_MAX_UNPACKED_BYTES,
            max_member_bytes=settings.INTREL_IMPORT_MAX_MEMBER_BYTES,
            max_other_member_bytes=settings.INTREL_IMPORT_MAX_OTHER_MEMBER_BYTES,
            max_members=settings.INTREL_IMPORT_MAX_MEMBERS,
            max_compression_ratio=settings.INTREL_IMPORT_MAX_COMPRESSION_RATIO,
        )


def _mb(value: int, *, up: bool = False) -> str:
    """Megabytes: rounded up for what was found, down for a limit (never "5 MB; at most 5")."""
    megabytes = value / (1024 * 1024)
    return number(max(1, math.ceil(megabytes) if up else math.floor(megabytes)), 0)


def rows_exceeded(limit: int, *, sheet: str = "") -> LimitExceeded:
    if sheet:
        message = _(
            "The sheet %(sheet)s has more than %(limit)s rows (limit: INTREL_IMPORT_MAX_ROWS). "
            "Split the file, or ask the application manager to raise the limit."
        ) % {"sheet": sheet, "limit": number(limit, 0)}
    else:
        message = _(
            "The file has more than %(limit)s rows (limit: INTREL_IMPORT_MAX_ROWS). "
            "Split the file, or ask the application manager to raise the limit."
        ) % {"limit": number(limit, 0)}
    return LimitExceeded(message, field="file")


def items_exceeded(found: int, limit: int) -> LimitExceeded:
    return LimitExceeded(
        _(
            "The JSON list holds %(found)s items; at most %(limit)s relations can be imported "
            "at once (limit: INTREL_IMPORT_MAX_ROWS). Split the file."
        )
        % {"found": number(found, 0), "limit": number(limit, 0)},
        field="file",
    )


def columns_exceeded(found: int, limit: int, *, row: int, sheet: str = "") -> LimitExceeded:
    return LimitExceeded(
        _(
            "%(where)s has %(found)s columns; at most %(limit)s are read "
            "(limit: INTREL_IMPORT_MAX_COLUMNS)."
        )
        % {"where": row_where(row, sheet), "found": number(found, 0), "limit": number(limit, 0)}
        + " "
        + _("Remove the columns the import template does not have, and upload the file again."),
        field="file",
    )


# What to do next, after a refusal whose own sentence does not say it.


def use_template() -> str:
    return _(
        "Copy the relations into the import template (without pictures or other sheets) and "
        "upload that workbook."
    )


def shorten_cell() -> str:
    return _("Shorten the text of that cell, or ask the application manager to raise the limit.")


def save_again() -> str:
    return _("Open it in the spreadsheet program and save it again as .xlsx.")


def row_where(row: int, sheet: str) -> str:
    if sheet:
        return _("Row %(row)s of sheet %(sheet)s") % {"row": number(row, 0), "sheet": sheet}
    return _("Row %(row)s") % {"row": number(row, 0)}


# --- XLSX: the ZIP directory ----------------------------------------------------------------


_READ_BY_ROW_OR_AS_TEXTS = re.compile(r"^xl/(worksheets/[^/]+\.xml|sharedStrings\.xml)$")

# A spreadsheet row has at most 16,384 cells and a sheet at most 1,048,576 rows (Excel's own
# maximum); a sheet with more is not one a spreadsheet program wrote.
SHEET_MAX_CELLS_PER_ROW = 16_384
SHEET_MAX_ROW_ELEMENTS = 1_048_576


def workbook_unreadable() -> FileRefused:
    """The refusal of a workbook that is damaged or was not saved by a spreadsheet program."""
    return FileRefused(
        _(
            "The workbook cannot be read: it is damaged, or not an .xlsx saved by a spreadsheet "
            "program. Open it in the spreadsheet program and save it again as .xlsx."
        ),
        field="file",
    )


def check_archive(archive: zipfile.ZipFile, limits: ImportLimits) -> None:
    """Refuse a workbook whose ZIP directory promises too much, before anything is unpacked.

    ``zipfile`` never returns more bytes of a member than the directory states, so these
    numbers bound what reading the workbook can unpack, even when the directory lies.
    """
    members = archive.infolist()
    if len(members) > limits.max_members:
        raise LimitExceeded(
            _(
                "The workbook has %(found)s parts; at most %(limit)s "
                "(limit: INTREL_IMPORT_MAX_MEMBERS). It is not a plain sheet of relations."
            )
            % {"found": number(len(members), 0), "limit": number(limits.max_members, 0)}
            + " "
            + use_template(),
            field="file",
        )
    total = 0
    for member in members:
        # Sheets are read row by row and shared strings become one text each; openpyxl builds
        # objects for every element of the other parts (styles: ~30 bytes of memory per byte).
        if _READ_BY_ROW_OR_AS_TEXTS.match(member.filename):
            limit, setting = limits.max_member_bytes, "INTREL_IMPORT_MAX_MEMBER_BYTES"
        else:
            limit, setting = limits.max_other_member_bytes, "INTREL_IMPORT_MAX_OTHER_MEMBER_BYTES"
        if member.file_size > limit:
            raise LimitExceeded(
                _(
                    "The workbook's part %(name)s unpacks to %(found)s MB; at most %(limit)s MB "
                    "(limit: %(setting)s)."
                )
                % {
                    "name": member.filename[:100],
                    "found": _mb(member.file_size, up=True),
                    "limit": _mb(limit),
                    "setting": setting,
                }
                + " "
                + use_template(),
                field="file",
            )
        if (
            member.file_size >= RATIO_CHECKED_FROM_BYTES
            and member.file_size > limits.max_compression_ratio * max(member.compress_size, 1)
        ):
            raise LimitExceeded(
                _(
                    "The workbook's part %(name)s unpacks to %(found)s times its packed size; "
                    "at most %(limit)s times (limit: INTREL_IMPORT_MAX_COMPRESSION_RATIO)."
                )
                % {
                    "name": member.filename[:100],
                    "found": number(member.file_size // max(member.compress_size, 1), 0),
                    "limit": number(limits.max_compression_ratio, 0),
                }
                + " "
                + use_template(),
                field="file",
            )
        total += member.file_size
    if total > limits.max_unpacked_bytes:
        raise LimitExceeded(
            _(
                "The workbook unpacks to %(found)s MB; at most %(limit)s MB "
                "(limit: INTREL_IMPORT_MAX_UNPACKED_BYTES)."
            )
            % {"found": _mb(total, up=True), "limit": _mb(limits.max_unpacked_bytes)}
            + " "
            + use_template(),
            field="file",
        )


# --- JSON: depth and number of items, before parsing ----------------------------------------

# A string (with its escapes), or a bracket or comma outside strings.
_JSON_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{},]')


# A relation has some forty values (fields, list items, objects); a file may average this many
# per allowed row before it is refused, so that one relation cannot hold millions of values.
JSON_VALUES_PER_ROW = 100


def check_json_shape(text: str, limits: ImportLimits) -> None:
    """Refuse JSON nested deeper than the limit, a list of more items than rows allowed, or more
    values in all than those rows can need, without parsing it (Python's parser recurses once per
    level and builds every value)."""
    depth = 0
    top_is_list = False
    separators = 0  # commas between the items of the top-level list
    values = 0  # commas and containers anywhere: about the number of values
    max_values = limits.max_rows * JSON_VALUES_PER_ROW
    for match in _JSON_TOKENS.finditer(text):
        part = match.group()
        if part in ",[{":
            values += 1
            if values > max_values:
                raise LimitExceeded(
                    _(
                        "The JSON holds more than %(limit)s values (%(per)s per relation "
                        "allowed by INTREL_IMPORT_MAX_ROWS); a list of relations needs far fewer."
                    )
                    % {"limit": number(max_values, 0), "per": number(JSON_VALUES_PER_ROW, 0)},
                    field="file",
                )
        if part == ",":
            if depth == 1 and top_is_list:
                separators += 1
                if separators >= limits.max_rows:
                    raise items_exceeded(_top_level_items(text), limits.max_rows)
        elif part in "[{":
            if depth == 0:
                top_is_list = part == "["
            depth += 1
            if depth > limits.max_json_depth:
                line = text.count("\n", 0, match.start()) + 1
                raise LimitExceeded(
                    _(
                        "The JSON is nested more than %(limit)s levels deep (line %(line)s; "
                        "limit: INTREL_IMPORT_MAX_JSON_DEPTH). A relation needs at most 4."
                    )
                    % {"limit": number(limits.max_json_depth, 0), "line": number(line, 0)},
                    field="file",
                )
        elif part in "]}":
            depth = max(0, depth - 1)


def _top_level_items(text: str) -> int:
    """How many items the top-level list holds (for the message only)."""
    depth = separators = 0
    for match in _JSON_TOKENS.finditer(text):
        part = match.group()
        if part == ",":
            separators += depth == 1
        elif part in "[{":
            depth += 1
        elif part in "]}":
            depth -= 1
    return separators + 1


_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def bad_characters(text: str) -> str | None:
    """Why a text cannot be stored as it is: its first NUL, control character (other than tab
    and line breaks) or lone surrogate; None when it has none."""
    match = _BAD_CHARS.search(text)
    if match is None:
        return None
    code = ord(match.group())
    if code == 0:
        return _("contains a NUL character (\\u0000), which text cannot hold")
    if 0xD800 <= code <= 0xDFFF:
        return _(
            "contains a lone surrogate (\\u%(code)04x), which is not a character; "
            "the file's text is damaged"
        ) % {"code": code}
    return _("contains the control character \\u%(code)04x, which text cannot hold") % {
        "code": code
    }


def cleaned(text: str) -> str:
    """The text without the characters ``bad_characters`` names (so the batch can be stored)."""
    return _BAD_CHARS.sub("", text)


def clean_tree(value: Any, path: str, found: list[tuple[str, str]]) -> Any:
    """``value`` with every text cleaned; each text (or key) that needed it goes to ``found``
    as (path, reason). Its recursion depth is bounded by ``check_json_shape`` beforehand."""
    if isinstance(value, str):
        reason = bad_characters(value)
        if reason:
            found.append((path, reason))
            return cleaned(value)
        return value
    if isinstance(value, list):
        return [clean_tree(v, f"{path}[{i}]", found) for i, v in enumerate(value)]
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            name = key
            reason = bad_characters(key)
            if reason:
                name = cleaned(key)
                found.append((f"{path}.{name}" if path else name, reason))
            out[name] = clean_tree(item, f"{path}.{name}" if path else name, found)
        return out
    return value


# --- XLSX: one sheet's XML, streamed before openpyxl reads it -------------------------------


class _SheetScan:
    """Counts what openpyxl would build for a sheet, without building it (expat, streaming).

    openpyxl holds a whole row (every cell of it) in memory before it returns the row, and keeps
    an element for every row it has read; a single row of millions of empty cells, or millions
    of empty rows, would exhaust memory although the file is small.
    """

    def __init__(self, sheet: str, limits: ImportLimits) -> None:
        self.sheet = sheet
        self.limits = limits
        self.row_elements = 0
        self.row_number = 0
        self.cell = ""
        self.rows_with_values = 0
        self.cells = 0
        self.row_has_value = False
        self.in_value = False
        self.value_chars = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        if local == "row":
            self.row_elements += 1
            given = attrs.get("r", "")
            self.row_number = (
                int(given) if given.isascii() and given.isdigit() else self.row_number + 1
            )
            self.cells = 0
            self.row_has_value = False
            if self.row_elements > SHEET_MAX_ROW_ELEMENTS:
                raise self._damaged()
        elif local == "c":
            self.cells += 1
            self.cell = attrs.get("r", "")[:12]
            if self.cells > SHEET_MAX_CELLS_PER_ROW:
                raise self._damaged()
        elif local in ("v", "t"):
            self.in_value = True
            self.value_chars = 0

    def text(self, data: str) -> None:
        if not self.in_value:
            return
        self.value_chars += len(data)
        if data.strip():
            self.row_has_value = True
        if self.value_chars > self.limits.max_cell_chars:
            if self.cell:
                where = _("Cell %(cell)s of sheet %(sheet)s") % {
                    "cell": self.cell,
                    "sheet": self.sheet,
                }
            else:
                where = row_where(self.row_number, self.sheet)
            raise LimitExceeded(
                _(
                    "%(where)s holds more than %(limit)s characters "
                    "(limit: INTREL_IMPORT_MAX_CELL_CHARS)."
                )
                % {"where": where, "limit": number(self.limits.max_cell_chars, 0)}
                + " "
                + shorten_cell(),
                field="file",
            )

    def end(self, name: str) -> None:
        local = name.rpartition(":")[2]
        if local in ("v", "t"):
            self.in_value = False
        elif local == "row" and self.row_has_value:
            self.rows_with_values += 1
            # The header and at most max_rows rows of data.
            if self.rows_with_values > self.limits.max_rows + 1:
                raise rows_exceeded(self.limits.max_rows, sheet=self.sheet)

    def _damaged(self) -> LimitExceeded:
        return LimitExceeded(
            _(
                "The sheet %(sheet)s has more rows or cells than a spreadsheet can hold; "
                "the workbook is damaged."
            )
            % {"sheet": self.sheet}
            + " "
            + save_again(),
            field="file",
        )

    def refuse_doctype(self, *_args: Any) -> None:
        # OOXML parts never declare a DTD; entities are how an XML file expands ("billion laughs").
        raise LimitExceeded(
            _("The workbook holds XML with a document type declaration; it is not read.")
            + " "
            + save_again(),
            field="file",
        )


def check_sheet_xml(stream: IO[bytes], limits: ImportLimits, *, sheet: str) -> None:
    """Stream one worksheet's XML and refuse it when a row, a cell or the number of rows is over
    a limit, before openpyxl builds anything from it."""
    scan = _SheetScan(sheet, limits)
    parser = expat.ParserCreate()
    parser.StartElementHandler = scan.start
    parser.EndElementHandler = scan.end
    parser.CharacterDataHandler = scan.text
    parser.StartDoctypeDeclHandler = scan.refuse_doctype
    parser.EntityDeclHandler = scan.refuse_doctype
    parser.buffer_text = True
    try:
        parser.ParseFile(stream)
    except expat.ExpatError:
        raise workbook_unreadable() from None
