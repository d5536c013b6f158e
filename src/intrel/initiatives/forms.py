"""The initiatives' forms: the public form, and what the initiator sends through the link."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from intrel.budgets.constants import HolderKind
from intrel.budgets.models import BudgetLine
from intrel.core.bounds import NAME_MAX_LENGTH
from intrel.governance.models import Meeting
from intrel.partners.countries import country_choices
from intrel.relations.constants import Purpose
from intrel.relations.models import Relation

from .constants import Outcome, SupportKind
from .models import KVK_NUMBER

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_ATTACHMENTS = 5


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            if len(data) > MAX_ATTACHMENTS:
                raise forms.ValidationError(
                    _("At most %(n)d files can be attached.") % {"n": MAX_ATTACHMENTS}
                )
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class SubmitForm(forms.Form):
    """The public form: what a resident or organisation proposes, and who to contact."""

    title = forms.CharField(label=_("title"), max_length=NAME_MAX_LENGTH)
    description = forms.CharField(label=_("what and why"), widget=forms.Textarea(attrs={"rows": 6}))
    country = forms.ChoiceField(label=_("partner country"))
    place = forms.CharField(label=_("partner place"), max_length=NAME_MAX_LENGTH)
    purposes = forms.MultipleChoiceField(
        label=_("purposes"), choices=Purpose.choices, widget=forms.CheckboxSelectMultiple
    )
    support_asked = forms.MultipleChoiceField(
        label=_("support asked"), choices=SupportKind.choices, widget=forms.CheckboxSelectMultiple
    )
    money_asked = forms.DecimalField(
        label=_("money asked (EUR)"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    hours_asked = forms.DecimalField(
        label=_("staff hours asked"), required=False, min_value=0, max_digits=8, decimal_places=1
    )
    start = forms.DateField(label=_("start"), widget=DATE)
    end = forms.DateField(label=_("end"), required=False, widget=DATE)
    organisation = forms.CharField(label=_("organisation"), max_length=NAME_MAX_LENGTH)
    kvk_number = forms.CharField(
        label=_("Chamber of Commerce number"),
        required=False,
        max_length=8,
        validators=[KVK_NUMBER],
        help_text=_("Optional: 8 digits."),
    )
    contact_name = forms.CharField(label=_("contact person"), max_length=NAME_MAX_LENGTH)
    contact_email = forms.EmailField(label=_("e-mail address"))
    contact_phone = forms.CharField(label=_("telephone"), required=False, max_length=30)
    attachments = MultipleFileField(
        label=_("attachments"),
        required=False,
        help_text=_("Optional: PDF files or PNG/JPEG images, at most 5."),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the municipality processes the personal data in this form to handle "
            "the initiative."
        ),
        required=True,
        error_messages={
            "required": _("Without your consent we cannot handle the initiative."),
        },
    )
    # The honeypot: hidden from people by CSS (class "hp"), filled in by naive robots.
    website = forms.CharField(label=_("leave this field empty"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        country = self.fields["country"]
        assert isinstance(country, forms.ChoiceField)
        country.choices = [("", "—"), *country_choices()]
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The period ends before it starts."))
        return data

    def is_spam(self) -> bool:
        return bool(self.data.get("website"))


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("your answer"), widget=forms.Textarea(attrs={"rows": 4}))


class ReportForm(forms.Form):
    report = forms.CharField(label=_("results"), widget=forms.Textarea(attrs={"rows": 6}))


# --- the staff's steps ----------------------------------------------------------------------------


class ScreenForm(forms.Form):
    note = forms.CharField(
        label=_("screening note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Complete? Does it fit the framework?"),
    )


class QuestionForm(forms.Form):
    question = forms.CharField(
        label=_("question to the initiator"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ScheduleForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("committee meeting"),
        queryset=Meeting.objects.filter(committee__isnull=False).order_by("-date"),
    )


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(label=_("outcome"), choices=Outcome.choices)
    reasons = forms.CharField(label=_("reasons"), widget=forms.Textarea(attrs={"rows": 3}))
    money = forms.DecimalField(
        label=_("money granted (EUR)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
    )
    hours = forms.DecimalField(
        label=_("staff hours granted"),
        required=False,
        min_value=0,
        max_digits=8,
        decimal_places=1,
    )
    line = forms.ModelChoiceField(
        label=_("committee's budget line"),
        required=False,
        queryset=BudgetLine.objects.filter(holder_kind=HolderKind.COMMITTEE).order_by("-year"),
    )
    relation = forms.ModelChoiceField(
        label=_("relation"),
        required=False,
        queryset=Relation.objects.order_by("name"),
        help_text=_("The relation it leads to or joins, if any."),
    )


class StartForm(forms.Form):
    report_due = forms.DateField(label=_("report due"), required=False, widget=DATE)


class CloseForm(forms.Form):
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
