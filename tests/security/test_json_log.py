"""Production logs JSON lines: one object per event, whitelisted extra fields only."""

import json
import logging
import sys

from intrel.core.logformat import JsonLinesFormatter


def _record(**extra: object) -> logging.LogRecord:
    record = logging.LogRecord(
        "intrel.access", logging.WARNING, __file__, 1, "forbidden: %s", ("x\ny",), None
    )
    for key, value in extra.items():
        setattr(record, key, value)
    return record


def test_a_record_is_one_json_line_with_only_the_allowed_fields() -> None:
    line = JsonLinesFormatter().format(
        _record(status_code=403, permission="relations.add_relation", password="secret")
    )
    assert "\n" not in line
    data = json.loads(line)
    assert data["level"] == "WARNING"
    assert data["logger"] == "intrel.access"
    assert data["message"] == "forbidden: x\ny"
    assert data["status_code"] == 403
    assert data["permission"] == "relations.add_relation"
    assert "secret" not in line


def test_an_exception_gives_its_type_and_traceback() -> None:
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        record = _record()
        record.exc_info = sys.exc_info()
    data = json.loads(JsonLinesFormatter().format(record))
    assert data["exc_type"] == "RuntimeError"
    assert "boom" in data["exc"]


def test_production_settings_use_it() -> None:
    from tests.cli.test_deploy import run

    settings = {"SECRET_KEY": "s" * 60, "ALLOWED_HOSTS": "intrel.example.org"}
    show = "from django.conf import settings as s; "
    show += "print(s.LOGGING['handlers']['console']['formatter'])"
    assert run(settings, "shell", "-c", show).stdout.splitlines()[-1] == "json"
