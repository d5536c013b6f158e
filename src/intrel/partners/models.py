from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from intrel.core.bounds import NAME_MAX_LENGTH
from intrel.core.models import history_records

from .constants import PartnerKind
from .countries import country_name, is_country_code


def validate_country_code(value: str) -> None:
    if not is_country_code(value):
        raise ValidationError(
            _("%(value)s is not an ISO 3166-1 alpha-2 country code."), params={"value": value}
        )


class Partner(models.Model):
    """A city, region, country or organisation abroad with which the municipality has ties."""

    name = models.CharField(
        _("name"), max_length=NAME_MAX_LENGTH, help_text=_("As the partner writes it.")
    )
    country = models.CharField(
        _("country"),
        max_length=2,
        validators=[validate_country_code],
        help_text=_("ISO 3166-1 alpha-2 code, e.g. BE for Belgium."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("Decimal degrees, for the map."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("Decimal degrees, for the map."),
    )
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    history = history_records()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name", "country"]
        indexes = [models.Index(fields=["country"], name="partner_country_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "country", "kind"], name="partner_unique_name_country_kind"
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True)
                | models.Q(latitude__gte=-90, latitude__lte=90),
                name="partner_latitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True)
                | models.Q(longitude__gte=-180, longitude__lte=180),
                name="partner_longitude_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.country})"

    @property
    def country_name(self) -> str:
        return country_name(self.country)
