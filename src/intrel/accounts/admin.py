from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from intrel.core.admin import SuperuserOnlyAdminMixin

from .forms import AdminLoginForm
from .models import User

# Fields that make a user more than their role: only a superuser may set them (issue 9.3).
PRIVILEGE_FIELDS = ("is_superuser", "is_staff", "user_permissions")

# A group grants admin when it carries a permission on these models: with it, its members manage
# users, roles or tokens, i.e. they can give themselves or others more rights.
PRIVILEGED_MODELS = (
    ("accounts", "user"),
    ("auth", "group"),
    ("auth", "permission"),
    ("api", "servicetoken"),
)


def admin_granting_groups() -> QuerySet[Group]:
    """The groups whose membership grants admin (see PRIVILEGED_MODELS)."""
    q = Q()
    for app_label, model in PRIVILEGED_MODELS:
        q |= Q(
            permissions__content_type__app_label=app_label,
            permissions__content_type__model=model,
        )
    return Group.objects.filter(q).distinct()


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Users and their roles. Privilege fields and admin-granting groups: superusers only."""

    fieldsets = (*(BaseUserAdmin.fieldsets or ()), (_("Function"), {"fields": ("job_title",)}))
    list_display = ("username", "first_name", "last_name", "job_title", "is_active")

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f not in PRIVILEGE_FIELDS]})
            for name, opts in fieldsets
        ]

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.exclude(pk__in=admin_granting_groups())
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """A non-superuser neither gives nor takes away a group that grants admin."""
        kept = []
        if change and not request.user.is_superuser:
            kept = list(form.instance.groups.filter(pk__in=admin_granting_groups()))
        super().save_related(request, form, formsets, change)
        if kept:
            form.instance.groups.add(*kept)

    def _guards_privileged(self, request: HttpRequest, obj: Any) -> bool:
        """False when a non-superuser would act on an account with more rights than a role:
        a superuser or staff account (changing its password or name is taking it over)."""
        if obj is None or request.user.is_superuser:
            return True
        return not (obj.is_superuser or (obj.is_staff and obj.pk != request.user.pk))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and self._guards_privileged(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and self._guards_privileged(request, obj)


# Roles are shipped as data (accounts/constants.py, synced after every migrate); changing a group's
# permissions is for superusers only. Persons' API tokens are not in the admin: their owner and
# functioneel beheer manage them on /accounts/tokens/ (issue 18).
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(SuperuserOnlyAdminMixin, BaseGroupAdmin):
    pass


# The second factor's devices hold secrets; they are not shown in the admin. A lost phone:
# `intrel mfa_reset USER` (docs/security.md).
for _device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device_model):
        admin.site.unregister(_device_model)

# The admin's login refuses a demo account's public password as the site's does (docs/security.md).
admin.site.login_form = AdminLoginForm
