"""The embedded SQLite database runs in WAL mode with a busy timeout (issue 18): readers do not
wait for a writer, and a writer waits up to 20 s for another instead of failing at once."""

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.db.backends.sqlite3.base import DatabaseWrapper


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")
def test_a_sqlite_file_database_is_opened_in_wal_mode_with_a_busy_timeout(
    tmp_path: Path, django_db_blocker: Any
) -> None:
    config = {**settings.DATABASES["default"], "NAME": str(tmp_path / "intrel.sqlite3")}
    wrapper = DatabaseWrapper(config, alias="wal-check")
    try:
        with django_db_blocker.unblock(), wrapper.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] == 20000
            cursor.execute("PRAGMA synchronous")
            assert cursor.fetchone()[0] == 1  # NORMAL
    finally:
        wrapper.close()
