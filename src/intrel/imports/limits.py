"""Limits on what an import file may hold, checked before and while it is read.

A small file can expand into gigabytes: an XLSX is a ZIP whose members may unpack a thousand
times over, a CSV of a million short lines becomes a million rows, JSON nested ten thousand deep
overflows the parser's recursion. Every limit is a setting (``INTREL_IMPORT_*``, see
``docs/import.md``); a file over one is refused with a message naming the limit and what was
found, before the part that would be too large is read.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from intrel.core.errors import DomainError

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
            max_members=settings.INTREL_IMPORT_MAX_MEMBERS,
            max_compression_ratio=settings.INTREL_IMPORT_MAX_COMPRESSION_RATIO,
        )


def number(value: int) -> str:
    """``10000`` as the interface language writes it (nl ``10.000``, en ``10,000``)."""
    return str(number_format(value, force_grouping=True))


def _mb(value: int) -> str:
    return number(max(1, round(value / (1024 * 1024))))


def rows_exceeded(limit: int, *, sheet: str = "") -> LimitExceeded:
    if sheet:
        message = _(
            "The sheet %(sheet)s has more than %(limit)s rows (limit: INTREL_IMPORT_MAX_ROWS). "
            "Split the file, or ask the application manager to raise the limit."
        ) % {"sheet": sheet, "limit": number(limit)}
    else:
        message = _(
            "The file has more than %(limit)s rows (limit: INTREL_IMPORT_MAX_ROWS). "
            "Split the file, or ask the application manager to raise the limit."
        ) % {"limit": number(limit)}
    return LimitExceeded(message, field="file")


def items_exceeded(found: int, limit: int) -> LimitExceeded:
    return LimitExceeded(
        _(
            "The JSON list holds %(found)s items; at most %(limit)s relations can be imported "
            "at once (limit: INTREL_IMPORT_MAX_ROWS). Split the file."
        )
        % {"found": number(found), "limit": number(limit)},
        field="file",
    )


def columns_exceeded(found: int, limit: int, *, row: int, sheet: str = "") -> LimitExceeded:
    return LimitExceeded(
        _(
            "%(where)s has %(found)s columns; at most %(limit)s are read "
            "(limit: INTREL_IMPORT_MAX_COLUMNS)."
        )
        % {"where": row_where(row, sheet), "found": number(found), "limit": number(limit)},
        field="file",
    )


def row_where(row: int, sheet: str) -> str:
    if sheet:
        return _("Row %(row)s of sheet %(sheet)s") % {"row": number(row), "sheet": sheet}
    return _("Row %(row)s") % {"row": number(row)}


# --- XLSX: the ZIP directory ----------------------------------------------------------------


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
            % {"found": number(len(members)), "limit": number(limits.max_members)},
            field="file",
        )
    total = 0
    for member in members:
        if member.file_size > limits.max_member_bytes:
            raise LimitExceeded(
                _(
                    "The workbook's part %(name)s unpacks to %(found)s MB; at most %(limit)s MB "
                    "(limit: INTREL_IMPORT_MAX_MEMBER_BYTES)."
                )
                % {
                    "name": member.filename[:100],
                    "found": _mb(member.file_size),
                    "limit": _mb(limits.max_member_bytes),
                },
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
                    "found": number(member.file_size // max(member.compress_size, 1)),
                    "limit": number(limits.max_compression_ratio),
                },
                field="file",
            )
        total += member.file_size
    if total > limits.max_unpacked_bytes:
        raise LimitExceeded(
            _(
                "The workbook unpacks to %(found)s MB; at most %(limit)s MB "
                "(limit: INTREL_IMPORT_MAX_UNPACKED_BYTES)."
            )
            % {"found": _mb(total), "limit": _mb(limits.max_unpacked_bytes)},
            field="file",
        )


# --- JSON: depth and number of items, before parsing ----------------------------------------

# A string (with its escapes), or a bracket or comma outside strings.
_JSON_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{},]')


def check_json_shape(text: str, limits: ImportLimits) -> None:
    """Refuse JSON nested deeper than the limit, or a list of more items than rows allowed,
    without parsing it (Python's parser recurses once per level and builds every item)."""
    depth = 0
    top_is_list = False
    separators = 0  # commas between the items of the top-level list
    for match in _JSON_TOKENS.finditer(text):
        part = match.group()
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
                    % {"limit": number(limits.max_json_depth), "line": number(line)},
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


def bad_characters(text: str) -> str | None:
    """Why a text cannot be stored as it is (a NUL, a control character, a lone surrogate)."""
    for char in text:
        code = ord(char)
        if code == 0:
            return _("contains a NUL character (\\u0000), which text cannot hold")
        if 0xD800 <= code <= 0xDFFF:
            return _(
                "contains a lone surrogate (\\u%(code)04x), which is not a character; "
                "the file's text is damaged"
            ) % {"code": code}
        if (code < 0x20 and char not in "\t\n\r") or 0x7F <= code <= 0x9F:
            return _("contains the control character \\u%(code)04x, which text cannot hold") % {
                "code": code
            }
    return None


_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def cleaned(text: str) -> str:
    """The text without the characters ``bad_characters`` names (so the batch can be stored)."""
    return _BAD_CHARS.sub("", text)


def clean_tree(value: Any, path: str, found: list[tuple[str, str]]) -> Any:
    """``value`` with every text cleaned; each text (or key) that needed it goes to ``found``
    as (path, reason). Iterative depth is bounded by ``check_json_shape`` beforehand."""
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
