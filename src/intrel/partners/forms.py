"""The partner form: the country is an ISO 3166-1 alpha-2 code chosen from a list."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from .countries import country_choices, is_country_code
from .models import Partner


class PartnerForm(forms.ModelForm):
    country = forms.ChoiceField(label=_("country"), help_text=_("The country the partner lies in."))

    class Meta:
        model = Partner
        fields = ["name", "country", "kind", "latitude", "longitude", "website", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "latitude": _("Decimal degrees between -90 and 90, e.g. 51.0259 (for the map)."),
            "longitude": _("Decimal degrees between -180 and 180, e.g. 4.4776 (for the map)."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Built per request: the names follow the user's language.
        cast(forms.ChoiceField, self.fields["country"]).choices = [("", "—"), *country_choices()]

    def clean_country(self) -> str:
        code = (self.cleaned_data.get("country") or "").upper()
        if not is_country_code(code):
            raise forms.ValidationError(_("Choose a country from the list."))
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        one_missing = (data.get("latitude") is None) != (data.get("longitude") is None)
        if one_missing and not self.has_error("latitude") and not self.has_error("longitude"):
            self.add_error(
                "longitude" if data.get("longitude") is None else "latitude",
                _("Give both latitude and longitude, or neither."),
            )
        return data
