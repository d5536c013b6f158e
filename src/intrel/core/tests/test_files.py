"""Files go with their records (core/files.py): deleted from storage after the commit."""

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db.models.signals import post_delete

from intrel.core.files import models_with_files
from intrel.governance.constants import Body
from intrel.governance.models import Meeting, MeetingDocument
from intrel.relations.models import Agreement, Relation
from intrel.relations.services import agreement_delete
from intrel.relations.tests.factories import RelationFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


def test_every_model_with_a_file_deletes_it_with_its_record() -> None:
    connected = {key[0] for key, *_ in post_delete.receivers}
    missing = [
        m._meta.label
        for m in models_with_files()
        if f"intrel-delete-files-{m._meta.label_lower}" not in connected
    ]
    assert models_with_files() and not missing


def test_deleting_an_agreement_on_its_page_deletes_its_document(
    django_capture_on_commit_callbacks: Any, officer: Any
) -> None:
    relation: Relation = RelationFactory()
    agreement = Agreement.objects.create(
        relation=relation, title="Verdrag", signed=date(2010, 1, 1)
    )
    agreement.document.save("verdrag.pdf", ContentFile(PDF), save=True)
    stored = Path(agreement.document.path)
    with django_capture_on_commit_callbacks(execute=True):
        agreement_delete(agreement=agreement, user=officer)
        assert stored.exists()  # only once the deletion is committed
    assert not stored.exists()


def test_a_meeting_deleted_takes_its_documents_along(
    django_capture_on_commit_callbacks: Any,
) -> None:
    meeting = Meeting.objects.create(body=Body.COUNCIL, date=date(2014, 1, 1), title="Raad")
    document = MeetingDocument(meeting=meeting, title="Notulen")
    document.file.save("notulen.pdf", ContentFile(PDF), save=True)
    stored = Path(document.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        meeting.delete()
    assert not stored.exists()


def test_a_rolled_back_deletion_keeps_the_file(django_capture_on_commit_callbacks: Any) -> None:
    meeting = Meeting.objects.create(body=Body.COUNCIL, date=date(2014, 1, 1), title="Raad")
    document = MeetingDocument(meeting=meeting, title="Notulen")
    document.file.save("notulen.pdf", ContentFile(PDF), save=True)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document.delete()
    assert callbacks and Path(document.file.path).exists()
