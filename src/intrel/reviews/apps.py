from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "intrel.reviews"
    verbose_name = _("The review (herijking)")

    def demo_load(self) -> object:
        """The review's demo round; the demo loader calls it last (ADR 0016)."""
        from .demo import review_demo_load

        return review_demo_load()
