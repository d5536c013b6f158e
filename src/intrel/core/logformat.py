"""JSON lines for the application log in production (docs/security.md, "logging").

One object per line: time, level, logger, message, and of the ``extra`` fields only those named
here (a status code, a permission). Request bodies, headers, cookies, tokens and passwords are
never put in a record by intrel; an exception adds its type and traceback (``exc``).
"""

import json
import logging
from datetime import UTC, datetime

# The ``extra`` fields a record may carry into the line: nothing personal, nothing secret.
EXTRA_FIELDS = ("status_code", "permission")


class JsonLinesFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in EXTRA_FIELDS:
            value = getattr(record, field, None)
            if value is not None and isinstance(value, str | int):
                line[field] = value
        if record.exc_info and record.exc_info[0] is not None:
            line["exc_type"] = record.exc_info[0].__name__
            line["exc"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)
