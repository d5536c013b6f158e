from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    name = "intrel.budgets"
    verbose_name = _("Budgets in money and staff hours")
