from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "intrel.assessments"
    verbose_name = _("Assessments")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the framework check)
