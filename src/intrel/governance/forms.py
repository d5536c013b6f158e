"""Forms of the governance pages. Validation of the rules is the services' job."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from intrel.accounts.models import User
from intrel.relations.models import Relation

from .constants import Body, DecisionKind, DecisionResult, VoteOption
from .models import Committee, Person

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DateForm(forms.Form):
    date = forms.DateField(label=_("Composition on"), required=False, widget=DATE_INPUT)


class MeetingForm(forms.Form):
    body = forms.ChoiceField(label=_("body"), choices=Body.choices, initial=Body.COMMITTEE)
    committee = forms.ModelChoiceField(
        label=_("committee"),
        queryset=Committee.objects.all(),
        required=False,
        help_text=_("For a committee meeting."),
    )
    date = forms.DateField(label=_("date"), widget=DATE_INPUT)
    title = forms.CharField(label=_("title"), max_length=200)


class AttendanceForm(forms.Form):
    present = forms.ModelMultipleChoiceField(
        label=_("present"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members not ticked are recorded absent."),
    )

    def __init__(self, *args: Any, members: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["present"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Person.objects.filter(pk__in=[p.pk for p in members]).order_by("name")


class AgendaItemForm(forms.Form):
    text = forms.CharField(label=_("agenda item"), max_length=500)
    relation = forms.ModelChoiceField(
        label=_("relation"),
        queryset=Relation.objects.order_by("name"),
        required=False,
        help_text=_("Optional: the relation from the register this item is about."),
    )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    file = forms.FileField(label=_("document"), help_text=_("PDF or DOCX, at most 10 MB."))


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("minutes"), widget=forms.Textarea, required=False)


class GoalsForm(forms.Form):
    text = forms.CharField(label=_("goals for the year"), widget=forms.Textarea)


def _vote_field_name(person: Person) -> str:
    return f"vote_{person.pk}"


class DecisionForm(forms.Form):
    """A decision; in a committee meeting a vote per voting member present."""

    kind = forms.ChoiceField(
        label=_("kind"),
        choices=[(k, v) for k, v in DecisionKind.choices if k != DecisionKind.CHAIR_ELECTION],
    )
    title = forms.CharField(label=_("title"), max_length=200)
    text = forms.CharField(label=_("text"), widget=forms.Textarea, required=False)
    relation = forms.ModelChoiceField(
        label=_("relation"), queryset=Relation.objects.order_by("name"), required=False
    )

    def __init__(self, *args: Any, voters: list[Person], committee: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.voters = voters
        options = [(k, v) for k, v in VoteOption.choices if k != VoteOption.ABSENT]
        for person in voters:
            self.fields[_vote_field_name(person)] = forms.ChoiceField(
                label=person.name, choices=[("", "—"), *options]
            )
        if not committee:
            self.fields["result"] = forms.ChoiceField(
                label=_("result"), choices=DecisionResult.choices
            )

    def vote_fields(self) -> list[forms.BoundField]:
        return [self[_vote_field_name(p)] for p in self.voters]

    def votes(self) -> dict[Person, str]:
        return {p: self.cleaned_data[_vote_field_name(p)] for p in self.voters}


class ChairElectionForm(forms.Form):
    """Candidates, and the vote of every voting member present."""

    candidates = forms.ModelMultipleChoiceField(
        label=_("candidates"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Council members standing for chair (BES-10)."),
    )

    def __init__(
        self, *args: Any, voters: list[Person], eligible: list[Person], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.voters = voters
        field = self.fields["candidates"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Person.objects.filter(pk__in=[p.pk for p in eligible]).order_by("name")
        choices = [("", "—"), *((str(p.pk), p.name) for p in eligible)]
        for person in voters:
            self.fields[_vote_field_name(person)] = forms.ChoiceField(
                label=person.name, choices=choices
            )
        self._eligible = {p.pk: p for p in eligible}

    def vote_fields(self) -> list[forms.BoundField]:
        return [self[_vote_field_name(p)] for p in self.voters]

    def votes(self) -> dict[Person, Person]:
        return {p: self._eligible[int(self.cleaned_data[_vote_field_name(p)])] for p in self.voters}


class PersonAccountForm(forms.Form):
    """Which user account acts as a person holding office (set by the application manager)."""

    person = forms.ModelChoiceField(label=_("person"), queryset=Person.objects.all())
    account = forms.ModelChoiceField(
        label=_("account"),
        queryset=User.objects.filter(is_active=True).order_by("username"),
        required=False,
        empty_label=_("no account"),
    )
