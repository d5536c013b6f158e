from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from intrel.core.signals import bulk_written


class RelationsConfig(AppConfig):
    name = "intrel.relations"
    verbose_name = _("Register of relations")

    def ready(self) -> None:
        # Not logic in a signal: only the filter options' cache version is bumped (selectors).
        from .selectors import filter_options_changed

        post_save.connect(filter_options_changed, dispatch_uid="relation-filter-options-save")
        post_delete.connect(filter_options_changed, dispatch_uid="relation-filter-options-delete")
        bulk_written.connect(filter_options_changed, dispatch_uid="relation-filter-options-bulk")
