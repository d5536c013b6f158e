"""Uploaded documents: checked by size and by content, never by name alone."""

import zipfile
from typing import Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .errors import DomainError


def _pdf_or_docx(upload: Any) -> str | None:
    """What the content is: ``pdf``, ``docx`` or None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            return None
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
    if _pdf_or_docx(upload) != claimed:
        raise DomainError(
            _("The file is called .%(ext)s but its content is not a %(kind)s document.")
            % {"ext": claimed, "kind": claimed.upper()},
            field=field,
        )
    return claimed
