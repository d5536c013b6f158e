"""The review's pages: the impact analysis (read by every role that reads assessments), the
review rounds with their steps, and the actions the council's decision sets."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from intrel.accounts.selectors import request_user
from intrel.core.errors import DomainError, Forbidden
from intrel.core.filters import page_param
from intrel.core.formatting import in_language
from intrel.core.web import field_message, form_error, form_status, require_perm
from intrel.policy import load_framework

from . import reports, selectors, services
from .constants import ItemState, ReportState, RoundStatus
from .exports import impact_export
from .forms import (
    DOWNLOAD_FORMATS,
    STEP_FORMS,
    ActionCloseForm,
    ImpactForm,
    OverrideForm,
    ReportRequestForm,
    RoundStartForm,
)
from .models import ReviewRound
from .present import impact_present, item_row
from .reports import REPORT_FORMATS

# The services name the round's fields; a step's form calls them text, on and record.
STEP_FIELDS = {
    "advice": "text",
    "proposal": "text",
    "decision": "text",
    "advice_date": "on",
    "proposal_date": "on",
    "decision_date": "on",
    "advice_decision": "record",
    "proposal_decision": "record",
    "decision_record": "record",
}

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


# Relations per page of the impact analysis, and the most phase-outs and differences it lists.
IMPACT_PAGE_SIZE = 50


def _form(request: HttpRequest) -> ImpactForm:
    """Bound to the request's choice, or, before any, to the installation's framework today:
    the page opens on the impact, not on an empty form."""
    asked = any(name in request.GET for name in ImpactForm.base_fields)
    default = {
        "framework": settings.INTREL_DEFAULT_FRAMEWORK,
        "as_of": timezone.localdate().isoformat(),
    }
    return ImpactForm(request.GET if asked else default)


@require_GET
def impact(request: HttpRequest) -> HttpResponse:
    """The impact analysis over the register: per relation the owner before and after, the
    findings and actions, the dates strict and honouring agreements, the totals."""
    require_perm(request, "assessments.view_assessment")
    form = _form(request)
    view = page = None
    if form.is_valid():
        framework = form.cleaned_data["framework"]
        compare_to = form.cleaned_data["compare_to"]
        as_of = form.cleaned_data["as_of"] or timezone.localdate()
        shown = selectors.impact_page(
            framework=framework,
            as_of=as_of,
            compare_to=compare_to,
            page_of=lambda paginator: page_param(request, paginator),
            page_size=IMPACT_PAGE_SIZE,
            list_limit=IMPACT_PAGE_SIZE,
        )
        page = shown.page
        view = impact_present(shown.result, framework, compare_to)
    return render(
        request,
        "reviews/impact.html",
        {"form": form, "impact": view, "page": page, "formats": DOWNLOAD_FORMATS},
        status=form_status(form),
    )


@require_GET
def impact_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """The same analysis as XLSX, PDF or DOCX, in the interface language."""
    require_perm(request, "assessments.view_assessment")
    if fmt not in DOWNLOAD_FORMATS:
        raise Http404(fmt)
    form = _form(request)
    if not form.is_valid():
        return render(request, "reviews/impact.html", {"form": form, "impact": None}, status=400)
    as_of = form.cleaned_data["as_of"] or timezone.localdate()
    content = impact_export(
        framework=form.cleaned_data["framework"],
        as_of=as_of,
        compare_to=form.cleaned_data["compare_to"],
        fmt=fmt,
        language=request.LANGUAGE_CODE[:2],
    )
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="impact-{as_of.isoformat()}.{fmt}"'
    return response


# --- review rounds ------------------------------------------------------------------------------


@require_GET
def round_list(request: HttpRequest) -> HttpResponse:
    """The review rounds, newest first, with their progress and open actions."""
    require_perm(request, "reviews.view_reviewround")
    return render(
        request,
        "reviews/round_list.html",
        {
            "rounds": selectors.round_list(),
            "can_start": request.user.has_perm("reviews.add_reviewround"),
            "can_impact": request.user.has_perm("assessments.view_assessment"),
        },
    )


@require_http_methods(["GET", "POST"])
def round_start(request: HttpRequest) -> HttpResponse:
    """Start a round: framework, reference date, the relations in it (none ticked: every current
    relation that existed on the date), optionally an earlier round to compare with."""
    require_perm(request, "reviews.add_reviewround")
    if request.method == "POST":
        form = RoundStartForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                review_round = services.review_round_start(
                    title=data["title"],
                    framework_id=data["framework"],
                    reference_date=data["reference_date"],
                    relations=data["relations"] or None,
                    previous=data["previous"],
                    user=request_user(request),
                )
            except DomainError as exc:
                form_error(form, exc)
            else:
                messages.success(request, _("The review round has started."))
                return redirect(review_round)
    else:
        form = RoundStartForm(
            initial={
                "framework": settings.INTREL_DEFAULT_FRAMEWORK,
                "reference_date": timezone.localdate(),
            }
        )
    return render(request, "reviews/round_start.html", {"form": form}, status=form_status(form))


def _round_page(
    request: HttpRequest,
    review_round: ReviewRound,
    bound: tuple[str, forms.Form] | None = None,
    bound_item: tuple[int, forms.Form] | None = None,
) -> HttpResponse:
    fw = load_framework(review_round.framework)
    can_work = request.user.has_perm("reviews.change_reviewround") and review_round.is_open
    rows = []
    for item in selectors.round_items(review_round):
        row = item_row(item, fw)
        if can_work and row["targets"]:
            row["override_form"] = (
                bound_item[1]
                if bound_item and bound_item[0] == item.pk
                else OverrideForm(targets=row["targets"], prefix=f"item{item.pk}")
            )
        rows.append(row)
    step_forms = []
    if can_work:
        next_steps = {
            RoundStatus.ASSESSING: ["advice"],
            RoundStatus.ADVISED: ["advice", "proposal"],
            RoundStatus.PROPOSED: ["proposal", "decision"],
        }[RoundStatus(review_round.status)]
        for name in next_steps:
            if bound and bound[0] == name:
                step_forms.append((name, bound[1]))
            else:
                initial = _initial(review_round, name)
                step_forms.append((name, STEP_FORMS[name](prefix=name, initial=initial)))
        if bound and bound[0] not in next_steps:
            # A step refused because the round is not there yet: its form shows why.
            step_forms.insert(0, bound)
    progress = selectors.round_progress(review_round)
    return render(
        request,
        "reviews/round_detail.html",
        {
            "round": review_round,
            "framework_title": in_language(fw.title.nl, fw.title.en),
            "rows": rows,
            "progress": [(ItemState(s).label, n) for s, n in progress.items()],
            "to_assess": progress[ItemState.TO_ASSESS],
            "can_work": can_work,
            "step_forms": step_forms,
            "actions": review_round.actions.select_related("relation", "committee", "owner_person"),
            "report": selectors.report_latest(review_round),
            "report_form": ReportRequestForm(initial={"language": request.LANGUAGE_CODE[:2]}),
            "today": timezone.localdate(),
        },
        status=400 if (bound or bound_item) else 200,
    )


def _initial(review_round: ReviewRound, step: str) -> dict[str, Any]:
    if step == "advice":
        return {"text": review_round.advice, "on": review_round.advice_date}
    if step == "proposal":
        return {"text": review_round.proposal, "on": review_round.proposal_date}
    return {"scenario": review_round.scenario or "honouring"}


@require_GET
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A round: progress per relation, the steps advice -> proposal -> decision, the actions."""
    require_perm(request, "reviews.view_reviewround")
    return _round_page(request, selectors.round_get(pk=pk))


@require_POST
def round_assess(request: HttpRequest, pk: int) -> HttpResponse:
    """Assess every relation of the round still to assess."""
    require_perm(request, "reviews.change_reviewround")
    review_round = selectors.round_get(pk=pk)
    try:
        n = services.review_round_assess(review_round=review_round, user=request_user(request))
    except DomainError as exc:
        messages.error(request, field_message(exc.message))
    else:
        messages.success(request, _("%(n)d relation(s) assessed.") % {"n": n})
    return redirect(review_round)


@require_POST
def item_step(request: HttpRequest, pk: int, item: int, action: str) -> HttpResponse:
    """Assess, confirm or override one relation of the round."""
    require_perm(request, "reviews.change_reviewround")
    review_round = selectors.round_get(pk=pk)
    review_item = get_object_or_404(review_round.items.select_related("relation"), pk=item)
    if action not in ("assess", "confirm", "override"):
        raise Http404(action)
    user = request_user(request)
    try:
        if action == "assess":
            services.review_item_assess(item=review_item, user=user)
        elif action == "confirm":
            services.review_item_confirm(item=review_item, user=user)
        else:
            fw = load_framework(review_round.framework)
            targets = item_row(review_item, fw)["targets"]
            form = OverrideForm(request.POST, targets=targets, prefix=f"item{review_item.pk}")
            if not form.is_valid():
                return _round_page(request, review_round, bound_item=(review_item.pk, form))
            try:
                services.review_item_override(
                    item=review_item,
                    user=user,
                    reason=form.cleaned_data["reason"],
                    target=form.cleaned_data["target"],
                )
            except DomainError as exc:
                form_error(form, exc)
                return _round_page(request, review_round, bound_item=(review_item.pk, form))
    except DomainError as exc:
        messages.error(request, field_message(exc.message))
    else:
        messages.success(
            request, _("%(relation)s: recorded.") % {"relation": review_item.relation.name}
        )
    return redirect(f"{review_round.get_absolute_url()}#item-{review_item.pk}")


@require_POST
def round_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """Record the committee's advice, the board's proposal or the council's decision."""
    require_perm(request, "reviews.change_reviewround")
    review_round = selectors.round_get(pk=pk)
    if step not in STEP_FORMS:
        raise Http404(step)
    form = STEP_FORMS[step](request.POST, prefix=step)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if step == "advice":
                services.review_advice_record(
                    review_round=review_round,
                    text=data["text"],
                    on=data["on"],
                    record=data["record"],
                )
            elif step == "proposal":
                services.review_proposal_record(
                    review_round=review_round,
                    text=data["text"],
                    on=data["on"],
                    record=data["record"],
                )
            else:
                services.review_decision_record(
                    review_round=review_round,
                    text=data["text"],
                    on=data["on"],
                    scenario=data["scenario"],
                    record=data["record"],
                    user=request_user(request),
                )
        except DomainError as exc:
            exc.field = STEP_FIELDS.get(exc.field or "", exc.field)
            form_error(form, exc)
        else:
            messages.success(request, _("The step is recorded."))
            return redirect(review_round)
    return _round_page(request, selectors.round_get(pk=pk), bound=(step, form))


@require_GET
def round_compare(request: HttpRequest, pk: int) -> HttpResponse:
    """The round beside the earlier one it names: per relation the owner asked and progress."""
    require_perm(request, "reviews.view_reviewround")
    review_round = selectors.round_get(pk=pk)
    if review_round.previous is None:
        raise Http404("no earlier round")
    earlier = review_round.previous
    rows = selectors.rounds_compare_rows(review_round, earlier)
    return render(
        request,
        "reviews/round_compare.html",
        {"round": review_round, "earlier": earlier, "rows": rows},
    )


@require_GET
def action_list(request: HttpRequest) -> HttpResponse:
    """Open actions per owner (the closed ones too with ?closed=1)."""
    require_perm(request, "reviews.view_reviewaction")
    closed = request.GET.get("closed") == "1"
    return render(
        request,
        "reviews/action_list.html",
        {
            "groups": selectors.actions_by_owner(include_closed=closed),
            "closed": closed,
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One action; its owner (or the application manager) closes it here, which re-assesses its
    relation. Anyone else who tries is refused (403), the page saying who may."""
    require_perm(request, "reviews.view_reviewaction")
    action = selectors.action_get(pk=pk)
    may_close = selectors.action_may_close(action, request_user(request))
    form: ActionCloseForm | None = None
    status = 200
    refusal = ""
    if request.method == "POST":
        form = ActionCloseForm(request.POST)
        if form.is_valid():
            try:
                services.review_action_close(
                    action=action, user=request_user(request), note=form.cleaned_data["note"]
                )
            except Forbidden as exc:
                refusal, form, status = field_message(exc.message), None, 403
            except DomainError as exc:
                form_error(form, exc)
            else:
                messages.success(
                    request, _("The action is closed; its subject has been re-assessed.")
                )
                return redirect(action)
        if form is not None:
            status = form_status(form)
    elif may_close and action.is_open:
        form = ActionCloseForm()
    return render(
        request,
        "reviews/action_detail.html",
        {
            "action": action,
            "owner": selectors.action_owner_label(action),
            "form": form,
            "may_close": may_close,
            "refusal": refusal,
            "reminders": action.reminders.all(),
            "today": timezone.localdate(),
        },
        status=status,
    )


@require_POST
def report_request(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for the round's council report: built in the background, its page shows progress."""
    require_perm(request, "reviews.view_reviewround")
    review_round = selectors.round_get(pk=pk)
    form = ReportRequestForm(request.POST)
    language = form.cleaned_data["language"] if form.is_valid() else request.LANGUAGE_CODE[:2]
    report = services.review_report_request(
        review_round=review_round, language=language, user=request_user(request)
    )
    return redirect(report)


@require_GET
def report_status(request: HttpRequest, pk: int, report: int) -> HttpResponse:
    """A council report's state: its progress while it is built (the page refreshes itself),
    its files once ready, what went wrong when it failed."""
    require_perm(request, "reviews.view_reviewround")
    review_round = selectors.round_get(pk=pk)
    return render(
        request,
        "reviews/report_status.html",
        {
            "round": review_round,
            "report": selectors.report_get(review_round=review_round, pk=report),
            "report_formats": REPORT_FORMATS,
            "report_form": ReportRequestForm(initial={"language": request.LANGUAGE_CODE[:2]}),
        },
    )


@require_GET
def report_file(request: HttpRequest, pk: int, report: int, fmt: str) -> HttpResponse:
    """One file of a finished council report (PDF, DOCX, or the impact table as XLSX)."""
    require_perm(request, "reviews.view_reviewround")
    review_round = selectors.round_get(pk=pk)
    if fmt not in REPORT_FORMATS:
        raise Http404(fmt)
    found = get_object_or_404(review_round.reports.filter(state=ReportState.DONE), pk=report)
    response = HttpResponse(bytes(getattr(found, fmt)), content_type=CONTENT_TYPES[fmt])
    name = f"raadsvoorstel-herijking-{review_round.reference_date.isoformat()}.{fmt}"
    if found.language != "nl":
        name = f"council-report-review-{review_round.reference_date.isoformat()}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def round_report(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The council report of the round (PDF, DOCX) or its impact table (XLSX), in the interface
    language (``?language=en`` for English), built while the reader waits: for a script or a
    small round. The round's page builds it in the background instead."""
    require_perm(request, "reviews.view_reviewround")
    review_round = selectors.round_get(pk=pk)
    if fmt not in REPORT_FORMATS:
        raise Http404(fmt)
    language = request.GET.get("language") or request.LANGUAGE_CODE[:2]
    if language not in ("nl", "en"):
        language = "nl"
    content = reports.round_report(review_round=review_round, fmt=fmt, language=language)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    name = f"raadsvoorstel-herijking-{review_round.reference_date.isoformat()}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
