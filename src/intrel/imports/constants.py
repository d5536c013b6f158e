from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportFormat(models.TextChoices):
    JSON = "json", "JSON"
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"
    TWIN_TOWNS = "twin_towns", _("twin-towns list")


class ImportState(models.TextChoices):
    PREVIEWED = "previewed", _("checked, not committed")
    INVALID = "invalid", _("has problems, nothing committed")
    COMMITTED = "committed", _("committed")
