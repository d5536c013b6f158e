"""Who may call which API operation: the caller's permissions, per action.

A person's token carries the permissions of their role (``accounts.constants.ROLE_PERMISSIONS``);
a service token carries those of its scopes (``api.constants.SCOPE_PERMISSIONS``).
"""

from typing import Any

from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from intrel.core.web import user_may

from .models import ServiceToken

ACTION_PERMS = {
    "list": "view",
    "retrieve": "view",
    "create": "add",
    "update": "change",
    "partial_update": "change",
    "destroy": "delete",
}
METHOD_PERMS = {
    "GET": "view",
    "HEAD": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}


def required_permission(request: Request, view: Any) -> str | None:
    """The ``app_label.codename`` the operation needs, or None when nothing grants it."""
    action = getattr(view, "action", None)
    permission_map: dict[str, str] = getattr(view, "permission_map", {})
    if permission_map:
        # A view with a map is closed for every action the map does not name.
        return permission_map.get(action or "") or permission_map.get(request.method or "")
    model_label = getattr(view, "permission_model", None)
    if model_label is None:
        queryset = getattr(view, "queryset", None)
        if queryset is None:
            return None
        meta = queryset.model._meta
        model_label = f"{meta.app_label}.{meta.model_name}"
    verb = ACTION_PERMS.get(action or "", METHOD_PERMS.get(request.method or "", ""))
    if not verb:
        return None
    app_label, model_name = model_label.split(".")
    return f"{app_label}.{verb}_{model_name}"


def caller_has(request: Request, permission: str, obj: Any = None) -> bool:
    """Whether the caller holds ``permission``: a service token by its scopes, a person by role;
    on ``obj`` when given, through its object rule (django-rules, ADR 0020). A service token
    acts for a system, not a person: its scopes hold on every object."""
    if isinstance(request.auth, ServiceToken):
        return request.auth.allows(permission)
    if not request.user:
        return False
    if obj is None:
        return bool(request.user.has_perm(permission))
    return user_may(request.user, permission, obj)


def require_object(request: Request, permission: str, obj: Any) -> None:
    """404 unless the caller may ``permission`` on ``obj``: "not yours" answers as "not found"
    (the same problem+json as an unknown id), on the API as on the pages (ADR 0020)."""
    if not caller_has(request, permission, obj):
        raise NotFound


class RolePermission(BasePermission):
    """Signed-in callers only; the operation needs ``<app>.<verb>_<model>``.

    A view names its permissions per action with ``permission_map = {"list":
    "relations.view_relation", ...}`` (preferred), or its model with ``permission_model``.
    """

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if request.method not in getattr(view, "allowed_methods", [request.method]):
            return True  # the method is not offered here: let the view answer 405
        permission = required_permission(request, view)
        if permission is None:
            return False
        return caller_has(request, permission)

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        """The operation's object rule, for a view that looks its object up with
        ``get_object``; refused is answered 404 as an unknown id is (ADR 0020)."""
        permission = required_permission(request, view)
        if permission is None:
            return False
        require_object(request, permission, obj)
        return True
