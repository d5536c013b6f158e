from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "intrel.reviews"
    verbose_name = _("The review (herijking)")

    def ready(self) -> None:
        from intrel.demo.services import demo_late_hook_register

        from .demo import review_demo_load

        # The demo app sits below this one (ADR 0008): the review's demo joins its loader here.
        demo_late_hook_register(review_demo_load)
