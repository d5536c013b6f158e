"""What every page view needs: a permission check and a refusal shown beside its field."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from .errors import DomainError


def require_perm(request: HttpRequest, perm: str) -> None:
    """403 unless the signed-in user's role grants ``perm`` (``app.codename``)."""
    if not request.user.has_perm(perm):
        raise PermissionDenied(perm)


def form_error(form: forms.BaseForm, exc: DomainError) -> None:
    """Put a service's refusal next to the field it names (or above the form), and each of
    its per-field problems next to its field."""
    field = exc.field if exc.field in form.fields else None
    message = exc.message
    if field and message.startswith(f"{field}: "):
        message = message[len(field) + 2 :]
    form.add_error(field, message)
    for problem in exc.problems:
        name = str(problem.get("name", ""))
        if name in form.fields and name != field:
            form.add_error(name, str(problem.get("reason", "")))
