"""Reading import files: JSON lists of relation subjects, and CSV/XLSX sheets turned into them.

A sheet has one row per relation with the subject flattened into columns (see
``docs/import.md``); an XLSX may add an ``agreements`` and an ``involvements`` sheet with a
``relation_id`` column. Every value is converted as little as possible, so that the policy
engine's parser validates sheets and JSON alike; problems are then mapped back from a subject
path (``budget.held_by``) to the sheet, row and column the user sees.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from intrel.core.formatting import number as format_number
from intrel.partners.countries import country_code_for_name

from .constants import ImportFormat
from .limits import (
    FileRefused,
    ImportLimits,
    LimitExceeded,
    bad_characters,
    check_archive,
    check_json_shape,
    check_sheet_xml,
    clean_tree,
    cleaned,
    columns_exceeded,
    row_where,
    rows_exceeded,
    shorten_cell,
    workbook_unreadable,
)
from .messages import json_error_reason

RELATIONS_SHEET = "relations"
AGREEMENTS_SHEET = "agreements"
INVOLVEMENTS_SHEET = "involvements"

# (column, required, meaning, allowed values): the single source of the template's explanation
# sheet and of docs/import.md.
RELATION_COLUMNS: list[tuple[str, bool, Any, str]] = [
    (
        "id",
        True,
        gettext_lazy("Stable identifier (slug); an existing id updates that relation."),
        "a-z, 0-9, - and _",
    ),
    ("name", True, gettext_lazy("Name of the relation."), ""),
    ("partner_name", True, gettext_lazy("The partner's name, as the partner writes it."), ""),
    (
        "partner_country",
        True,
        gettext_lazy("The partner's country."),
        "ISO 3166-1 alpha-2, e.g. BE",
    ),
    (
        "partner_kind",
        True,
        gettext_lazy("What the partner is."),
        "city, region, country, organisation",
    ),
    (
        "registered_kind",
        True,
        gettext_lazy("How the relation is filed today."),
        "twinning, solidarity, economic, friendship, other",
    ),
    (
        "status",
        False,
        gettext_lazy("Status (default active)."),
        "proposed, active, suspended, friendship, ending, ended",
    ),
    (
        "initiated_by",
        True,
        gettext_lazy("Who took the initiative."),
        "residents, civil_society, business, knowledge_institution, municipality, council, "
        "region, partner",
    ),
    (
        "purposes",
        True,
        gettext_lazy("What it is for; at least one, separated by ;"),
        "development, humanitarian, human_rights, local_governance, economy, acquisition, trade, "
        "culture, art, sport, environment, urban_planning, education, youth, heritage, "
        "city_marketing, other",
    ),
    (
        "mutual_value",
        False,
        gettext_lazy("Comparable value for both partners (default no)."),
        "ja, nee, yes, no, true, false",
    ),
    (
        "parties",
        False,
        gettext_lazy("Other parties taking part, as name:sector, separated by ;"),
        "sector: government, business, knowledge, civil_society",
    ),
    (
        "owner_kind",
        False,
        gettext_lazy("Who in the municipality owns it (default none)."),
        "executive_board, portfolio, committee, civil_society, none",
    ),
    (
        "owner_portfolio",
        False,
        gettext_lazy("Portfolio code when the owner is a portfolio."),
        "e.g. EZ",
    ),
    (
        "budget_money_eur_per_year",
        False,
        gettext_lazy("Money per year in euros (default 0)."),
        "a number, e.g. 5000 or 5000.50",
    ),
    (
        "budget_staff_hours_per_year",
        False,
        gettext_lazy("Staff hours per year (default 0)."),
        "a number",
    ),
    (
        "budget_held_by",
        False,
        gettext_lazy("Who holds the budget (default none)."),
        "executive_board, portfolio, committee, none",
    ),
    (
        "budget_portfolio",
        False,
        gettext_lazy("Portfolio code when a portfolio holds the budget."),
        "e.g. EZ",
    ),
]
AGREEMENT_COLUMNS: list[tuple[str, bool, Any, str]] = [
    ("relation_id", True, gettext_lazy("The id of a relation in the relations sheet."), ""),
    ("title", True, gettext_lazy("Title of the agreement."), ""),
    ("signed", True, gettext_lazy("Date signed."), "YYYY-MM-DD"),
    ("ends", False, gettext_lazy("End date; empty when it has no end."), "YYYY-MM-DD"),
    (
        "notice_months",
        False,
        gettext_lazy("Notice period in months (default 0)."),
        "a whole number",
    ),
    (
        "renews_automatically",
        False,
        gettext_lazy("Renews automatically (default no)."),
        "ja, nee, yes, no, true, false",
    ),
    (
        "renewal_months",
        False,
        gettext_lazy("Term of each renewal; empty: the original term."),
        "a whole number, 1 or more",
    ),
]
INVOLVEMENT_COLUMNS: list[tuple[str, bool, Any, str]] = [
    ("relation_id", True, gettext_lazy("The id of a relation in the relations sheet."), ""),
    (
        "actor",
        True,
        gettext_lazy("Who is involved."),
        "mayor, alderman, executive_board, council, committee, civil_servant",
    ),
    ("portfolio", False, gettext_lazy("Portfolio code, e.g. EZ."), ""),
    ("start", True, gettext_lazy("Start date."), "YYYY-MM-DD"),
    ("end", False, gettext_lazy("End date; empty when open."), "YYYY-MM-DD"),
    ("initiative", False, gettext_lazy("Id of the citizen initiative it follows."), ""),
]
SHEET_COLUMNS = {
    RELATIONS_SHEET: RELATION_COLUMNS,
    AGREEMENTS_SHEET: AGREEMENT_COLUMNS,
    INVOLVEMENTS_SHEET: INVOLVEMENT_COLUMNS,
}

EXAMPLE_ROWS: dict[str, list[Any]] = {
    RELATIONS_SHEET: [
        "helmond-mechelen",
        "Stedenband Helmond – Mechelen",
        "Mechelen",
        "BE",
        "city",
        "twinning",
        "active",
        "municipality",
        "culture;city_marketing;sport",
        "ja",
        "Stichting Voorbeeld:civil_society",
        "portfolio",
        "CUL",
        "5000",
        "40",
        "portfolio",
        "CUL",
    ],
    AGREEMENTS_SHEET: ["helmond-mechelen", "Jumelage-akte", "1995-05-01", "", 6, "ja", 12],
    INVOLVEMENTS_SHEET: ["helmond-mechelen", "mayor", "", "2024-01-01", "2024-12-31", ""],
}

_TRUE = {"ja", "j", "yes", "y", "true", "waar", "1"}
_FALSE = {"nee", "n", "no", "false", "onwaar", "0"}
_DUTCH_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")


__all__ = ["FileRefused", "LimitExceeded"]


@dataclass
class Entry:
    """One relation read from the file: where it came from and the subject it gives."""

    label: str  # what the user sees: "row 3" or the subject id
    subject: dict[str, Any]
    row: int | None = None
    # Sheet rows of the agreements/involvements the subject lists, by list index.
    agreement_rows: list[int] = field(default_factory=list)
    involvement_rows: list[int] = field(default_factory=list)


@dataclass
class ReadResult:
    format: str
    entries: list[Entry]
    problems: list[dict[str, Any]]


def problem(
    *,
    reason: str,
    row: int | None = None,
    column: str = "",
    subject_id: str | None = None,
    sheet: str = "",
) -> dict[str, Any]:
    """A problem as stored on a batch and shown on the page and the command line."""
    return {
        "sheet": sheet,
        "row": row,
        "column": column,
        "subject_id": subject_id,
        "reason": str(reason),
    }


# Line breaks a value from the file may hold (an id, a key, a header cell), as Python writes them.
_LINE_BREAKS = str.maketrans({"\n": "\\n", "\r": "\\r", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def problem_line(p: dict[str, Any]) -> str:
    """``row 3, column purposes: …`` for sheets, ``relation "x": path: …`` for JSON.

    Always one line: the command prints one problem a line, so a line break the file put in an
    id or a column name is written as ``\\n`` rather than starting a line of its own.
    """
    return _problem_text(p).translate(_LINE_BREAKS)


def _problem_text(p: dict[str, Any]) -> str:
    if p.get("row") is not None:
        where = _("row %(row)s") % {"row": p["row"]}
        if p.get("sheet") and p["sheet"] != RELATIONS_SHEET:
            where = _("sheet %(sheet)s, %(where)s") % {"sheet": p["sheet"], "where": where}
        if p.get("column"):
            where += ", " + _("column %(column)s") % {"column": p["column"]}
        return f"{where}: {p['reason']}"
    subject_id = p.get("subject_id")
    who = _('relation "%(id)s"') % {"id": subject_id} if subject_id else _("file")
    column = p.get("column")
    if column and column != "(subject)":
        return f"{who}: {column}: {p['reason']}"
    return f"{who}: {p['reason']}"


# --- type detection -------------------------------------------------------------------------

_EXTENSIONS = {".json": ImportFormat.JSON, ".csv": ImportFormat.CSV, ".xlsx": ImportFormat.XLSX}


def detect_format(filename: str, content: bytes) -> str:
    """The file's format from its extension, confirmed by its content; refuse otherwise."""
    lower = filename.lower()
    ext = next((e for e in _EXTENSIONS if lower.endswith(e)), None)
    if ext is None:
        raise FileRefused(
            _("%(name)s: only .json, .csv and .xlsx files can be imported.") % {"name": filename},
            field="file",
        )
    fmt = _EXTENSIONS[ext]
    if not content.strip() or content.strip() == _BOM:
        raise FileRefused(_("%(name)s is empty.") % {"name": filename}, field="file")
    is_zip = content[:4] == b"PK\x03\x04"
    if fmt == ImportFormat.XLSX:
        if not is_zip or not _is_xlsx(content):
            raise FileRefused(
                _("%(name)s is not an Excel workbook (.xlsx), whatever its name says.")
                % {"name": filename},
                field="file",
            )
        return fmt
    if is_zip or b"\x00" in content[:4096]:
        raise FileRefused(
            _("%(name)s is not a text file, so it cannot be %(format)s.")
            % {"name": filename, "format": fmt.upper()},
            field="file",
        )
    if fmt == ImportFormat.JSON and content.removeprefix(_BOM).lstrip()[:1] not in (b"[", b"{"):
        raise FileRefused(
            _("%(name)s does not hold JSON (it should start with [ or {).") % {"name": filename},
            field="file",
        )
    return fmt


_BOM = b"\xef\xbb\xbf"


def _is_xlsx(content: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _decode(content: bytes, *, fmt: str) -> str:
    """The file's text: UTF-8 (with or without BOM); a CSV may also be Windows-1252."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        error = exc
    if fmt == ImportFormat.CSV:
        # Excel on Dutch Windows saves CSV as Windows-1252.
        try:
            return content.decode("cp1252")
        except UnicodeDecodeError as exc:
            error = exc
    line = content.count(b"\n", 0, error.start) + 1
    raise FileRefused(
        _(
            "The file is not UTF-8 text: line %(line)s holds a byte (0x%(byte)02X) that is not "
            "UTF-8. Save the file as UTF-8 and upload it again."
        )
        % {"line": format_number(line, 0), "byte": content[error.start]},
        field="file",
    )


# --- reading --------------------------------------------------------------------------------


def read_file(filename: str, content: bytes, limits: ImportLimits | None = None) -> ReadResult:
    """Read an import file into entries and the problems found while reading.

    Raises ``FileRefused`` (``LimitExceeded`` for a file over an ``INTREL_IMPORT_*`` limit).
    """
    limits = limits or ImportLimits.from_settings()
    fmt = detect_format(filename, content)
    if fmt == ImportFormat.JSON:
        return read_json(content, limits)
    if fmt == ImportFormat.CSV:
        return read_csv(content, limits)
    return read_xlsx(content, limits)


def read_json(content: bytes, limits: ImportLimits | None = None) -> ReadResult:
    limits = limits or ImportLimits.from_settings()
    text = _decode(content, fmt=ImportFormat.JSON)
    # Depth and the number of items before parsing: the parser recurses once per level.
    check_json_shape(text, limits)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileRefused(
            _("The JSON cannot be read at line %(line)s, column %(column)s: %(reason)s.")
            % {
                "line": format_number(exc.lineno, 0),
                "column": format_number(exc.colno, 0),
                "reason": json_error_reason(exc.msg),
            },
            field="file",
        ) from None
    except (ValueError, RecursionError):
        # A number of thousands of digits (Python's int limit), or nesting the shape check
        # did not see; neither belongs in a list of relations.
        raise FileRefused(
            _("The JSON cannot be read: it holds a number too long or nesting too deep."),
            field="file",
        ) from None
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise FileRefused(_("The JSON must be a list of relation subjects."), field="file")
    entries: list[Entry] = []
    problems: list[dict[str, Any]] = []
    for index, item in enumerate(data):
        label = f"#{index + 1}"
        if not isinstance(item, dict):
            problems.append(problem(reason=_("not an object"), subject_id=label))
            continue
        # A NUL or a lone surrogate cannot be stored (nor shown): name it, store it cleaned.
        found: list[tuple[str, str]] = []
        item = clean_tree(item, "", found)
        if isinstance(item.get("id"), str) and item["id"]:
            label = item["id"]
        for path, reason in found:
            problems.append(problem(reason=reason, column=path, subject_id=label))
        entries.append(Entry(label=label, subject=item))
    return ReadResult(ImportFormat.JSON, entries, problems)


class _SheetRows:
    """The non-blank rows of one sheet, read one by one within the limits.

    Each row is a list of values with trailing empty cells dropped. A cell with characters text
    cannot hold becomes a problem (row and column) and is kept cleaned.
    """

    def __init__(self, sheet: str, limits: ImportLimits, problems: list[dict[str, Any]]) -> None:
        self.sheet = sheet
        self.limits = limits
        self.problems = problems
        self.rows: list[tuple[int, list[Any]]] = []
        self.header: list[str] = []
        self.label = "" if sheet == RELATIONS_SHEET else sheet

    def add(self, number_: int, values: Any) -> None:
        values = list(values)
        while values and (values[-1] is None or values[-1] == ""):
            values.pop()
        if _blank(values):
            return
        if len(values) > self.limits.max_columns:
            raise columns_exceeded(
                len(values), self.limits.max_columns, row=number_, sheet=self.label
            )
        # The header plus at most max_rows rows of data.
        if len(self.rows) > self.limits.max_rows:
            raise rows_exceeded(self.limits.max_rows, sheet=self.label)
        if not self.rows:
            self.header = [str(v).strip().lower() if v is not None else "" for v in values]
        for index, value in enumerate(values):
            if not isinstance(value, str):
                continue
            column = self._column(index)
            if len(value) > self.limits.max_cell_chars:
                raise LimitExceeded(
                    _(
                        "%(where)s, column %(column)s holds %(found)s characters; at most "
                        "%(limit)s (limit: INTREL_IMPORT_MAX_CELL_CHARS)."
                    )
                    % {
                        "where": row_where(number_, self.label),
                        "column": column,
                        "found": format_number(len(value), 0),
                        "limit": format_number(self.limits.max_cell_chars, 0),
                    }
                    + " "
                    + shorten_cell(),
                    field="file",
                )
            reason = bad_characters(value)
            if reason:
                self.problems.append(
                    problem(sheet=self.sheet, row=number_, column=column, reason=reason)
                )
                values[index] = cleaned(value)
        self.rows.append((number_, values))

    def _column(self, index: int) -> str:
        from openpyxl.utils import get_column_letter

        name = self.header[index] if index < len(self.header) else ""
        # A column without a name, as the spreadsheet shows it (0 -> A, 26 -> AA).
        return cleaned(name) or get_column_letter(index + 1)


def read_csv(content: bytes, limits: ImportLimits | None = None) -> ReadResult:
    limits = limits or ImportLimits.from_settings()
    text = _decode(content, fmt=ImportFormat.CSV)
    end = text.find("\n")
    first_line = text if end < 0 else text[:end]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    problems: list[dict[str, Any]] = []
    rows = _SheetRows(RELATIONS_SHEET, limits, problems)
    number_ = 0
    try:
        # The reader yields one record at a time; reading stops at the first limit exceeded.
        for number_, values in enumerate(reader, start=1):
            rows.add(number_, values)
    except csv.Error:
        # The csv module's own limit on a field (128 KB) or a damaged quote.
        raise FileRefused(
            _(
                "Row %(row)s cannot be read as CSV: a cell is too long or a quote is not "
                "closed (limit per cell: INTREL_IMPORT_MAX_CELL_CHARS, %(limit)s characters)."
            )
            % {
                "row": format_number(number_ + 1, 0),
                "limit": format_number(limits.max_cell_chars, 0),
            },
            field="file",
        ) from None
    return _read_sheets({RELATIONS_SHEET: rows.rows}, ImportFormat.CSV, problems)


def read_xlsx(content: bytes, limits: ImportLimits | None = None) -> ReadResult:
    """Read the workbook in read-only (streaming) mode, after checking its ZIP directory."""
    from openpyxl import load_workbook

    limits = limits or ImportLimits.from_settings()
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        raise workbook_unreadable() from None
    with archive:
        check_archive(archive, limits)
        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds for a damaged file
            raise workbook_unreadable() from None
        return _read_workbook(workbook, archive, limits)


def _read_workbook(workbook: Any, archive: zipfile.ZipFile, limits: ImportLimits) -> ReadResult:
    problems: list[dict[str, Any]] = []
    sheets: dict[str, list[tuple[int, list[Any]]]] = {}
    try:
        names = {name.strip().lower(): name for name in workbook.sheetnames}
        relations_name = names.get(RELATIONS_SHEET, workbook.sheetnames[0])
        chosen = [(RELATIONS_SHEET, relations_name)]
        chosen += [(k, names[k]) for k in (AGREEMENTS_SHEET, INVOLVEMENTS_SHEET) if k in names]
        for key, name in chosen:
            sheet = workbook[name]
            # The sheet's XML streamed first: openpyxl holds a whole row in memory.
            path = getattr(sheet, "_worksheet_path", None)
            paths = (
                [path]
                if path
                else [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
            )
            for member in paths:
                with archive.open(member.lstrip("/")) as stream:
                    check_sheet_xml(stream, limits, sheet=name)
            # Ignore the dimension the file claims (it may say A1:XFD1048576): each row is as
            # wide as its last cell, and rows are read one at a time.
            sheet.reset_dimensions()
            rows = _SheetRows(key, limits, problems)
            for number_, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                rows.add(number_, values)
            sheets[key] = rows.rows
    except FileRefused:
        raise
    except Exception:  # a damaged sheet: XML errors, impossible dates, …
        raise workbook_unreadable() from None
    finally:
        workbook.close()
    return _read_sheets(sheets, ImportFormat.XLSX, problems)


def _blank(values: list[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _header(
    sheet: str, rows: list[tuple[int, list[Any]]], problems: list[dict[str, Any]]
) -> tuple[list[str], list[tuple[int, dict[str, Any]]]]:
    """The sheet's column names and its data rows as {column: value}, skipping blank rows."""
    rows = [(n, r) for n, r in rows if not _blank(r)]
    if not rows:
        return [], []
    header_row, header_values = rows[0]
    header = [str(v).strip().lower() if v is not None else "" for v in header_values]
    known = {c[0] for c in SHEET_COLUMNS[sheet]}
    for name in header:
        if name and name not in known:
            problems.append(
                problem(
                    sheet=sheet,
                    row=header_row,
                    column=name,
                    reason=_("unknown column (see the template for the columns)"),
                )
            )
    for name, required, *_rest in SHEET_COLUMNS[sheet]:
        if required and name not in header:
            problems.append(
                problem(sheet=sheet, row=header_row, column=name, reason=_("column missing"))
            )
    data = []
    for number, values in rows[1:]:
        data.append(
            (
                number,
                {
                    name: values[i] if i < len(values) else None
                    for i, name in enumerate(header)
                    if name in known
                },
            )
        )
    return header, data


def _text(value: Any) -> str | None:
    """A cell as text, or None when empty."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def _bool(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    text = _text(value)
    if text is None:
        return None
    if text.lower() in _TRUE:
        return True
    if text.lower() in _FALSE:
        return False
    return text  # left for the engine to name: "not true or false"


def _amount(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = _text(value)
    if text is None:
        return None
    text = text.replace("€", "").replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")  # Dutch decimal comma
    return text


def _int(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    text = _text(value)
    if text is None:
        return None
    return int(text) if text.isascii() and text.isdigit() else text


def _date(value: Any) -> Any:
    text = _text(value)
    if text is None:
        return None
    match = _DUTCH_DATE.fullmatch(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return text
    return text


def _country(value: Any) -> Any:
    text = _text(value)
    if text is None:
        return None
    if len(text) == 2:
        return text.upper()
    return country_code_for_name(text) or text


def _set(target: dict[str, Any], key: str, value: Any) -> None:
    if value is not None:
        target[key] = value


def _relation_subject(
    number: int, cells: dict[str, Any], problems: list[dict[str, Any]]
) -> dict[str, Any]:
    subject: dict[str, Any] = {"subject": "relation"}
    _set(subject, "id", _text(cells.get("id")))
    _set(subject, "name", _text(cells.get("name")))
    partner: dict[str, Any] = {}
    _set(partner, "name", _text(cells.get("partner_name")))
    _set(partner, "country", _country(cells.get("partner_country")))
    kind = _text(cells.get("partner_kind"))
    _set(partner, "kind", kind.lower() if kind else None)
    subject["partner"] = partner
    for key in ("registered_kind", "status", "initiated_by"):
        value = _text(cells.get(key))
        _set(subject, key, value.lower() if value else None)
    purposes = _text(cells.get("purposes"))
    if purposes is not None:
        subject["purposes"] = [
            p.strip().lower().replace(" ", "_") for p in re.split(r"[;,]", purposes) if p.strip()
        ]
    _set(subject, "mutual_value", _bool(cells.get("mutual_value")))
    parties_text = _text(cells.get("parties"))
    if parties_text is not None:
        parties = []
        for part in (p.strip() for p in parties_text.split(";")):
            if not part:
                continue
            name, colon, sector = part.rpartition(":")
            if not colon or not name.strip():
                problems.append(
                    problem(
                        sheet=RELATIONS_SHEET,
                        row=number,
                        column="parties",
                        subject_id=subject.get("id"),
                        reason=_("write each party as name:sector, not %(value)r")
                        % {"value": part},
                    )
                )
                continue
            parties.append({"name": name.strip(), "sector": sector.strip().lower()})
        subject["parties"] = parties
    owner: dict[str, Any] = {}
    owner_kind = _text(cells.get("owner_kind"))
    _set(owner, "kind", owner_kind.lower() if owner_kind else None)
    _set(owner, "portfolio", _text(cells.get("owner_portfolio")))
    if owner:
        subject["owner"] = owner
    budget: dict[str, Any] = {}
    _set(budget, "money_eur_per_year", _amount(cells.get("budget_money_eur_per_year")))
    _set(budget, "staff_hours_per_year", _amount(cells.get("budget_staff_hours_per_year")))
    held_by = _text(cells.get("budget_held_by"))
    _set(budget, "held_by", held_by.lower() if held_by else None)
    _set(budget, "portfolio", _text(cells.get("budget_portfolio")))
    if budget:
        subject["budget"] = budget
    return subject


def _agreement(cells: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = {}
    _set(item, "title", _text(cells.get("title")))
    _set(item, "signed", _date(cells.get("signed")))
    _set(item, "ends", _date(cells.get("ends")))
    _set(item, "notice_months", _int(cells.get("notice_months")))
    _set(item, "renews_automatically", _bool(cells.get("renews_automatically")))
    _set(item, "renewal_months", _int(cells.get("renewal_months")))
    return item


def _involvement(cells: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = {}
    actor = _text(cells.get("actor"))
    _set(item, "actor", actor.lower() if actor else None)
    _set(item, "portfolio", _text(cells.get("portfolio")))
    _set(item, "start", _date(cells.get("start")))
    _set(item, "end", _date(cells.get("end")))
    _set(item, "initiative", _text(cells.get("initiative")))
    return item


def _read_sheets(
    sheets: dict[str, list[tuple[int, list[Any]]]], fmt: str, problems: list[dict[str, Any]]
) -> ReadResult:
    _header_names, relation_rows = _header(RELATIONS_SHEET, sheets[RELATIONS_SHEET], problems)
    entries: list[Entry] = []
    by_id: dict[str, Entry] = {}
    for number, cells in relation_rows:
        subject = _relation_subject(number, cells, problems)
        entry = Entry(label=_("row %(row)d") % {"row": number}, subject=subject, row=number)
        entries.append(entry)
        if isinstance(subject.get("id"), str):
            by_id.setdefault(subject["id"], entry)
    # Problems found while reading a row (a character text cannot hold) name its relation too.
    ids = {e.row: e.subject["id"] for e in entries if isinstance(e.subject.get("id"), str)}
    for p in problems:
        if p["subject_id"] is None and p["sheet"] == RELATIONS_SHEET and p["row"] in ids:
            p["subject_id"] = ids[p["row"]]
    if not entries and not problems:
        problems.append(
            problem(sheet=RELATIONS_SHEET, row=1, reason=_("the sheet has no rows to import"))
        )
    for sheet, key, rows_attr, convert in (
        (AGREEMENTS_SHEET, "agreements", "agreement_rows", _agreement),
        (INVOLVEMENTS_SHEET, "involvements", "involvement_rows", _involvement),
    ):
        if sheet not in sheets:
            continue
        _names, rows = _header(sheet, sheets[sheet], problems)
        for number, cells in rows:
            relation_id = _text(cells.get("relation_id"))
            target = by_id.get(relation_id or "")
            if target is None:
                problems.append(
                    problem(
                        sheet=sheet,
                        row=number,
                        column="relation_id",
                        reason=_("no relation with id %(id)r in the relations sheet")
                        % {"id": relation_id or ""},
                    )
                )
                continue
            target.subject.setdefault(key, []).append(convert(cells))
            getattr(target, rows_attr).append(number)
    return ReadResult(fmt, entries, problems)


_LIST_INDEX = re.compile(r"^(agreements|involvements)\[(\d+)\]\.?(.*)$")


def locate(entry: Entry, path: str) -> tuple[str, int | None, str]:
    """Map a subject path of ``entry`` to (sheet, row, column) as the user sees them."""
    if entry.row is None:
        return "", None, path
    match = _LIST_INDEX.match(path)
    if match:
        key, index, rest = match.group(1), int(match.group(2)), match.group(3)
        rows = entry.agreement_rows if key == "agreements" else entry.involvement_rows
        sheet = AGREEMENTS_SHEET if key == "agreements" else INVOLVEMENTS_SHEET
        row = rows[index] if index < len(rows) else entry.row
        return sheet, row, rest or key
    base = re.sub(r"\[\d+\].*$", "", path)
    if base in ("purposes", "parties", "agreements", "involvements"):
        return RELATIONS_SHEET, entry.row, base
    column = path.replace(".", "_")
    if column in ("partner", "owner", "budget"):
        column = {"partner": "partner_name", "owner": "owner_kind", "budget": "budget_held_by"}[
            column
        ]
    if column in ("(subject)", "subject"):
        column = ""
    return RELATIONS_SHEET, entry.row, column
