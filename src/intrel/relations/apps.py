from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RelationsConfig(AppConfig):
    name = "intrel.relations"
    verbose_name = _("Register of relations")
