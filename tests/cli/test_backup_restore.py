"""intrel backup / intrel restore (issue 18): the demo and an uploaded file, backed up, the
installation wiped (flush + the files deleted), restored: every record, the history tables and
the file back. Runs on SQLite and on PostgreSQL (DATABASE_URL)."""

import io
import json
import shutil
import tarfile
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from intrel.accounts.models import User
from intrel.accounts.services import demo_accounts_create
from intrel.api.services import person_token_create
from intrel.core.backup import record_counts
from intrel.demo.services import demo_load
from intrel.relations.models import Agreement, Relation

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
    before = record_counts()
    history_before = _history(Relation)
    assert sum(before.values()) > 500 and history_before

    archive = tmp_path / "backup" / "intrel.tar.gz"
    call_command("backup", str(archive), stderr=StringIO())
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]
        assert f"media/{stored}" in tar.getnames()
    assert manifest["counts"] == before
    assert [f["path"] for f in manifest["files"]] == [stored]

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
    assert _history(Relation) == history_before
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
