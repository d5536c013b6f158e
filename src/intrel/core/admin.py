"""What the Django admin may do: it follows the product's rules, it does not go around them.

The admin is for functioneel beheer (users, roles, settings). The register, governance and
budgets change through the product's pages and API, where the services check the framework,
keep the history, check uploads (``core/uploads.py``) and never delete a relation (relations are
ended). So their models are shown read-only here, for everyone; and whatever grants privileges
(superuser, staff, permissions, the groups and tokens that grant them) is for superusers only.
"""

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyAdminMixin:
    """View only: no add, change or delete in the admin (the product's services write)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyModelAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    pass


class ReadOnlyHistoryAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """The history may be read; "revert" would save the old version without the services
    (simple_history's history form saves on POST for whoever may *view*), so it is refused."""

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request: HttpRequest, obj: Any = None) -> bool:
        return True


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0


class SuperuserOnlyAdminMixin:
    """Seen and changed by superusers only (groups' permissions, API tokens)."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)
