from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "intrel.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from . import doors, lookups  # noqa: F401 (lookups: registers ``any_of``)
        from .files import connect_file_cleanup

        connect_file_cleanup()
        doors.connect()
