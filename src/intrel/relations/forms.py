"""Forms of the register's pages. They check input; the services in services.py do the writes."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from intrel.core.errors import DomainError
from intrel.partners.models import Partner
from intrel.policy import load_framework

from . import services
from .constants import Purpose, Sector, Status
from .models import Activity, Agreement, ContactPerson, Involvement, Party, Relation

# The headings of the framework's purpose groups, for the form; which purpose is in which group
# is the framework file's (`purpose_groups`), not the form's.
PURPOSE_GROUP_LABELS = {
    "solidarity": _("Solidarity"),
    "economic": _("Economic"),
    "added_value": _("Other added value"),
    "other": _("Neither pillar"),
}


def purpose_groups_of_framework() -> list[tuple[Any, list[str]]]:
    """(heading, purposes) per group of the default framework's file, in the file's order."""
    from django.conf import settings

    groups = load_framework(settings.INTREL_DEFAULT_FRAMEWORK).spec.purpose_groups
    return [
        (label, [p.value for p in getattr(groups, name)])
        for name, label in PURPOSE_GROUP_LABELS.items()
        if getattr(groups, name)
    ]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class PartnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Partner) -> str:
        return f"{obj.name} ({obj.country_name})"


class RelationForm(forms.ModelForm):
    """A relation's facts. The cross-field rules are the service's (``relation_check``)."""

    purposes = forms.MultipleChoiceField(
        label=_("purposes"),
        choices=Purpose.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What the relation is for; at least one."),
        error_messages={"required": _("Choose at least one purpose.")},
    )
    partner = PartnerChoiceField(
        label=_("partner"),
        queryset=Partner.objects.order_by("name", "country"),
        help_text=_("The city, region, country or organisation abroad."),
    )
    slug = forms.SlugField(
        label=_("identifier"),
        max_length=100,
        required=False,
        help_text=_(
            "Stable identifier used in links, e.g. helmond-mechelen. Empty: from the name."
        ),
    )

    class Meta:
        model = Relation
        fields = [
            "name",
            "slug",
            "partner",
            "registered_kind",
            "status",
            "initiated_by",
            "purposes",
            "mutual_value",
            "owner_kind",
            "owner_portfolio",
            "budget_money_eur_per_year",
            "budget_staff_hours_per_year",
            "budget_held_by",
            "budget_portfolio",
            "start_date",
            "end_date",
            "end_reason",
            "description",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "owner_portfolio": _("Required when the owner is a portfolio, e.g. EZ."),
            "budget_portfolio": _("Required when a portfolio holds the budget, e.g. EZ."),
            "end_date": _("Required when the status is ended; give an end reason with it."),
            "end_reason": _("Required when an end date is given."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The identifier is part of links and the API: it does not change once given.
            del self.fields["slug"]
            # The status changes only through the steps of the relation's life (life.py).
            del self.fields["status"]
        for name in ("owner_portfolio", "budget_portfolio"):
            self.fields[name].widget.attrs["style"] = "max-width: 10rem"

    def clean_owner_portfolio(self) -> str:
        return (self.cleaned_data.get("owner_portfolio") or "").strip().upper()

    def clean_budget_portfolio(self) -> str:
        return (self.cleaned_data.get("budget_portfolio") or "").strip().upper()

    def clean_slug(self) -> str:
        slug = self.cleaned_data.get("slug") or ""
        if slug in services.RESERVED_SLUGS or (
            slug and Relation.objects.filter(slug=slug).exists()
        ):
            raise forms.ValidationError(_("This identifier is already in use."))
        return slug

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        problems = services.relation_check(
            purposes=data.get("purposes"),
            owner_kind=data.get("owner_kind"),
            owner_portfolio=data.get("owner_portfolio"),
            budget_held_by=data.get("budget_held_by"),
            budget_portfolio=data.get("budget_portfolio"),
            status=data.get("status"),
            start_date=data.get("start_date"),
            end_date=data.get("end_date"),
            end_reason=data.get("end_reason"),
        )
        for field, message in problems.items():
            if field in self.fields and field not in self.errors:
                self.add_error(field, message)
        return data

    def purpose_groups(self) -> list[tuple[str, list[tuple[str, str, bool]]]]:
        """Purposes grouped by pillar with their checked state, for the template."""
        chosen = set(self["purposes"].value() or [])
        labels = dict(Purpose.choices)
        return [
            (label, [(str(p), str(labels[p]), str(p) in chosen) for p in group])
            for label, group in purpose_groups_of_framework()
        ]


class _ChildForm(forms.ModelForm):
    """A child of a relation; the relation comes from the page, not from the form."""


class DocumentInput(forms.ClearableFileInput):
    """The stored document by name, without a link to the file store: the document is only
    downloaded through the page's permission-checked link."""

    template_name = "relations/widgets/document_input.html"


class AgreementForm(_ChildForm):
    class Meta:
        model = Agreement
        fields = [
            "title",
            "signed",
            "ends",
            "notice_months",
            "renews_automatically",
            "renewal_months",
            "document",
        ]
        widgets = {"signed": DateInput(), "ends": DateInput(), "document": DocumentInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].widget.attrs["accept"] = (
            ".pdf,.docx,application/pdf,"
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )

    def clean_document(self) -> Any:
        document = self.cleaned_data.get("document")
        if document and hasattr(document, "content_type"):  # a new upload
            try:
                services.agreement_document_check(document)
            except DomainError as exc:
                raise forms.ValidationError(exc.message) from exc
        return document

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        signed, ends = data.get("signed"), data.get("ends")
        if signed and ends and ends < signed:
            self.add_error("ends", _("The end date lies before the date of signing."))
        return data


class InvolvementForm(_ChildForm):
    # The initiative by its reference: a choice of the initiatives on record, read through the
    # involvement's own link (the register imports nothing of the initiatives app, ADR 0013).
    initiative = forms.ChoiceField(
        label=_("citizen initiative"),
        required=False,
        help_text=_("The citizen initiative this involvement follows (SOL-3)."),
    )
    field_order = ["actor", "portfolio", "person", "start", "end", "initiative", "description"]

    class Meta:
        model = Involvement
        fields = ["actor", "portfolio", "person", "start", "end", "description"]
        widgets = {
            "start": DateInput(),
            "end": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        initiatives = Involvement._meta.get_field("initiative").related_model._default_manager
        field = cast(forms.ChoiceField, self.fields["initiative"])
        field.choices = [("", "—")] + [
            (reference, f"{reference} {title}")
            for reference, title in initiatives.order_by("-reference").values_list(
                "reference", "title"
            )
        ]
        if self.instance.pk and self.instance.initiative_id:
            self.initial["initiative"] = self.instance.initiative_id

    def clean_portfolio(self) -> str:
        return (self.cleaned_data.get("portfolio") or "").strip().upper()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date lies before the start date."))
        return data


class ActivityForm(_ChildForm):
    class Meta:
        model = Activity
        fields = ["kind", "title", "date", "end_date", "description", "participants"]
        widgets = {
            "date": DateInput(),
            "end_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "participants": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        start, end = data.get("date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date lies before the date."))
        return data


class ContactPersonForm(_ChildForm):
    class Meta:
        model = ContactPerson
        fields = ["name", "organisation", "role", "email", "phone"]


class PartyLinkForm(forms.Form):
    """Link a party to a relation: an existing one, or a new one by name and sector."""

    party = forms.ModelChoiceField(
        label=_("existing party"),
        queryset=Party.objects.order_by("name"),
        required=False,
        help_text=_("Choose an organisation already in the register…"),
    )
    name = forms.CharField(label=_("or the name of a new party"), max_length=200, required=False)
    sector = forms.ChoiceField(
        label=_("sector of the new party"),
        choices=[("", "—"), *Sector.choices],
        required=False,
        help_text=_("Government, business, knowledge institution or civil society."),
    )

    def __init__(self, *args: Any, relation: Relation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["party"]).queryset = Party.objects.exclude(
            relations=relation
        ).order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        party, name, sector = (
            data.get("party"),
            (data.get("name") or "").strip(),
            data.get("sector"),
        )
        if party and name:
            self.add_error("name", _("Choose an existing party or give a new name, not both."))
        elif not party and not name:
            self.add_error("party", _("Choose a party or give the name of a new one."))
        elif name and not sector and not Party.objects.filter(name__iexact=name).exists():
            self.add_error("sector", _("Give the sector of the new party."))
        return data


VERIFIED_CHOICES = [("", _("all")), ("yes", _("yes")), ("no", _("no, to check"))]
# The work list's "ending soon": an agreement or involvement ends, or the relation is being ended.
ENDING_CHOICES = [("", _("all")), ("90", _("within 90 days")), ("365", _("within a year"))]
SORT_CHOICES = [
    ("name", _("name")),
    ("-updated", _("recently changed")),
    ("start", _("start date")),
    ("status", _("status")),
]


class RelationFilterForm(forms.Form):
    """The list page's search and filters (GET)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    registered_kind = forms.ChoiceField(label=_("registered as"), required=False)
    status = forms.ChoiceField(label=_("status"), required=False)
    country = forms.ChoiceField(label=_("country"), required=False)
    purpose = forms.ChoiceField(label=_("purpose"), required=False)
    owner = forms.ChoiceField(label=_("owner"), required=False)
    verified = forms.ChoiceField(label=_("verified"), required=False, choices=VERIFIED_CHOICES)
    # Filled by the view from the assessments app (a layer above): the work-list filter.
    assessment = forms.ChoiceField(label=_("framework"), required=False)
    ending = forms.ChoiceField(label=_("ends soon"), required=False, choices=ENDING_CHOICES)
    sort = forms.ChoiceField(label=_("sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args: Any, options: dict[str, list[tuple[str, str]]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        from .constants import RegisteredKind

        everything: list[tuple[str, Any]] = [("", _("all"))]
        cast(forms.ChoiceField, self.fields["registered_kind"]).choices = everything + list(
            RegisteredKind.choices
        )
        cast(forms.ChoiceField, self.fields["status"]).choices = everything + list(Status.choices)
        cast(forms.ChoiceField, self.fields["country"]).choices = everything + options["countries"]
        cast(forms.ChoiceField, self.fields["purpose"]).choices = everything + list(Purpose.choices)
        cast(forms.ChoiceField, self.fields["owner"]).choices = everything + options["owners"]
        cast(forms.ChoiceField, self.fields["assessment"]).choices = everything + options.get(
            "assessment", []
        )
        self.fields["q"].widget.attrs["type"] = "search"

    def selector_kwargs(self) -> dict[str, Any]:
        """The filters for ``selectors.relation_list``; invalid values are ignored, not fatal."""
        self.is_valid()
        data = self.cleaned_data  # only the fields that are valid
        verified = {"yes": True, "no": False}.get(data.get("verified") or "")
        return {
            "q": (data.get("q") or "").strip(),
            "registered_kind": data.get("registered_kind") or "",
            "status": data.get("status") or "",
            "country": data.get("country") or "",
            "purpose": data.get("purpose") or "",
            "owner": data.get("owner") or "",
            "verified": verified,
            "ending_within": int(data["ending"]) if data.get("ending") else None,
            "sort": data.get("sort") or "name",
        }

    def assessment_state(self) -> str:
        """The work-list filter chosen (empty for all); an unusable value is ignored."""
        self.is_valid()
        return str(self.cleaned_data.get("assessment") or "")


class LifeStepForm(forms.Form):
    """A step in a relation's life; the kinds offered are those the machine allows now."""

    kind = forms.ChoiceField(label=_("step"))
    date = forms.DateField(label=_("date"), widget=DateInput())
    text = forms.CharField(
        label=_("text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Reasons of a proposal, what was said in a consultation, the reason for a "
            "suspension, the partner's letter."
        ),
    )
    finding = forms.CharField(
        label=_("finding"),
        required=False,
        max_length=60,
        help_text=_("The code of the finding that led to the proposal, if any."),
    )
    party = forms.CharField(
        label=_("consulted party"),
        required=False,
        max_length=200,
        help_text=_("The partner or a party involved (foundation, school, club)."),
    )
    answered = forms.NullBooleanField(
        label=_("answered"),
        required=False,
        widget=forms.Select(choices=[("unknown", "—"), ("true", _("yes")), ("false", _("no"))]),
        help_text=_("Did the consulted party answer?"),
    )
    decision = forms.CharField(
        label=_("decision"),
        required=False,
        max_length=40,
        help_text=_("The reference of the decision in governance, e.g. RAAD-2026-004."),
    )
    effective_date = forms.DateField(
        label=_("effective date"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "The date the notice, or the partner's ending, takes effect: the relation ends "
            "then, and is being ended until then."
        ),
    )
    until = forms.CharField(
        label=_("until"),
        required=False,
        max_length=200,
        help_text=_("The condition to resume a suspended relation."),
    )
    partner_consent = forms.BooleanField(
        label=_("partner consents"),
        required=False,
        help_text=_("The partner agreed to an earlier end than the agreements allow (IMP-3)."),
    )
    deviation = forms.BooleanField(
        label=_("deviation from the framework"),
        required=False,
        help_text=_("The council ends at once against IMP-3/IMP-4, by its own decision."),
    )
    document = forms.FileField(
        label=_("document"), required=False, help_text=_("PDF or DOCX, at most 10 MB.")
    )

    def __init__(self, *args: Any, kinds: list[tuple[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = kinds
        self.fields["document"].widget.attrs["accept"] = (
            ".pdf,.docx,application/pdf,"
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )
