"""The impact page's choice: a framework, the date to judge on, optionally a second framework."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from intrel.assessments.selectors import framework_choices
from intrel.policy import Framework, FrameworkError, UnknownFrameworkError, load_framework

from .exports import FORMATS

_UNKNOWN = {
    "invalid_choice": _("There is no registered framework “%(value)s”: choose one from the list.")
}


class ImpactForm(forms.Form):
    framework = forms.ChoiceField(
        label=_("Framework"),
        help_text=_("The framework the relations are reviewed against."),
        error_messages=_UNKNOWN,
    )
    as_of = forms.DateField(
        label=_("Reference date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The date the framework is applied from. Empty: today."),
    )
    compare_to = forms.ChoiceField(
        label=_("Compare with"),
        required=False,
        help_text=_("Optional: a second framework to set beside it."),
        error_messages=_UNKNOWN,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = framework_choices()
        framework = self.fields["framework"]
        compare_to = self.fields["compare_to"]
        assert isinstance(framework, forms.ChoiceField)
        assert isinstance(compare_to, forms.ChoiceField)
        framework.choices = choices
        compare_to.choices = [("", _("(none)")), *choices]

    def _load(self, name: str) -> Framework | None:
        value = self.cleaned_data.get(name)
        if not value:
            return None
        try:
            return load_framework(value)
        except (UnknownFrameworkError, FrameworkError):
            raise forms.ValidationError(
                _(
                    "This framework cannot be used: its file is invalid. "
                    "Ask the application manager."
                ),
                code="invalid_framework",
            ) from None

    def clean_framework(self) -> Framework | None:
        return self._load("framework")

    def clean_compare_to(self) -> Framework | None:
        return self._load("compare_to")


DOWNLOAD_FORMATS = [f for f in FORMATS if f != "json"]
