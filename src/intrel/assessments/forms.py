from datetime import date
from typing import Any, cast

from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from intrel.core.filters import SHOWN_CHARS
from intrel.policy import (
    FIRST_YEAR,
    LAST_YEAR,
    Framework,
    FrameworkError,
    UnknownFrameworkError,
    in_date_range,
    load_framework,
)

from .constants import OVERRIDE_REASON_MIN_LENGTH
from .selectors import framework_choices


class OverrideForm(forms.Form):
    target = forms.ChoiceField(label=_("Conclusion"))
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        min_length=OVERRIDE_REASON_MIN_LENGTH,
        help_text=_("Why does this conclusion not apply here? Visible wherever it is shown."),
    )

    def __init__(self, *args: object, targets: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        cast(forms.ChoiceField, self.fields["target"]).choices = targets


_UNKNOWN_FRAMEWORK = {
    "invalid_choice": _("There is no registered framework “%(value)s”: choose one from the list.")
}


class _FrameworkField(forms.ChoiceField):
    """A registered framework's id; refusing another value, it repeats no more of it than a
    page's filter notice does."""

    def validate(self, value: Any) -> None:
        if value and not self.valid_value(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": Truncator(value).chars(SHOWN_CHARS)},
            )
        super().validate(value)


class FrameworkCompareForm(forms.Form):
    """Two registered frameworks (by id, never a path) and the date to judge on."""

    framework_a = _FrameworkField(
        label=_("Framework now"),
        help_text=_("The framework the relations are judged by today."),
        error_messages=_UNKNOWN_FRAMEWORK,
    )
    framework_b = _FrameworkField(
        label=_("Framework to compare"),
        help_text=_("The framework whose consequences you want to see."),
        error_messages=_UNKNOWN_FRAMEWORK,
    )
    as_of = forms.DateField(
        label=_("Judged on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Empty: today."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = framework_choices()
        for name in ("framework_a", "framework_b"):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = choices

    def _framework(self, name: str) -> Framework:
        try:
            return load_framework(self.cleaned_data[name])
        except (UnknownFrameworkError, FrameworkError):
            raise forms.ValidationError(
                _(
                    "This framework cannot be used: its file is invalid. "
                    "Ask the application manager."
                ),
                code="invalid_framework",
            ) from None

    def clean_framework_a(self) -> Framework:
        return self._framework("framework_a")

    def clean_framework_b(self) -> Framework:
        return self._framework("framework_b")

    def clean_as_of(self) -> date | None:
        value: date | None = self.cleaned_data.get("as_of")
        if value is not None and not in_date_range(value):
            raise forms.ValidationError(
                _("Give a date between the years %(first)d and %(last)d.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR},
                code="out_of_range",
            )
        return value
