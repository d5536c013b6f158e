"""The register's pages for officers: thin views over selectors (reads) and services (writes)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import models
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from intrel.accounts.selectors import request_user
from intrel.assessments.selectors import (
    assessment_filter_choices,
    relation_assessment_state,
    relation_assessment_summaries,
    relations_by_assessment,
)
from intrel.core.errors import DomainError
from intrel.core.filters import (
    CountedPaginator,
    filter_notice,
    page_param,
    unknown_value_message,
)
from intrel.core.web import (
    form_error,
    form_status,
    object_for,
    require_perm,
    user_may,
)
from intrel.partners.models import Partner

from . import selectors, services
from .constants import purpose_labels
from .forms import (
    ActivityForm,
    AgreementForm,
    ContactPersonForm,
    InvolvementForm,
    LifeStepForm,
    PartyLinkForm,
    RelationFilterForm,
    RelationForm,
)
from .models import Activity, Agreement, ContactPerson, Involvement, LifeStep, Relation

PAGE_SIZE = 50


def _relation_for(request: HttpRequest, slug: str, perm: str) -> Relation:
    """The relation to write ``perm`` on: 403 for a role that may do it on no relation, 404 for
    no such relation or another portfolio's (ADR 0020)."""
    return object_for(request, perm, lambda: get_object_or_404(Relation, slug=slug))


def _with_purpose_labels(relations: Any) -> list[Relation]:
    """Each relation gets ``purpose_labels``: its purposes as the user reads them."""
    relations = list(relations)
    for relation in relations:
        relation.purpose_labels = purpose_labels(relation.purposes)
    return relations


@require_http_methods(["GET"])
def relation_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, "relations.view_relation")
    options = selectors.relation_filter_options()
    options["assessment"] = assessment_filter_choices()
    filters = RelationFilterForm(request.GET or None, options=options)
    relations = selectors.relation_list(**(filters.selector_kwargs() if filters.is_bound else {}))
    state = filters.assessment_state() if filters.is_bound else ""
    if state:
        relations = relations_by_assessment(relations, state)
    for name in filters.errors if filters.is_bound else ():  # an unusable value is not used
        label = str(filters.fields[name].label) if name in filters.fields else name
        filter_notice(request, unknown_value_message(request.GET.get(name, ""), label))
    # The count is cached (it reads every matching relation), except under a filter by
    # assessment, which a write of an assessment changes.
    paginator = (
        Paginator(relations, PAGE_SIZE)
        if state
        else CountedPaginator(relations, PAGE_SIZE, counter=selectors.relation_count)
    )
    page = page_param(request, paginator)
    page.object_list = _with_purpose_labels(page.object_list)
    summaries = relation_assessment_summaries(page.object_list)
    row: Any
    for row in page.object_list:
        row.assessment_summary = summaries.get(row.pk)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "relations/relation_list.html",
        {
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "filtered": any(v for k, v in request.GET.items() if k != "page"),
            "can_add": request.user.has_perm("relations.add_relation"),
        },
    )


@require_http_methods(["GET"])
def relation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    require_perm(request, "relations.view_relation")
    relation = selectors.relation_get(slug=slug)
    _with_purpose_labels([relation])
    user = request.user
    # Asked of this relation: a portfolio holder sees the buttons on their portfolio's only.
    perms = {
        f"{verb}_{model}": user_may(user, f"relations.{verb}_{model}", relation)
        for verb in ("add", "change", "delete")
        for model in ("relation", "agreement", "involvement", "activity", "contactperson")
    }
    can_see_contacts = user.has_perm("relations.view_contactperson")
    return render(
        request,
        "relations/relation_detail.html",
        {
            "relation": relation,
            "history": selectors.relation_history(relation=relation),
            "contact_persons": relation.contact_persons.all() if can_see_contacts else None,
            "can": perms,
            # Only read: a stale assessment is shown as such, with a re-assess button (ADR 0009).
            "assessment": relation_assessment_state(relation=relation),
            **_life_context(request, relation),
        },
    )


@require_http_methods(["GET", "POST"])
def relation_create(request: HttpRequest) -> HttpResponse:
    require_perm(request, "relations.add_relation")
    initial = {}
    if (raw := request.GET.get("partner", "")).isascii() and raw.isdigit() and len(raw) <= 18:
        initial["partner"] = Partner.objects.filter(pk=raw).first()
    form = RelationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            relation = services.relation_create(
                user=request_user(request), data=services.RelationData(**form.cleaned_data)
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The relation has been registered."))
            return redirect(relation)
    return render(
        request,
        "relations/relation_form.html",
        {"form": form, "relation": None},
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
def relation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    relation = _relation_for(request, slug, "relations.change_relation")
    # The form validates on a copy, so the page keeps showing the stored name on a refusal.
    form = RelationForm(request.POST or None, instance=Relation.objects.get(pk=relation.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.relation_update(
                relation=relation,
                user=request_user(request),
                # The status is not on the form: it changes through the life steps.
                data=services.RelationData(**form.cleaned_data, status=relation.status),
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("relations:detail", slug=slug)
    return render(
        request,
        "relations/relation_form.html",
        {"form": form, "relation": relation},
        status=form_status(form),
    )


@require_POST
def relation_verify(request: HttpRequest, slug: str) -> HttpResponse:
    relation = _relation_for(request, slug, "relations.change_relation")
    services.relation_verify(relation=relation)
    messages.success(request, _("The relation has been confirmed."))
    return redirect(relation)


@require_http_methods(["GET"])
def agreement_document(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    """The signed document, for users who may see agreements (never a public media link)."""
    require_perm(request, "relations.view_agreement")
    agreement = get_object_or_404(Agreement, relation__slug=slug, pk=pk)
    if not agreement.document:
        raise Http404
    try:
        handle = agreement.document.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    name = str(agreement.document.name).rsplit("/", 1)[-1]
    return FileResponse(handle, as_attachment=True, filename=name)


# --- The children of a relation: one table, three views --------------------------------------


@dataclass(frozen=True)
class Child:
    model: type[models.Model]
    form: type[forms.ModelForm]
    data: Callable[..., Any]  # the service's typed input, made from the form's cleaned data
    save: Callable[..., Any]
    delete: Callable[..., None]
    instance_kwarg: str  # the service's keyword for an existing object
    anchor: str  # the section of the relation page

    @property
    def codename(self) -> str:
        return self.model._meta.model_name or ""

    @property
    def verbose_name(self) -> str:
        return str(self.model._meta.verbose_name)


CHILDREN = {
    "agreement": Child(
        Agreement, AgreementForm, services.AgreementData,
        services.agreement_save, services.agreement_delete,
        "agreement", "agreements",
    ),
    "involvement": Child(
        Involvement, InvolvementForm, services.InvolvementData,
        services.involvement_save, services.involvement_delete,
        "involvement", "involvements",
    ),
    "activity": Child(
        Activity, ActivityForm, services.ActivityData,
        services.activity_save, services.activity_delete,
        "activity", "activities",
    ),
    "contact_person": Child(
        ContactPerson, ContactPersonForm, services.ContactPersonData,
        services.contact_person_save, services.contact_person_delete,
        "contact_person", "contacts",
    ),
}  # fmt: skip


def _child_context(relation: Relation, child: Child, **extra: Any) -> dict[str, Any]:
    return {
        "relation": relation,
        "verbose_name": child.verbose_name,
        "back": f"{relation.get_absolute_url()}#{child.anchor}",
        **extra,
    }


@require_http_methods(["GET", "POST"])
def child_edit(request: HttpRequest, slug: str, kind: str, pk: int | None = None) -> HttpResponse:
    """Add (``pk`` None) or change an agreement, involvement, activity or contact person."""
    child = CHILDREN[kind]
    relation = _relation_for(
        request, slug, f"relations.{'change' if pk else 'add'}_{child.codename}"
    )
    instance = get_object_or_404(child.model, relation=relation, pk=pk) if pk else None
    form = child.form(request.POST or None, request.FILES or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            child.save(
                relation=relation,
                user=request_user(request),
                data=child.data(**form.cleaned_data),
                **{child.instance_kwarg: instance},
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request, _("The %(what)s has been saved.") % {"what": child.verbose_name}
            )
            return redirect(f"{relation.get_absolute_url()}#{child.anchor}")
    return render(
        request,
        "relations/child_form.html",
        _child_context(relation, child, form=form, instance=instance),
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
def child_delete(request: HttpRequest, slug: str, kind: str, pk: int) -> HttpResponse:
    child = CHILDREN[kind]
    relation = _relation_for(request, slug, f"relations.delete_{child.codename}")
    instance = get_object_or_404(child.model, relation=relation, pk=pk)
    if request.method == "POST":
        child.delete(user=request_user(request), **{child.instance_kwarg: instance})
        messages.success(
            request, _("The %(what)s has been deleted.") % {"what": child.verbose_name}
        )
        return redirect(f"{relation.get_absolute_url()}#{child.anchor}")
    return render(
        request,
        "relations/child_confirm_delete.html",
        _child_context(relation, child, instance=instance),
    )


@require_http_methods(["GET", "POST"])
def party_link(request: HttpRequest, slug: str) -> HttpResponse:
    relation = _relation_for(request, slug, "relations.change_relation")
    form = PartyLinkForm(request.POST or None, relation=relation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            party = services.relation_party_link(
                relation=relation,
                user=request_user(request),
                party=data["party"],
                name=data["name"],
                sector=data["sector"],
                may_create=request.user.has_perm("relations.add_party"),
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("%(party)s takes part.") % {"party": party.name})
            return redirect(f"{relation.get_absolute_url()}#parties")
    return render(
        request,
        "relations/party_link.html",
        {"relation": relation, "form": form, "back": f"{relation.get_absolute_url()}#parties"},
        status=form_status(form),
    )


@require_POST
def party_unlink(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    relation = _relation_for(request, slug, "relations.change_relation")
    party = get_object_or_404(relation.parties, pk=pk)
    services.relation_party_unlink(relation=relation, user=request_user(request), party=party)
    messages.success(request, _("%(party)s no longer takes part.") % {"party": party.name})
    return redirect(f"{relation.get_absolute_url()}#parties")


# --- The life of a relation (issue 14) ---------------------------------------------------------


def _life_context(request: HttpRequest, relation: Relation) -> dict[str, Any]:
    """The relation's life for its page: the timeline, the next steps, the notice date."""
    from datetime import date

    from . import life

    can_step = request.user.has_perm(life.STEP_PERMISSION)
    return {
        "life_steps": selectors.life_steps(relation=relation),
        "timeline": selectors.life_timeline(relation=relation),
        "next_steps": [
            (kind, life.StepKind(kind).label) for kind in life.steps_offered(relation.status)
        ]
        if can_step
        else [],
        "notice_from": selectors.notice_effective_from(relation, date.today())
        if relation.status not in ("ended", "ending", "proposed") and relation.agreements.exists()
        else None,
        # Being ended: the date the notice (or the partner's ending) takes effect.
        "pending_end": selectors.pending_end(relation),
        "letter_languages": [("nl", "Nederlands"), ("en", "English")],
        "deadlines": selectors.relation_deadlines(relation, date.today()),
        "today": date.today(),
        # Decisions and agenda items of governance that concern the relation (their pages link
        # back to it), each only with the right to see them.
        "decisions": relation.governance_decisions.select_related("meeting").order_by(
            "-meeting__date", "identifier"
        )
        if request.user.has_perm("governance.view_decision")
        else None,
        # The review's open actions on the relation (issue 15), each linking to its page.
        "open_actions": relation.review_actions.filter(closed_at__isnull=True).order_by("due", "pk")
        if request.user.has_perm("reviews.view_reviewaction")
        else None,
        "agenda_items": relation.agenda_items.select_related("meeting").order_by(
            "-meeting__date", "position"
        )
        if request.user.has_perm("governance.view_meeting")
        else None,
    }


@require_http_methods(["GET", "POST"])
def life_step_create(request: HttpRequest, slug: str) -> HttpResponse:
    from datetime import date

    from . import life

    require_perm(request, life.STEP_PERMISSION)
    relation = get_object_or_404(Relation, slug=slug)
    kinds = [(k, life.StepKind(k).label) for k in life.steps_offered(relation.status)]
    if not kinds:
        raise Http404(_("This relation has ended: its life has no next step."))
    initial: dict[str, Any] = {"date": date.today()}
    if request.GET.get("kind") in dict(kinds):
        initial["kind"] = request.GET["kind"]
    form = LifeStepForm(request.POST or None, request.FILES or None, kinds=kinds, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.life_step_record(
                relation=relation,
                user=request_user(request),
                data=services.LifeStepData(**form.cleaned_data),
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The step has been recorded."))
            return redirect(relation.get_absolute_url() + "#life")
    return render(
        request,
        "relations/life_step_form.html",
        {
            "form": form,
            "relation": relation,
            "back": relation.get_absolute_url() + "#life",
            # Who takes the decision a step needs (per the framework's owner, life.py).
            "deciders": ", ".join(
                str(life.BODY_LABELS[b]) for b in life.deciding_bodies(relation.initiated_by)
            ),
        },
        status=form_status(form),
    )


@require_http_methods(["GET"])
def life_letter(request: HttpRequest, slug: str, pk: int, language: str, fmt: str) -> HttpResponse:
    """The letter to the partner a step calls for (notice, acknowledgement), DOCX or PDF."""
    from . import letters

    require_perm(request, "relations.view_lifestep")
    step = get_object_or_404(LifeStep.objects.select_related("relation__partner"), pk=pk)
    if (
        step.relation.slug != slug
        or not letters.has_letter(step)
        or language not in letters.LANGUAGES
        or fmt not in letters.FORMATS
    ):
        raise Http404(_("No such letter."))
    data, filename = letters.letter_file(step, language, fmt)
    response = HttpResponse(data, content_type=letters.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET"])
def relations_in_transition(request: HttpRequest) -> HttpResponse:
    require_perm(request, "relations.view_relation")
    return render(
        request,
        "relations/in_transition.html",
        {"rows": selectors.relations_in_transition()},
    )
