"""intrel backup / intrel restore (issue 18): the demo and uploaded files, backed up, the
installation wiped (flush + the files deleted), restored: every record of every model field for
field, every file byte for byte, and the audit log as it was (the history tables with the door
and the address of each write, and the audit log page's entries). Runs on SQLite and on
PostgreSQL (DATABASE_URL)."""

import io
import json
import shutil
import tarfile
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from intrel.accounts.audit import audit_entries
from intrel.accounts.models import User
from intrel.accounts.services import demo_accounts_create
from intrel.api.services import person_token_create
from intrel.core.backup import _models, record_counts
from intrel.demo.services import demo_load
from intrel.governance.models import Meeting, MeetingDocument
from intrel.relations.models import Activity, Agreement, Relation

PASSWORD = "demo-for-tests-only"


@pytest.fixture
def media(tmp_path: Path, settings: Any) -> Path:
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root


def _history(model: Any) -> list[tuple[Any, ...]]:
    return list(
        model.history.order_by("history_id").values_list(
            "history_id", "id", "history_date", "history_type", "history_user__username"
        )
    )


def _every_record() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every backed-up model, every column; a content type or permission by its
    natural key (a new installation numbers those itself); a many-to-many link without its own
    number (the backup holds the links as lists, as Django's serialiser does)."""
    types = {c.pk: (c.app_label, c.model) for c in ContentType.objects.all()}
    perms = {
        p.pk: (p.content_type.app_label, p.codename)
        for p in Permission.objects.select_related("content_type")
    }
    found = {}
    for model in _models():
        fields = list(model._meta.concrete_fields)
        if model._meta.auto_created:
            fields = [f for f in fields if not f.primary_key]
        names = {ContentType: types, Permission: perms}
        rows = model._default_manager.values_list(*[f.attname for f in fields])
        found[model._meta.label_lower] = sorted(
            (
                tuple(
                    names[f.related_model].get(v) if f.related_model in names else v  # type: ignore[index]
                    for f, v in zip(fields, row, strict=True)
                )
                for row in rows
            ),
            key=repr,
        )
    return found


def _every_file(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _audit_history() -> dict[str, list[tuple[Any, ...]]]:
    """Each history table's rows as the audit log reads them: who, when, what, the door and
    the address."""
    return {
        model._meta.label_lower: list(
            model.history.order_by("history_id").values_list(  # type: ignore[attr-defined]
                "history_id",
                "id",
                "history_date",
                "history_type",
                "history_user__username",
                "history_change_reason",
                "history_address",
            )
        )
        for model in (Relation, Activity, User, Meeting)
    }


@pytest.mark.django_db(transaction=True)
def test_backup_wipe_restore_brings_every_record_and_file_back(media: Path, tmp_path: Path) -> None:
    demo_load()
    with override_settings(DEBUG=True):
        demo_accounts_create(password=PASSWORD)
    beheer = User.objects.get(username="beheer")
    TOTPDevice.objects.create(user=beheer, name="authenticator app", confirmed=True)
    _token, key = person_token_create(user=beheer, name="sheet")
    agreement = Agreement.objects.order_by("pk").first()
    assert agreement is not None
    agreement.document.save("getekend.pdf", ContentFile(b"%PDF-1.4 signed agreement"))
    stored = agreement.document.name
    meeting = Meeting.objects.order_by("pk").first()
    assert meeting is not None
    document = MeetingDocument(meeting=meeting, title="Agenda")
    document.file.save("agenda.pdf", ContentFile(b"%PDF-1.4 agenda"))
    # Writes through two doors from two addresses, and one by a command: the audit log's rows.
    page = Client(REMOTE_ADDR="192.0.2.17")
    page.force_login(User.objects.get(username="beleid"))
    mechelen = Relation.objects.get(slug="helmond-mechelen")
    response = page.post(reverse("relations:verify", kwargs={"slug": mechelen.slug}))
    assert response.status_code == 302
    api = APIClient(REMOTE_ADDR="2001:db8::5")
    api.force_authenticate(User.objects.get(username="beleid"))
    response = api.post(
        "/api/v1/activities",
        {"relation": mechelen.slug, "kind": "visit", "date": "2014-05-01", "title": "Bezoek"},
        format="json",
    )
    assert response.status_code == 201, response.content
    call_command("retention", stdout=StringIO())

    before = record_counts()
    records_before = _every_record()
    files_before = _every_file(media)
    history_before = _history(Relation)
    audit_before = _audit_history()
    log_before = audit_entries(limit=10_000)
    assert sum(before.values()) > 500 and history_before
    assert len(files_before) == 2, files_before
    doors_and_addresses = {
        (row[5], row[6]) for rows in audit_before.values() for row in rows if row[6]
    }
    assert doors_and_addresses == {("page", "192.0.2.17"), ("api", "2001:db8::5")}

    archive = tmp_path / "backup" / "intrel.tar.gz"
    call_command("backup", str(archive), stderr=StringIO())
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]
        assert f"media/{stored}" in tar.getnames()
    assert manifest["counts"] == before
    assert sorted(f["path"] for f in manifest["files"]) == sorted(files_before)

    # Wipe: what a new installation is after `intrel migrate` (flush re-creates the role
    # groups, content types and permissions, with new numbers).
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media)
    media.mkdir()
    assert not User.objects.exists()

    out = StringIO()
    call_command("restore", str(archive), stderr=out)
    assert "Restored" in out.getvalue()
    assert record_counts() == before
    assert _every_record() == records_before
    assert _every_file(media) == files_before
    assert _history(Relation) == history_before
    assert _audit_history() == audit_before
    assert audit_entries(limit=10_000) == log_before
    assert (media / stored).read_bytes() == b"%PDF-1.4 signed agreement"
    # What people notice: the demo logs in with its password, the second factor and the API
    # token are still theirs, the document downloads.
    beheer = User.objects.get(username="beheer")
    assert beheer.check_password(PASSWORD) and beheer.groups.exists()
    assert TOTPDevice.objects.filter(user=beheer, confirmed=True).exists()
    api = Client().get("/api/v1/relations", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.status_code == 200
    person_token_create(user=beheer, name="after the restore")  # the numbering goes on
    client = Client()
    client.force_login(User.objects.get(username="beleid"))
    agreement = Agreement.objects.get(pk=agreement.pk)
    url = reverse(
        "relations:agreement_document", kwargs={"slug": agreement.relation.slug, "pk": agreement.pk}
    )
    response = client.get(url)
    assert response.status_code == 200, url
    assert b"".join(response.streaming_content) == b"%PDF-1.4 signed agreement"  # type: ignore[attr-defined]

    # Into a non-empty installation: refused, nothing changed.
    now = record_counts()
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), stderr=StringIO())
    assert record_counts() == now


@pytest.mark.django_db(transaction=True)
def test_a_damaged_or_foreign_archive_is_refused_before_anything_is_written(
    media: Path, tmp_path: Path
) -> None:
    archive = tmp_path / "intrel.tar.gz"
    call_command("backup", str(archive), stderr=StringIO())
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(damaged, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()  # type: ignore[union-attr]
            if member.name == "data.json":
                data = data.replace(b'"', b"'", 1)
            member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(damaged), stderr=StringIO())
    foreign = tmp_path / "foreign.tar.gz"
    foreign.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="not an intrel backup"):
        call_command("restore", str(foreign), stderr=StringIO())
    with pytest.raises(CommandError, match="No file"):
        call_command("restore", str(tmp_path / "missing.tar.gz"), stderr=StringIO())
