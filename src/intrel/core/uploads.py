"""Uploaded documents: checked by size and by structure, never by name or first bytes alone.

- PDF: starts with ``%PDF-``, ends with ``%%EOF`` (only whitespace after it, within the last
  1024 bytes), holds no HTML (``<html``, ``<script``, ``<!doctype``, ``<iframe``), and
  parses with pypdf into at least one page. A PDF with HTML appended, or a file that is only
  ``%PDF-<html>``, is refused.
- DOCX: a ZIP whose member count, total unpacked size and compression ratio are bounded from
  the ZIP's central directory *before* anything is unpacked (a 1 MB "zip bomb" that unpacks to
  1 GiB is refused without unpacking it), holding ``word/document.xml`` that starts as XML.

Limits (settings, defaults in ``conf/base.py``): ``INTREL_MAX_UPLOAD_BYTES`` (the file),
``INTREL_DOCX_MAX_MEMBERS`` (1000), ``INTREL_DOCX_MAX_UNPACKED_BYTES`` (100 MiB) and
``INTREL_DOCX_MAX_RATIO`` (200: unpacked/packed, for members above 64 KiB and for the whole).
"""

import io
import re
import zipfile
from typing import Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .errors import DomainError

PDF_TAIL_BYTES = 1024
# Tags a browser would act on. Short names (body, svg) are left out: in a large PDF's compressed
# streams they would occur by chance and refuse a genuine document.
HTML_MARKERS = re.compile(rb"<(html|script|!doctype|iframe)\b", re.IGNORECASE)
RATIO_CHECKED_FROM = 64 * 1024  # small members may compress very well; only larger ones count


def _read_all(upload: Any) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return bytes(data)


def _pdf_problem(data: bytes) -> str | None:
    """Why ``data`` is not a genuine PDF, or None."""
    if not data.startswith(b"%PDF-"):
        return "not a PDF"
    tail = data[-PDF_TAIL_BYTES:]
    end = tail.rfind(b"%%EOF")
    if end < 0:
        return "no %%EOF"
    if tail[end + len(b"%%EOF") :].strip(b" \t\r\n\x00\x0c"):
        return "content after %%EOF"
    if HTML_MARKERS.search(data):
        return "HTML inside"
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if len(reader.pages) < 1:
            return "no pages"
    except Exception:  # pypdf raises many kinds for a damaged or fake file
        return "does not parse"
    return None


def _docx_problem(upload: Any, field: str) -> str | None:
    """Why ``upload`` is not a genuine DOCX, or None; raises DomainError for a limit hit."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()  # the central directory only: nothing unpacked yet
            max_members = settings.INTREL_DOCX_MAX_MEMBERS
            if len(members) > max_members:
                raise DomainError(
                    _("The DOCX file holds %(n)d parts; at most %(limit)d are accepted.")
                    % {"n": len(members), "limit": max_members},
                    field=field,
                )
            unpacked = sum(m.file_size for m in members)
            packed = sum(m.compress_size for m in members)
            max_unpacked = settings.INTREL_DOCX_MAX_UNPACKED_BYTES
            if unpacked > max_unpacked:
                raise DomainError(
                    _("The DOCX file unpacks to %(size)s; at most %(limit)s is accepted.")
                    % {"size": filesizeformat(unpacked), "limit": filesizeformat(max_unpacked)},
                    field=field,
                )
            max_ratio = settings.INTREL_DOCX_MAX_RATIO
            ratios = [
                m.file_size / max(m.compress_size, 1)
                for m in members
                if m.file_size > RATIO_CHECKED_FROM
            ]
            if unpacked > RATIO_CHECKED_FROM:
                ratios.append(unpacked / max(packed, 1))
            if ratios and max(ratios) > max_ratio:
                raise DomainError(
                    _(
                        "The DOCX file is compressed %(ratio)d times; at most %(limit)d times "
                        "is accepted for a document."
                    )
                    % {"ratio": int(max(ratios)), "limit": max_ratio},
                    field=field,
                )
            names = {m.filename for m in members}
            if "word/document.xml" not in names:
                return "no word/document.xml"
            with archive.open("word/document.xml") as document:
                head = document.read(256)  # bounded: the declared size was checked above
            if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
                return "word/document.xml is not XML"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return "not a ZIP"
    except NotImplementedError:  # an unsupported compression method
        return "unsupported ZIP"
    finally:
        upload.seek(0)
    return None


def document_check(upload: Any, *, field: str = "document") -> str:
    """Refuse a document that is too large, or that is not the PDF or DOCX its name claims.

    Returns the kind (``pdf`` or ``docx``); raises DomainError naming ``field`` and the reason.
    """
    limit = settings.INTREL_MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > limit:
        raise DomainError(
            _("The file is %(size)s; at most %(limit)s is accepted.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            field=field,
        )
    name = upload.name or ""
    claimed = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if claimed not in ("pdf", "docx"):
        raise DomainError(_("Only PDF and DOCX files are accepted."), field=field)
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if claimed == "pdf":
        problem = _pdf_problem(_read_all(upload)) if head.startswith(b"%PDF-") else "not a PDF"
    else:
        problem = _docx_problem(upload, field) if head.startswith(b"PK\x03\x04") else "not a DOCX"
    if problem is not None:
        raise DomainError(
            _(
                "The file is called .%(ext)s but its content is not a %(kind)s document. Save "
                "or export the document as %(kind)s again and upload that file."
            )
            % {"ext": claimed, "kind": claimed.upper()},
            field=field,
        )
    return claimed
