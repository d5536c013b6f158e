from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScaleConfig(AppConfig):
    """A seeded register at national scale for the benchmarks (issue 19; docs/performance.md)."""

    name = "intrel.scale"
    verbose_name = _("scale data")
