from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StartConfig(AppConfig):
    """The start page: the top layer, which reads from every app below it (ADR 0008)."""

    name = "intrel.start"
    verbose_name = _("Start")
