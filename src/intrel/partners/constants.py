from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerKind(models.TextChoices):
    CITY = "city", _("city")
    REGION = "region", _("region")
    COUNTRY = "country", _("country")
    ORGANISATION = "organisation", _("organisation")
