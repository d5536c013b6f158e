from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from intrel.core.demo_hooks import demo_late_hook_register


class ReviewsConfig(AppConfig):
    name = "intrel.reviews"
    verbose_name = _("The review (herijking)")

    def ready(self) -> None:
        from .demo import review_demo_load

        # The demo app sits below this one (ADR 0008): the review's demo joins its loader through
        # core's registry.
        demo_late_hook_register(review_demo_load)
