from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "intrel.governance"
    verbose_name = _("Governance: council, executive board, committee")
