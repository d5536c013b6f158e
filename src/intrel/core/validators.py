"""Field validators shared by the apps' models."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from intrel.policy import FIRST_YEAR, LAST_YEAR, in_date_range


def date_in_range(value: date | None) -> None:
    """The dates the policy engine accepts (1800-01-01 to 2200-12-31), for every date kept.

    A date outside them (9999-12-31 typed for "never") is a typing error, and the engine
    would refuse the relation's facts that carry it.
    """
    if value is not None and not in_date_range(value):
        raise ValidationError(
            _("Give a date between %(first)s and %(last)s.")
            % {"first": f"{FIRST_YEAR}-01-01", "last": f"{LAST_YEAR}-12-31"},
            code="date_out_of_range",
        )
