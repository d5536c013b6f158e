"""What every page view needs: a permission check, a refusal shown beside its field, and the
status of a form page (docs/adr/0007-form-errors.md)."""

import re
from collections.abc import Callable
from typing import Any, TypeVar

import rules
from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from .errors import DomainError

# An invalid form answers 400 Bad Request, as the API does for invalid input (ADR 7).
INVALID_FORM_STATUS = 400

# Services name the field in front of their message for the API's ``detail`` ("slug: ...",
# "kenmerk: ...", "money: ..."): a lower-case word or two and a colon. Beside the field, the
# label already says which field it is.
_FIELD_PREFIX = re.compile(r"^[a-z_][\w]*(?: [a-z][\w]*)?: (?=\S)")


def require_perm(request: HttpRequest, perm: str) -> None:
    """403 unless the signed-in user's role grants ``perm`` (``app.codename``)."""
    if not request.user.has_perm(perm):
        raise PermissionDenied(perm)


def user_may(user: Any, perm: str, obj: Any) -> bool:
    """May ``user`` do ``perm`` on ``obj``: the object rule when one is registered
    (django-rules, ADR 0020), otherwise the role's permission on every object."""
    if rules.perm_exists(perm):
        return bool(user.has_perm(perm, obj))
    return bool(user.has_perm(perm))


def require_object_perm(request: HttpRequest, perm: str, obj: Any) -> None:
    """404 unless the user may ``perm`` on ``obj``: "not yours" answers as "not found" does
    (ADR 0020). Check ``require_perm`` first, before the object is looked up: a role that may
    do this on no object at all gets its 403 whether the object exists or not."""
    if not user_may(request.user, perm, obj):
        raise Http404


T = TypeVar("T")


def object_for(request: HttpRequest, perm: str, get: Callable[[], T]) -> T:
    """The object ``get`` finds, for a write that needs ``perm``: 403 when the role may do it on
    no object at all (asked before the lookup, so alike whether the object exists), 404 when
    ``get`` finds none or the object is not the user's (ADR 0020)."""
    require_perm(request, perm)
    obj = get()
    require_object_perm(request, perm, obj)
    return obj


def field_message(message: str, *, names_field: bool = True) -> str:
    """A refusal as it is shown beside its field: one sentence without the field's name in
    front, starting with a capital and ending with a full stop.

    >>> field_message("kenmerk: er bestaat al een begrotingspost met dit kenmerk.")
    'Er bestaat al een begrotingspost met dit kenmerk.'
    >>> field_message("must not be negative")
    'Must not be negative.'
    """
    text = str(message).strip()
    if names_field:  # the message may start with the field's name
        text = _FIELD_PREFIX.sub("", text, count=1)
    if text:
        text = text[0].upper() + text[1:]
        if text[-1] not in ".?!":
            text += "."
    return text


def form_error(form: forms.BaseForm, exc: DomainError) -> None:
    """Put a service's refusal next to the field it names (or above the form), and each of
    its per-field problems next to its field, each worded as ``field_message`` says."""
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, field_message(exc.message, names_field=bool(exc.field)))
    for problem in exc.problems:
        name = str(problem.get("name", ""))
        if name in form.fields and name != field:
            form.add_error(name, field_message(str(problem.get("reason", ""))))


def form_status(form: forms.BaseForm) -> int:
    """The status of a form page: 400 when a posted form is refused, 200 otherwise."""
    return INVALID_FORM_STATUS if form.is_bound and form.errors else 200
