"""Who may call which API operation: the user's Django model permissions, per action."""

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

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
    "OPTIONS": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}


class RolePermission(BasePermission):
    """Signed-in users only; the operation needs ``<app>.<verb>_<model>`` from their role.

    A view may name its model with ``permission_model = "app_label.model"`` and may map
    extra actions to permissions with ``permission_map = {"action": "app.codename"}``.
    """

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        action = getattr(view, "action", None)
        permission_map: dict[str, str] = getattr(view, "permission_map", {})
        if action in permission_map:
            return bool(user.has_perm(permission_map[action]))
        if request.method in permission_map:
            return bool(user.has_perm(permission_map[request.method]))
        model_label = getattr(view, "permission_model", None)
        if model_label is None:
            queryset = getattr(view, "queryset", None)
            if queryset is None:
                return False
            meta = queryset.model._meta
            model_label = f"{meta.app_label}.{meta.model_name}"
        verb = ACTION_PERMS.get(action or "", METHOD_PERMS.get(request.method or "", ""))
        if not verb:
            return False
        app_label, model_name = model_label.split(".")
        return bool(user.has_perm(f"{app_label}.{verb}_{model_name}"))
