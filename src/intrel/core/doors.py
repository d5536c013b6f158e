"""Through which door a write came in (issue 18, audit): a page, the API, the admin, an
import, a command or a background task. The history tables record it with every change
(``history_change_reason``, which intrel uses for nothing else), and the audit log shows it.

The door is set where a write enters: by :class:`DoorMiddleware` for a request (by its path),
by :func:`through` around an import or a task. A write with no door set came from a command
(``intrel ...``, or Python code run outside a request).

From where: the middleware also keeps the client's address (:func:`client_address`), which
goes with the history row too (``history_address``, :class:`intrel.core.models.WhereFrom`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta
from ipaddress import ip_address
from typing import Any

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
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
_address: ContextVar[str | None] = ContextVar("intrel_address", default=None)


def current() -> str:
    return _door.get() or COMMAND


def current_address() -> str | None:
    """The client's address of the request being answered; None outside a request."""
    return _address.get()


def _valid(address: str) -> str | None:
    try:
        return str(ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str | None:
    """The address of the client that sent ``request``.

    ``REMOTE_ADDR`` (the peer of the WSGI server) unless ``INTREL_PROXY_COUNT`` says how many
    proxies stand in front that each append the address they were sent from to
    ``X-Forwarded-For``: then the entry that many from the right, the one the outermost proxy
    wrote. Entries further left are the client's own words and never trusted; a header with fewer
    entries than proxies, or an entry that is no address, gives ``REMOTE_ADDR``. Also django-axes'
    address for login lock-outs (``AXES_CLIENT_IP_CALLABLE``)."""
    remote = _valid(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.INTREL_PROXY_COUNT
    if proxies <= 0:
        return remote
    chain = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(chain) < proxies:
        return remote
    return _valid(chain[-proxies]) or remote


@contextmanager
def through(door: str) -> Iterator[None]:
    """Writes inside the block came in through ``door`` (an import inside a page: ``import``)."""
    token = _door.set(door)
    try:
        yield
    finally:
        _door.reset(token)


class DoorMiddleware:
    """The door of a request's writes, by its path (the API, the admin, or a page), and the
    client's address they came from."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        door = API if path.startswith("/api/") else ADMIN if path.startswith("/admin/") else PAGE
        token = _address.set(client_address(request))
        try:
            with through(door):
                return self.get_response(request)
        finally:
            _address.reset(token)


def record_door(sender: Any, history_instance: Any, **kwargs: Any) -> None:
    """``pre_create_historical_record``: the door and the address go with the history row."""
    if not getattr(history_instance, "history_change_reason", None):
        history_instance.history_change_reason = current()
    if hasattr(history_instance, "history_address") and history_instance.history_address is None:
        history_instance.history_address = current_address()


def addresses_forget(*, days: int, dry_run: bool = False) -> int:
    """Empty the address of every history row older than ``days`` days (the retention of
    personal data in the audit log); the rest of the row stays. How many rows had one."""
    cutoff = timezone.now() - timedelta(days=days)
    count = 0
    for model in apps.get_models():
        if not any(f.name == "history_address" for f in model._meta.concrete_fields):
            continue
        rows = model._default_manager.filter(history_date__lt=cutoff, history_address__isnull=False)
        count += rows.count() if dry_run else rows.update(history_address=None)
    return count


def connect() -> None:
    from simple_history.signals import pre_create_historical_record

    pre_create_historical_record.connect(record_door, dispatch_uid="intrel.core.doors")
