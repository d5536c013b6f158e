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


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")
@pytest.mark.parametrize(
    ("method", "marked", "waits"),
    [("GET", False, False), ("HEAD", False, False), ("POST", False, True), ("GET", True, True)],
)
def test_on_sqlite_a_page_that_only_reads_does_not_wait_for_a_writer(
    tmp_path: Path, django_db_blocker: Any, method: str, marked: bool, waits: bool
) -> None:
    """Every request runs in a transaction (ATOMIC_REQUESTS), and on SQLite transactions
    begin IMMEDIATE: a page that only read took the one write lock too, so while anyone wrote
    (an import, a long save) every page waited 20 s and answered 503. A read now begins
    DEFERRED and reads its snapshot at once; a form (POST), and a view marked as writing
    when read, still wait their turn as writers."""
    import sqlite3

    from django.db import connections, transaction
    from django.http import HttpResponse
    from django.test import RequestFactory

    from intrel.core.middleware import SQLiteReadsDoNotWaitMiddleware, writes_when_read

    path = tmp_path / "intrel.sqlite3"
    options = {
        **settings.DATABASES["default"]["OPTIONS"],
        "timeout": 0.3,  # the busy timeout, short for the test (production: 20 s)
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=300",
    }
    config = {**settings.DATABASES["default"], "NAME": str(path), "OPTIONS": options}
    wrapper = DatabaseWrapper(config, alias="default")
    previous = connections["default"]
    writer = None
    with django_db_blocker.unblock():
        try:
            connections["default"] = wrapper
            with wrapper.cursor() as cursor:
                cursor.execute("CREATE TABLE relation (name TEXT)")
                cursor.execute("INSERT INTO relation VALUES ('Zhangjiagang')")
            # Someone else writes, and keeps the write lock.
            writer = sqlite3.connect(path, isolation_level=None, timeout=0.1)
            writer.execute("BEGIN IMMEDIATE")
            writer.execute("INSERT INTO relation VALUES ('San Marcos')")

            def view(request: Any) -> HttpResponse:
                with wrapper.cursor() as cursor:
                    cursor.execute("SELECT name FROM relation ORDER BY name")
                    return HttpResponse(", ".join(row[0] for row in cursor.fetchall()))

            if marked:
                view = writes_when_read(view)

            def handler(request: Any) -> HttpResponse:
                # What Django's handler does: process_view, then the view in its transaction.
                middleware.process_view(request, view, (), {})
                return transaction.atomic(using="default")(view)(request)

            middleware = SQLiteReadsDoNotWaitMiddleware(handler)
            middleware.aliases = ["default"]  # this test's settings are the suite's
            request = RequestFactory().generic(method, "/relations/")
            if waits:
                with pytest.raises(Exception, match="database is locked"):
                    middleware(request)
            else:
                response = middleware(request)
                # The committed rows, not the writer's unfinished one.
                assert response.content.decode() == "Zhangjiagang"
            # Whatever the request, the next one begins as configured again.
            assert wrapper.transaction_mode == "IMMEDIATE"
        finally:
            if writer is not None:
                writer.close()
            connections["default"] = previous
            wrapper.close()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")
def test_a_request_that_never_reaches_the_database_is_answered(
    tmp_path: Path, django_db_blocker: Any
) -> None:
    """A new thread's first request that never opens the database (an address that resolves
    to nothing) answered 500: the middleware read the mode of a connection not yet made."""
    from django.db import connections
    from django.http import HttpResponse
    from django.test import RequestFactory

    from intrel.core.middleware import SQLiteReadsDoNotWaitMiddleware

    config = {**settings.DATABASES["default"], "NAME": str(tmp_path / "intrel.sqlite3")}
    wrapper = DatabaseWrapper(config, alias="default")  # never connected
    previous = connections["default"]
    try:
        connections["default"] = wrapper
        middleware = SQLiteReadsDoNotWaitMiddleware(lambda request: HttpResponse(status=404))
        middleware.aliases = ["default"]
        response = middleware(RequestFactory().get("/bestaat-niet/"))
        assert response.status_code == 404
    finally:
        connections["default"] = previous
        with django_db_blocker.unblock():
            wrapper.close()
