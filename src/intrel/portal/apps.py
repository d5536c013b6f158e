from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _

from intrel.core.signals import bulk_written


class PortalConfig(AppConfig):
    """The public portal (issue 16): the top layer, next to the start page; it reads the
    register, governance, budgets and initiatives through their selectors (ADR 0017)."""

    name = "intrel.portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        # Not logic in a signal: only the cache's version is bumped (cache.py).
        from .cache import on_change

        post_save.connect(on_change, dispatch_uid="portal-cache-save")
        post_delete.connect(on_change, dispatch_uid="portal-cache-delete")
        m2m_changed.connect(on_change, dispatch_uid="portal-cache-m2m")
        bulk_written.connect(on_change, dispatch_uid="portal-cache-bulk")
