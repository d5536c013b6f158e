"""The public form and the initiator's private link, as an anonymous visitor (issue 13)."""

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from intrel.core.tests.test_uploads import real_pdf
from intrel.initiatives.constants import EventKind, Step
from intrel.initiatives.models import Initiative, PrivateLink
from intrel.initiatives.services import private_link_issue, token_hash

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)
URL = "/initiatives/new/"


def nl_client() -> Client:
    """A visitor whose browser asks for Dutch (the test settings speak English)."""
    client = Client()
    client.cookies["django_language"] = "nl"
    return client


def form_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Waterputten in Obumu",
        "description": "<script>alert(1)</script> Schoon water voor de school.",
        "country": "UG",
        "place": "Obumu",
        "purposes": ["development"],
        "support_asked": ["money", "letter"],
        "money_asked": "2500",
        "start": "2027-03-01",
        "end": "2027-12-31",
        "organisation": "Stichting Obumu",
        "kvk_number": "12345678",
        "contact_name": "Anna de Vries",
        "contact_email": "anna@example.org",
        "consent": "on",
        "website": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_form_is_public_and_in_dutch() -> None:
    response = nl_client().get(URL)
    assert response.status_code == 200
    assert "Een initiatief voorstellen" in response.content.decode()


def test_a_resident_submits_with_attachments_and_gets_a_private_link(
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = nl_client()
    data = form_data(
        attachments=[
            SimpleUploadedFile("plan.pdf", real_pdf(), "application/pdf"),
            SimpleUploadedFile("foto.png", PNG, "image/png"),
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, data, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 302, response.content.decode()[:3000]
    thanks = client.get(response["Location"])
    initiative = Initiative.objects.get()
    assert initiative.reference in thanks.content.decode()
    assert initiative.step == Step.SUBMITTED
    assert initiative.consent_at is not None
    assert initiative.attachments.count() == 2
    assert initiative.events.filter(kind=EventKind.STEP, step=Step.SUBMITTED).exists()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anna@example.org"]
    assert initiative.reference in message.subject
    found = re.search(r"/initiatives/link/([\w-]+)/", str(message.body))
    assert found is not None
    token = found.group(1)
    # Only the hash is stored.
    assert not PrivateLink.objects.filter(token_hash=token).exists()
    assert PrivateLink.objects.filter(token_hash=token_hash(token)).exists()
    page = client.get(f"/initiatives/link/{token}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Waterputten in Obumu" in html
    assert initiative.events.filter(kind=EventKind.MAIL).exists()


def test_script_in_a_text_is_stored_and_shown_escaped() -> None:
    nl_client().post(URL, form_data(), REMOTE_ADDR="10.0.0.2")
    initiative = Initiative.objects.get()
    assert "<script>" in initiative.description
    token = private_link_issue(initiative=initiative)
    nl_client().post(f"/initiatives/link/{token}/", {"action": "answer", "text": "<b>x</b>"})
    html = nl_client().get(f"/initiatives/link/{token}/").content.decode()
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html


def test_the_honeypot_keeps_nothing() -> None:
    response = nl_client().post(
        URL, form_data(website="http://spam.example"), REMOTE_ADDR="10.0.0.3"
    )
    assert response.status_code == 302
    assert not Initiative.objects.exists()
    assert mail.outbox == []


def test_the_rate_limit_per_address(settings: Any) -> None:
    settings.INTREL_INITIATIVE_RATE_LIMIT = 2
    client = nl_client()
    for _ in range(2):
        assert client.post(URL, form_data(), REMOTE_ADDR="10.0.0.4").status_code == 302
    refused = client.post(URL, form_data(), REMOTE_ADDR="10.0.0.4")
    assert refused.status_code == 429
    assert "Te veel initiatieven" in refused.content.decode()
    assert Initiative.objects.count() == 2
    # Another address is not held back.
    assert client.post(URL, form_data(), REMOTE_ADDR="10.0.0.5").status_code == 302


def test_consent_is_required_and_what_was_typed_is_kept() -> None:
    response = nl_client().post(URL, form_data(consent=None), REMOTE_ADDR="10.0.0.6")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Zonder uw toestemming" in html
    assert 'value="Waterputten in Obumu"' in html
    assert not Initiative.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"kvk_number": "1234"}, "kvk_number", "8 cijfers"),
        ({"contact_email": "geen-adres"}, "contact_email", "e-mailadres"),
        ({"end": "2027-01-01"}, "end", "eindigt voordat"),
        ({"title": ""}, "title", "verplicht"),
    ],
)
def test_bad_input_is_named_beside_its_field(
    changes: dict[str, str], field: str, message: str
) -> None:
    response = nl_client().post(URL, form_data(**changes), REMOTE_ADDR="10.0.0.7")
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert message in html
    assert not Initiative.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("plan.pdf", b"<html><script>alert(1)</script></html>"),
        ("foto.png", b"GIF89a not a png"),
        ("foto.jpg", PNG),
        ("run.exe", b"MZ"),
    ],
)
def test_an_attachment_that_is_not_what_it_claims_is_refused(name: str, content: bytes) -> None:
    data = form_data(attachments=[SimpleUploadedFile(name, content)])
    response = nl_client().post(URL, data, REMOTE_ADDR="10.0.0.8")
    assert response.status_code == 400
    assert 'id="id_attachments_error"' in response.content.decode()
    assert not Initiative.objects.exists()
    assert mail.outbox == []


def test_an_expired_revoked_or_altered_link_opens_nothing() -> None:
    nl_client().post(URL, form_data(), REMOTE_ADDR="10.0.0.9")
    initiative = Initiative.objects.get()
    token = private_link_issue(initiative=initiative)
    assert nl_client().get(f"/initiatives/link/{token}/").status_code == 200
    altered = nl_client().get(f"/initiatives/link/{token[:-2]}xx/")
    assert altered.status_code == 404 and "niet bekend" in altered.content.decode()
    link = PrivateLink.objects.get(token_hash=token_hash(token))
    link.expires_at = timezone.now() - timedelta(minutes=1)
    link.save()
    expired = nl_client().get(f"/initiatives/link/{token}/")
    assert expired.status_code == 404 and "verlopen" in expired.content.decode()
    other = private_link_issue(initiative=initiative)
    from intrel.initiatives.services import private_link_revoke

    private_link_revoke(link=PrivateLink.objects.get(token_hash=token_hash(other)))
    revoked = nl_client().get(f"/initiatives/link/{other}/")
    assert revoked.status_code == 404 and "ingetrokken" in revoked.content.decode()


def test_the_initiator_reports_results_once_in_progress() -> None:
    nl_client().post(URL, form_data(), REMOTE_ADDR="10.0.0.10")
    initiative = Initiative.objects.get()
    token = private_link_issue(initiative=initiative)
    url = reverse("initiatives:link", args=[token])
    early = nl_client().post(url, {"action": "report", "report": "Twee putten geslagen."})
    assert early.status_code == 400
    initiative.step = Step.IN_PROGRESS
    initiative.save()
    done = nl_client().post(url, {"action": "report", "report": "Twee putten geslagen."})
    assert done.status_code == 302
    initiative.refresh_from_db()
    assert initiative.step == Step.REPORTED
    assert initiative.report == "Twee putten geslagen."
    assert "Twee putten geslagen." in nl_client().get(url).content.decode()


def test_an_attachment_over_the_size_limit_is_refused_and_nothing_is_kept(settings: Any) -> None:
    settings.INTREL_MAX_UPLOAD_BYTES = 200
    pdf = real_pdf()
    assert len(pdf) > 200
    data = form_data(attachments=[SimpleUploadedFile("plan.pdf", pdf, "application/pdf")])
    response = nl_client().post(URL, data, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_attachments_error"' in html and "ten hoogste 200" in html
    assert 'value="Waterputten in Obumu"' in html  # what was typed is kept
    assert not Initiative.objects.exists()
    assert mail.outbox == []
