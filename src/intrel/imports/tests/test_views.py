"""The import page: upload -> preview -> commit, refusals, permissions, the templates."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from intrel.accounts.constants import Role
from intrel.imports.constants import ImportState
from intrel.imports.models import ImportBatch
from intrel.relations.models import Relation

from .test_import_command import SUBJECT

pytestmark = pytest.mark.django_db


def upload(client, name: str, content: bytes, content_type: str = "application/octet-stream"):
    return client.post(
        reverse("imports:upload"), {"file": SimpleUploadedFile(name, content, content_type)}
    )


def test_upload_preview_commit(officer_client) -> None:
    Relation.objects.all().delete()
    second = dict(
        SUBJECT,
        id="helmond-mechelen",
        name="Mechelen",
        partner={"name": "Mechelen", "country": "BE", "kind": "city"},
    )
    response = upload(officer_client, "relations.json", json.dumps([SUBJECT, second]).encode())
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.state == ImportState.PREVIEWED
    assert Relation.objects.count() == 0  # a preview stores nothing in the register

    page = officer_client.get(response["Location"])
    html = page.content.decode()
    assert "helmond-san-marcos" in html and "helmond-mechelen" in html
    assert html.count("would be created") == 2
    assert reverse("imports:commit", args=[batch.pk]) in html

    response = officer_client.post(reverse("imports:commit", args=[batch.pk]), follow=True)
    assert Relation.objects.count() == 2
    assert "2 created, 0 updated" in response.content.decode()
    # Committing twice stores nothing more.
    officer_client.post(reverse("imports:commit", args=[batch.pk]))
    assert Relation.objects.count() == 2

    response = upload(officer_client, "same.json", json.dumps([SUBJECT]).encode())
    html = officer_client.get(response["Location"]).content.decode()
    assert "no change" in html and "would be updated" not in html

    changed = dict(SUBJECT, purposes=["culture"])
    response = upload(officer_client, "again.json", json.dumps([changed]).encode())
    html = officer_client.get(response["Location"]).content.decode()
    assert "would be updated" in html and "purposes" in html

    # A status changes only through the relation's life steps (issue 14): refused by name.
    suspended = dict(SUBJECT, status="suspended")
    response = upload(officer_client, "status.json", json.dumps([suspended]).encode())
    html = officer_client.get(response["Location"]).content.decode()
    assert "steps of its life (IMP-3, IMP-4)" in html and "would be updated" not in html


def test_preview_with_problems_cannot_be_committed(officer_client) -> None:
    csv_text = (
        "id,name,partner_name,partner_country,partner_kind,registered_kind,initiated_by,purposes\n"
        "helmond-a,A,Aa,BE,city,twinning,residents,culture\n"
        "helmond-b,B,Bb,BE,village,twinning,residents,culture\n"
    )
    response = upload(officer_client, "sheet.csv", csv_text.encode(), "text/csv")
    batch = ImportBatch.objects.get()
    assert batch.state == ImportState.INVALID
    html = officer_client.get(response["Location"]).content.decode()
    assert "partner_kind" in html and "must be one of: city, region" in html
    assert reverse("imports:commit", args=[batch.pk]) not in html
    response = officer_client.post(reverse("imports:commit", args=[batch.pk]), follow=True)
    assert "has problems" in response.content.decode()
    assert Relation.objects.count() == 0
    # The start page points at it.
    home = officer_client.get(reverse("start:home")).content.decode()
    assert reverse("imports:detail", args=[batch.pk]) in home


def test_upload_refuses_wrong_type(officer_client) -> None:
    response = upload(officer_client, "notes.txt", b"hello")
    assert response.status_code == 400
    assert "only .json, .csv and .xlsx" in response.content.decode()
    # An XLSX by name that is really text, and JSON by name that is a zip.
    response = upload(officer_client, "sheet.xlsx", b"id,name\n")
    assert "is not an Excel workbook" in response.content.decode()
    response = upload(officer_client, "data.json", b"PK\x03\x04rest-of-a-zip")
    assert "is not a text file" in response.content.decode()
    assert ImportBatch.objects.count() == 0


@override_settings(INTREL_MAX_UPLOAD_BYTES=100)
def test_upload_refuses_a_file_too_large(officer_client) -> None:
    response = upload(officer_client, "relations.json", json.dumps([SUBJECT]).encode())
    assert response.status_code == 400
    assert "can be uploaded" in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_import_needs_permission(client, make_user) -> None:
    client.force_login(make_user(Role.COUNCIL_MEMBER))
    assert client.get(reverse("imports:upload")).status_code == 403
    assert upload(client, "r.json", json.dumps([SUBJECT]).encode()).status_code == 403
    assert client.get(reverse("imports:template")).status_code == 403
    assert Relation.objects.count() == 0


def test_template_downloads(officer_client) -> None:
    response = officer_client.get(reverse("imports:template"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["relations", "agreements", "involvements", "columns"]
    header = [c.value for c in workbook["relations"][1]]
    assert header[:3] == ["id", "name", "partner_name"] and "budget_held_by" in header
    explained = {row[1] for row in workbook["columns"].iter_rows(min_row=2, values_only=True)}
    assert set(header) <= explained

    csv_response = officer_client.get(reverse("imports:template") + "?format=csv")
    lines = csv_response.content.decode("utf-8-sig").splitlines()
    assert lines[0].split(",") == header
    # The template, as downloaded, is itself a valid import file.
    response = upload(officer_client, "intrel-import.xlsx", response.content)
    assert ImportBatch.objects.get().state == ImportState.PREVIEWED


def test_a_refused_file_is_named_to_a_screen_reader_beside_the_field(officer_client) -> None:
    response = upload(officer_client, "empty.csv", b"\xef\xbb\xbf", "text/csv")
    assert response.status_code == 400
    html = response.content.decode()
    assert '<ul class="errorlist" id="file-error"><li>empty.csv is empty.</li></ul>' in html
    assert 'aria-describedby="file-error file-help" aria-invalid="true"' in html
    page = officer_client.get(reverse("imports:upload")).content.decode()
    assert 'aria-describedby="file-help">' in page and "file-error" not in page
