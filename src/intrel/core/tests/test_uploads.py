"""Uploads are checked by structure (issue 9.8): a PDF that parses and ends as a PDF, a DOCX
bounded from its ZIP directory before anything is unpacked. The bombs are cheap and bounded."""

import io
import time
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from pypdf import PdfWriter

from intrel.core.errors import DomainError
from intrel.core.tests.zips import with_claimed_size
from intrel.core.uploads import document_check

HTML = b"<html><body><script>alert(document.cookie)</script></body></html>\n"


def real_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def real_docx(extra: dict[str, bytes] | None = None, *, document: bool = True) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        if document:
            archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return out.getvalue()


def check(name: str, content: bytes) -> str:
    return document_check(SimpleUploadedFile(name, content))


def refused(name: str, content: bytes) -> str:
    with pytest.raises(DomainError) as exc:
        check(name, content)
    assert exc.value.field == "document"
    return exc.value.message


def test_genuine_documents_are_accepted() -> None:
    assert check("verdrag.pdf", real_pdf()) == "pdf"
    assert check("verdrag.pdf", real_pdf() + b"\r\n") == "pdf"
    assert check("verdrag.docx", real_docx()) == "docx"


@pytest.mark.parametrize(
    "content",
    [
        real_pdf() + HTML,  # HTML appended after %%EOF
        real_pdf() + HTML + b"%%EOF\n",  # ... and a new %%EOF after it
        b"%PDF-<html>" + HTML,  # only the magic bytes, then HTML
        b"%PDF-<html>",
        b"%PDF-1.4\n%%EOF\n",  # the right start and end, nothing between
        b"%PDF-1.7 " + b"x" * 2000 + b"\n%%EOF",
    ],
)
def test_a_pdf_that_is_not_a_pdf_is_refused(content: bytes) -> None:
    assert "not a PDF document" in refused("verdrag.pdf", content)


@pytest.mark.parametrize(
    "content",
    [
        real_docx(document=False),
        real_docx({"word/other.xml": b"<x/>"}, document=False),
        b"PK\x03\x04 broken zip",
    ],
)
def test_a_docx_without_a_document_is_refused(content: bytes) -> None:
    assert "not a DOCX document" in refused("verdrag.docx", content)


def _bounded(name: str, content: bytes) -> str:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        message = refused(name, content)
        elapsed = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < 1.0, elapsed
    assert peak < 20 * 1024 * 1024, peak
    return message


def test_a_docx_whose_directory_claims_gigabytes_is_refused_unopened() -> None:
    bomb = with_claimed_size(
        real_docx({"word/media/x.bin": b"x" * 1000}), "word/media/x.bin", 2**32 - 1
    )
    assert zipfile.ZipFile(io.BytesIO(bomb)).getinfo("word/media/x.bin").file_size == 2**32 - 1
    message = _bounded("verdrag.docx", bomb)
    assert "unpacks to 4.0" in message and "at most 100.0" in message


def test_a_highly_compressed_member_is_refused() -> None:
    # 2 MiB of zeros packs into a few KB: a ratio no document has (default limit 200).
    packed = real_docx({"word/media/zeros.bin": b"\x00" * (2 * 1024 * 1024)})
    assert len(packed) < 20_000
    assert "compressed" in _bounded("verdrag.docx", packed)


def test_limits_come_from_settings(settings) -> None:
    settings.INTREL_DOCX_MAX_UNPACKED_BYTES = 10_000
    message = _bounded("verdrag.docx", real_docx({"word/big.xml": b"<a/>" * 5000}))
    assert "unpacks to" in message
    settings.INTREL_DOCX_MAX_UNPACKED_BYTES = 100 * 1024 * 1024
    settings.INTREL_DOCX_MAX_MEMBERS = 5
    many = real_docx({f"word/part{i}.xml": b"<a/>" for i in range(10)})
    assert "at most 5 are accepted" in _bounded("verdrag.docx", many)


def test_a_refused_document_says_what_to_do_next() -> None:
    assert refused("verdrag.pdf", b"%PDF-<html>").endswith(
        "Save or export the document as PDF again and upload that file."
    )
    with translation.override("nl"):
        assert refused("verdrag.docx", b"PK\x03\x04 broken zip") == (
            "Het bestand heet .docx, maar de inhoud is geen DOCX-document. Sla het document "
            "opnieuw op of exporteer het als DOCX en upload dat bestand."
        )
