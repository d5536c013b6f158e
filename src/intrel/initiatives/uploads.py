"""An initiator's attachment: a PDF (the shared document check) or a PNG/JPEG image, checked
by content and size, never by name alone (issue 13)."""

from typing import Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from intrel.core.errors import DomainError
from intrel.core.uploads import HTML_MARKERS, document_check

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_END = b"IEND\xaeB`\x82"
IMAGE_KINDS = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}


def _image_problem(data: bytes, kind: str) -> bool:
    """True when ``data`` is not a whole PNG or JPEG image of the kind its name claims."""
    if HTML_MARKERS.search(data):
        return True
    if kind == "png":
        return not (data.startswith(PNG_SIGNATURE) and data.rstrip(b"\x00").endswith(PNG_END))
    return not (data.startswith(b"\xff\xd8\xff") and data.rstrip(b"\x00").endswith(b"\xff\xd9"))


def attachment_check(upload: Any, *, field: str = "attachments") -> str:
    """The content type of an acceptable attachment; raises DomainError naming ``field``."""
    name = upload.name or ""
    claimed = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if claimed == "pdf":
        document_check(upload, field=field)
        return "application/pdf"
    if claimed not in IMAGE_KINDS:
        raise DomainError(
            _("%(name)s: only PDF files and PNG or JPEG images are accepted.") % {"name": name},
            field=field,
        )
    limit = settings.INTREL_MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > limit:
        raise DomainError(
            _("%(name)s is %(size)s; at most %(limit)s is accepted.")
            % {
                "name": name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(limit),
            },
            field=field,
        )
    upload.seek(0)
    data = bytes(upload.read())
    upload.seek(0)
    kind = "jpg" if claimed == "jpeg" else claimed
    if _image_problem(data, kind):
        raise DomainError(
            _(
                "%(name)s is called .%(ext)s but its content is not a %(kind)s image. Save the "
                "image again and upload that file."
            )
            % {"name": name, "ext": claimed, "kind": "PNG" if kind == "png" else "JPEG"},
            field=field,
        )
    return IMAGE_KINDS[claimed]
