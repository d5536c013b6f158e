from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "intrel.accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        from . import services

        # Roles are data: after every migrate the Dutch groups and their permissions are
        # brought in line with intrel.accounts.constants.ROLE_PERMISSIONS.
        # It runs after the last app's own post_migrate, when every permission exists.
        post_migrate.connect(services.roles_sync_after_migrate)
        self._watch_permissions()

    @staticmethod
    def _watch_permissions() -> None:
        """Not logic in a signal: only the cached permission sets' version is bumped."""
        from django.contrib.auth.models import Group, Permission

        from .backends import permissions_changed
        from .models import User

        for through in (User.groups.through, User.user_permissions.through):
            m2m_changed.connect(
                permissions_changed, sender=through, dispatch_uid=f"perms-{through}"
            )
        m2m_changed.connect(
            permissions_changed, sender=Group.permissions.through, dispatch_uid="perms-group"
        )
        for model in (User, Group, Permission):
            post_save.connect(permissions_changed, sender=model, dispatch_uid=f"perms-save-{model}")
            post_delete.connect(
                permissions_changed, sender=model, dispatch_uid=f"perms-delete-{model}"
            )
