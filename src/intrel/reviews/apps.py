from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _

from intrel.core.signals import bulk_written


class ReviewsConfig(AppConfig):
    name = "intrel.reviews"
    verbose_name = _("The review (herijking)")

    def ready(self) -> None:
        # Not logic in a signal: only the impact page's version is bumped (selectors.py).
        from .selectors import impact_facts_changed

        post_save.connect(impact_facts_changed, dispatch_uid="impact-page-save")
        post_delete.connect(impact_facts_changed, dispatch_uid="impact-page-delete")
        m2m_changed.connect(impact_facts_changed, dispatch_uid="impact-page-m2m")
        bulk_written.connect(impact_facts_changed, dispatch_uid="impact-page-bulk")

    def demo_load(self) -> object:
        """The review's demo round; the demo loader calls it last (ADR 0016)."""
        from .demo import review_demo_load

        return review_demo_load()
