from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import OVERRIDE_REASON_MIN_LENGTH


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
        self.fields["target"].choices = targets
