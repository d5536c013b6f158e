"""The impact page's choice: a framework, the date to judge on, optionally a second framework."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from intrel.assessments.selectors import framework_choices
from intrel.governance.constants import Body
from intrel.governance.models import Decision
from intrel.policy import Framework, FrameworkError, UnknownFrameworkError, load_framework
from intrel.relations.constants import Status
from intrel.relations.models import Relation

from .constants import RoundStatus, Scenario
from .exports import FORMATS
from .models import ReviewRound

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


# --- review rounds ------------------------------------------------------------------------------


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RoundStartForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    framework = forms.ChoiceField(
        label=_("Framework"),
        help_text=_("The framework the relations are reviewed against."),
        error_messages=_UNKNOWN,
    )
    reference_date = forms.DateField(
        label=_("Reference date"),
        help_text=_(
            "The date the framework is applied from. Every current relation that existed on "
            "that date is reviewed."
        ),
        widget=_date_input(),
    )
    relations = forms.ModelMultipleChoiceField(
        label=_("Relations in the round"),
        queryset=Relation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Tick the relations to review; none ticked: every current relation that existed on "
            "the reference date."
        ),
        error_messages={
            "invalid_choice": _(
                "“%(value)s” is not a current relation: a review covers current relations only."
            ),
            "invalid_pk_value": _("“%(pk)s” is not a relation."),
        },
    )
    previous = forms.ModelChoiceField(
        label=_("Compare with"),
        queryset=ReviewRound.objects.none(),
        required=False,
        empty_label=_("(none)"),
        help_text=_("Optional: an earlier round the council has decided on."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        relations = self.fields["relations"]
        assert isinstance(relations, forms.ModelMultipleChoiceField)
        relations.queryset = Relation.objects.exclude(status=Status.ENDED).order_by("name")
        framework = self.fields["framework"]
        assert isinstance(framework, forms.ChoiceField)
        framework.choices = framework_choices()
        previous = self.fields["previous"]
        assert isinstance(previous, forms.ModelChoiceField)
        previous.queryset = ReviewRound.objects.filter(status=RoundStatus.DECIDED)


def _records(body: str) -> Any:
    return (
        Decision.objects.filter(body=body)
        .select_related("meeting")
        .order_by("-meeting__date", "identifier")
    )


class _StepForm(forms.Form):
    body: str = ""
    record = forms.ModelChoiceField(
        label=_("Decision record"),
        queryset=Decision.objects.none(),
        required=False,
        empty_label=_("(none)"),
        help_text=_("Optional: the decision as recorded in governance."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        record = self.fields["record"]
        assert isinstance(record, forms.ModelChoiceField)
        record.queryset = _records(self.body)


class AdviceForm(_StepForm):
    body = Body.COMMITTEE
    text = forms.CharField(label=_("The committee's advice"), widget=forms.Textarea)
    on = forms.DateField(label=_("Date of the advice"), widget=_date_input())
    field_order = ["text", "on", "record"]


class ProposalForm(_StepForm):
    body = Body.EXECUTIVE_BOARD
    text = forms.CharField(label=_("The executive board's proposal"), widget=forms.Textarea)
    on = forms.DateField(label=_("Date of the proposal"), widget=_date_input())
    field_order = ["text", "on", "record"]


class DecisionForm(_StepForm):
    body = Body.COUNCIL
    text = forms.CharField(label=_("The council's decision"), widget=forms.Textarea)
    on = forms.DateField(label=_("Date of the decision"), widget=_date_input())
    scenario = forms.ChoiceField(
        label=_("Scenario"),
        choices=Scenario.choices,
        initial=Scenario.HONOURING,
        help_text=_("How the council applies the framework: the actions' due dates follow it."),
    )
    field_order = ["text", "on", "scenario", "record"]


STEP_FORMS: dict[str, type[_StepForm]] = {
    "advice": AdviceForm,
    "proposal": ProposalForm,
    "decision": DecisionForm,
}


class OverrideForm(forms.Form):
    target = forms.ChoiceField(label=_("Conclusion"), choices=[])
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Why the framework's conclusion does not apply to this relation."),
    )

    def __init__(self, *args: Any, targets: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        target = self.fields["target"]
        assert isinstance(target, forms.ChoiceField)
        target.choices = targets


class ActionCloseForm(forms.Form):
    note = forms.CharField(
        label=_("How it was done"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Optional: what was done, with a reference to a letter or decision."),
    )


class ReportRequestForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the report"), choices=settings.LANGUAGES, initial="nl"
    )
