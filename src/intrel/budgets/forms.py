"""Forms of the budget pages. Amounts are checked here for shape (number, decimals, sign) and
again by the services, which own the rules (ACH-2, holders, years, decisions)."""

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from intrel.core.bounds import (
    BUDGET_YEAR_MAX,
    BUDGET_YEAR_MIN,
    HOURS_DIGITS,
    HOURS_PLACES,
    MONEY_DIGITS,
    MONEY_PLACES,
)
from intrel.governance.constants import DecisionResult
from intrel.governance.models import Committee, Decision, Portfolio
from intrel.relations.models import Activity, Relation

from .constants import (
    HolderKind,
    LinePurpose,
)
from .models import Allocation, BudgetLine

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def money_field(label: Any = None, required: bool = True, **kwargs: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label or _("money (EUR)"),
        max_digits=MONEY_DIGITS,
        decimal_places=MONEY_PLACES,
        validators=[MinValueValidator(Decimal(0), _("The value must not be negative."))],
        required=required,
        help_text=kwargs.pop("help_text", _("Euros, at most two decimals, e.g. 2500.00.")),
        **kwargs,
    )


def hours_field(label: Any = None, required: bool = True, **kwargs: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label or _("staff hours"),
        max_digits=HOURS_DIGITS,
        decimal_places=HOURS_PLACES,
        validators=[MinValueValidator(Decimal(0), _("The value must not be negative."))],
        required=required,
        help_text=kwargs.pop("help_text", _("Hours, at most one decimal, e.g. 12.5.")),
        **kwargs,
    )


def adopted_decisions() -> Any:
    return (
        Decision.objects.filter(result=DecisionResult.ADOPTED)
        .select_related("meeting")
        .order_by("-meeting__date", "identifier")
    )


class LineForm(forms.Form):
    slug = forms.SlugField(
        label=_("identifier"), max_length=100, help_text=_("e.g. solidarity-2015; never changes.")
    )
    year = forms.IntegerField(label=_("year"), min_value=BUDGET_YEAR_MIN, max_value=BUDGET_YEAR_MAX)
    name = forms.CharField(label=_("name"), max_length=200)
    purpose = forms.ChoiceField(label=_("purpose"), choices=LinePurpose.choices)
    holder_kind = forms.ChoiceField(label=_("held by"), choices=HolderKind.choices)
    portfolio = forms.ModelChoiceField(
        label=_("portfolio"),
        queryset=Portfolio.objects.order_by("code"),
        required=False,
        help_text=_("Only when a portfolio holds the line; it needs a holder in that year."),
    )
    committee = forms.ModelChoiceField(
        label=_("committee"),
        queryset=Committee.objects.order_by("name"),
        required=False,
        help_text=_("Only when the committee holds the line; it must be installed that year."),
    )
    money = money_field(_("opening money (EUR)"))
    hours = hours_field(_("opening staff hours"))
    description = forms.CharField(label=_("description"), widget=forms.Textarea, required=False)


class TransferForm(forms.Form):
    source = forms.ModelChoiceField(label=_("from line"), queryset=BudgetLine.objects.none())
    target = forms.ModelChoiceField(label=_("to line"), queryset=BudgetLine.objects.none())
    decision = forms.ModelChoiceField(
        label=_("decision"),
        queryset=Decision.objects.none(),
        help_text=_("The adopted decision that moves the budget (required)."),
        error_messages={"required": _("A transfer needs the decision that moves the budget.")},
    )
    date = forms.DateField(label=_("date"), widget=DATE)
    money = money_field()
    hours = hours_field()
    description = forms.CharField(label=_("description"), widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lines = BudgetLine.objects.select_related("portfolio", "committee").order_by(
            "-year", "name"
        )
        cast(forms.ModelChoiceField, self.fields["source"]).queryset = lines
        cast(forms.ModelChoiceField, self.fields["target"]).queryset = lines
        decision = cast(forms.ModelChoiceField, self.fields["decision"])
        decision.queryset = adopted_decisions()
        # The field calls its own label_from_instance; mypy allows replacing it in a class only.
        decision.label_from_instance = lambda obj: (  # type: ignore[method-assign]
            f"{obj.identifier} · {obj.meeting.date:%Y-%m-%d} · {obj.title}"
        )


class AllocationForm(forms.Form):
    date = forms.DateField(label=_("date"), widget=DATE, help_text=_("A day in the line's year."))
    money = money_field()
    hours = hours_field()
    relation = forms.ModelChoiceField(
        label=_("relation"), queryset=Relation.objects.order_by("name"), required=False
    )
    activity = forms.ModelChoiceField(
        label=_("activity"),
        queryset=Activity.objects.select_related("relation").order_by("-date"),
        required=False,
        help_text=_("Optional: an activity of a relation (its relation is taken)."),
    )
    # A choice of the initiatives on record, read through the allocation's own link (budgets
    # imports nothing of the initiatives app, ADR 0013).
    initiative = forms.ChoiceField(
        label=_("citizen initiative"),
        required=False,
        help_text=_("The supported citizen initiative, if it is for one."),
    )
    decision = forms.ModelChoiceField(
        label=_("decision"), queryset=Decision.objects.none(), required=False
    )
    description = forms.CharField(label=_("description"), widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["decision"]).queryset = adopted_decisions()
        initiatives = Allocation._meta.get_field("initiative").related_model._default_manager
        cast(forms.ChoiceField, self.fields["initiative"]).choices = [
            ("", "—"),
            *(
                (reference, f"{reference} {title}")
                for reference, title in initiatives.order_by("-reference").values_list(
                    "reference", "title"
                )
            ),
        ]
        activity = cast(forms.ModelChoiceField, self.fields["activity"])
        # As in TransferForm: the field calls its instance's label_from_instance.
        activity.label_from_instance = lambda obj: f"{obj.relation.name}: {obj.title}"  # type: ignore[method-assign]


class RealisationForm(forms.Form):
    date = forms.DateField(label=_("date"), widget=DATE)
    money = money_field(_("money spent (EUR)"))
    hours = hours_field(_("hours spent"))
    description = forms.CharField(label=_("description"), widget=forms.Textarea, required=False)


class ReleaseForm(forms.Form):
    date = forms.DateField(label=_("date"), widget=DATE)
    money = money_field(
        _("money to release (EUR)"),
        required=False,
        help_text=_("Leave both amounts empty to release all that is open."),
    )
    hours = hours_field(_("hours to release"), required=False, help_text="")
    description = forms.CharField(label=_("description"), widget=forms.Textarea, required=False)
