from django.apps import AppConfig
from django.db.models.signals import post_migrate
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
