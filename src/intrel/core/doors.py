"""Through which door a write came in (issue 18, audit): a page, the API, the admin, an
import, a command or a background task. The history tables record it with every change
(``history_change_reason``, which intrel uses for nothing else), and the audit log shows it.

The door is set where a write enters: by :class:`DoorMiddleware` for a request (by its path),
by :func:`through` around an import or a task. A write with no door set came from a command
(``intrel ...``, or Python code run outside a request)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

PAGE, API, ADMIN, IMPORT, COMMAND, TASK = "page", "api", "admin", "import", "command", "task"
LABELS = {
    PAGE: _("page"),
    API: _("API"),
    ADMIN: _("admin"),
    IMPORT: _("import"),
    COMMAND: _("command"),
    TASK: _("background task"),
}

_door: ContextVar[str | None] = ContextVar("intrel_door", default=None)


def current() -> str:
    return _door.get() or COMMAND


@contextmanager
def through(door: str) -> Iterator[None]:
    """Writes inside the block came in through ``door`` (an import inside a page: ``import``)."""
    token = _door.set(door)
    try:
        yield
    finally:
        _door.reset(token)


class DoorMiddleware:
    """The door of a request's writes, by its path: the API, the admin, or a page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        door = API if path.startswith("/api/") else ADMIN if path.startswith("/admin/") else PAGE
        with through(door):
            return self.get_response(request)


def record_door(sender: Any, history_instance: Any, **kwargs: Any) -> None:
    """``pre_create_historical_record``: the door goes with the history row."""
    if not getattr(history_instance, "history_change_reason", None):
        history_instance.history_change_reason = current()


def connect() -> None:
    from simple_history.signals import pre_create_historical_record

    pre_create_historical_record.connect(record_door, dispatch_uid="intrel.core.doors")
