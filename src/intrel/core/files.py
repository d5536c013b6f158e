"""Files go with their records: a stored file is deleted once its record is deleted.

Every model with a ``FileField`` (an agreement's signed document, a meeting's documents) gets
a ``post_delete`` receiver when the app registry is ready (``CoreConfig.ready``), so the rule
holds however the record goes: a service, a relation's body leaving an agreement out, a
cascade, the admin. The file is removed only after the transaction commits
(``transaction.on_commit``): a rolled-back delete keeps its file.
"""

import logging
from functools import partial
from typing import Any

from django.apps import apps
from django.core.files.storage import Storage
from django.db import models, transaction
from django.db.models.signals import post_delete

logger = logging.getLogger(__name__)


def _delete_stored(storage: Storage, name: str) -> None:
    try:
        storage.delete(name)
    except OSError:
        logger.warning("Could not delete the stored file %s of a deleted record.", name)


def delete_files_after_commit(sender: type[models.Model], instance: Any, **kwargs: Any) -> None:
    for field in sender._meta.get_fields():
        if not isinstance(field, models.FileField):
            continue
        stored = getattr(instance, field.attname)
        if stored and stored.name:
            transaction.on_commit(
                partial(_delete_stored, stored.storage, stored.name), using=kwargs.get("using")
            )


def models_with_files() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if any(isinstance(f, models.FileField) for f in model._meta.get_fields())
    ]


def connect_file_cleanup() -> None:
    for model in models_with_files():
        post_delete.connect(
            delete_files_after_commit,
            sender=model,
            dispatch_uid=f"intrel-delete-files-{model._meta.label_lower}",
        )
