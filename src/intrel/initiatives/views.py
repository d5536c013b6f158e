"""Initiative pages. The public form and the initiator's private link need no account (the
only public pages besides login); staff pages follow the other apps' permission pattern."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from intrel.accounts.selectors import request_user
from intrel.core.errors import DomainError
from intrel.core.filters import filter_notice, unknown_value_message
from intrel.core.formatting import in_language
from intrel.core.web import form_error, form_status, require_perm
from intrel.governance.selectors import framework_get
from intrel.partners.countries import country_name

from . import csv_import, iati, selectors, services
from .constants import Step
from .forms import (
    AnswerForm,
    CloseForm,
    DecideForm,
    QuestionForm,
    ReportForm,
    ScheduleForm,
    ScreenForm,
    StartForm,
    SubmitForm,
)
from .models import Initiative

SUBMITTED_SESSION_KEY = "initiative_submitted"


@login_not_required
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    form = SubmitForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_spam():  # a robot filled the honeypot: it is told "thank you", nothing is kept
            return redirect("initiatives:submitted")
        if form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("website", None)
            try:
                initiative = services.initiative_submit(
                    **data,
                    address=request.META.get("REMOTE_ADDR", ""),
                    site=request.build_absolute_uri("/"),
                )
            except DomainError as exc:
                form_error(form, exc)
                status = exc.status
            else:
                request.session[SUBMITTED_SESSION_KEY] = initiative.reference
                return redirect("initiatives:submitted")
    return render(
        request,
        "initiatives/submit.html",
        {"form": form},
        status=status if status != 200 else form_status(form),
    )


@login_not_required
@require_GET
def submitted(request: HttpRequest) -> HttpResponse:
    reference = request.session.pop(SUBMITTED_SESSION_KEY, "")
    return render(request, "initiatives/submitted.html", {"reference": reference})


@login_not_required
@require_http_methods(["GET", "POST"])
def link(request: HttpRequest, token: str) -> HttpResponse:
    try:
        private = services.private_link_open(token=token)
    except DomainError as exc:
        return render(request, "initiatives/link_refused.html", {"reason": exc.message}, status=404)
    initiative = private.initiative
    # A POST is the report when it says so, otherwise the answer: a POST is never ignored.
    reporting = request.POST.get("action") == "report"
    answer_form = AnswerForm(request.POST if request.method == "POST" and not reporting else None)
    report_form = ReportForm(request.POST if reporting else None)
    if request.method == "POST":
        try:
            if answer_form.is_bound and answer_form.is_valid():
                services.initiative_answer(
                    initiative=initiative, text=answer_form.cleaned_data["text"]
                )
                messages.success(request, _("Thank you: your answer has been received."))
                return redirect(request.path)
            if report_form.is_bound and report_form.is_valid():
                services.initiative_report(
                    initiative=initiative, text=report_form.cleaned_data["report"]
                )
                messages.success(request, _("Thank you: your report has been received."))
                return redirect(request.path)
        except DomainError as exc:
            form_error(answer_form if answer_form.is_bound else report_form, exc)
    status = 400 if (answer_form.is_bound or report_form.is_bound) else 200
    return render(
        request,
        "initiatives/link.html",
        {
            "initiative": initiative,
            "link": private,
            "token": token,
            "events": selectors.initiative_public_events(initiative=initiative),
            "answer_form": answer_form,
            "report_form": report_form,
            "can_report": selectors.initiative_can_report(initiative=initiative),
        },
        status=status if request.method == "POST" else 200,
    )


def _personal_data_response(initiative: Initiative) -> JsonResponse:
    response = JsonResponse(
        selectors.initiative_personal_data(initiative=initiative),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{initiative.reference}-persoonsgegevens.json"'
    )
    response["Cache-Control"] = "no-store"
    return response


@login_not_required
@require_GET
def link_personal_data(request: HttpRequest, token: str) -> HttpResponse:
    """The initiator's own data, through the private link (no account)."""
    try:
        private = services.private_link_open(token=token)
    except DomainError as exc:
        return render(request, "initiatives/link_refused.html", {"reason": exc.message}, status=404)
    return _personal_data_response(private.initiative)


# --- staff pages ----------------------------------------------------------------------------------

STEP_FORMS: dict[str, type[forms.Form]] = {
    "screen": ScreenForm,
    "ask": QuestionForm,
    "schedule": ScheduleForm,
    "decide": DecideForm,
    "start": StartForm,
    "close": CloseForm,
}
# Which forms the detail page offers at each step.
FORMS_AT: dict[str, tuple[str, ...]] = {
    Step.SUBMITTED: ("screen", "ask"),
    Step.SCREENED: ("schedule", "ask"),
    Step.ON_AGENDA: ("decide", "ask"),
    Step.DECIDED: ("start", "close"),
    Step.IN_PROGRESS: ("ask",),
    Step.REPORTED: ("close",),
    Step.CLOSED: (),
}


@require_GET
def initiative_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, "initiatives.view_initiative")
    step = request.GET.get("step", "")
    if step and step not in Step.values:
        filter_notice(request, unknown_value_message(step, _("step")))
        step = ""
    country = request.GET.get("country", "")
    return render(
        request,
        "initiatives/list.html",
        {
            "initiatives": selectors.initiative_list(step=step, country=country),
            "steps": Step.choices,
            "step": step,
            "country": country,
        },
    )


def _pillars(initiative: Initiative) -> list[dict[str, object]]:
    """The engine's pillar assessment of the proposed relation, in the page's language."""
    pillars = selectors.initiative_pillars(initiative=initiative)
    if pillars is None:
        return []
    return [
        {
            "label": label,
            "applies": pillar.applies,
            "because": in_language(pillar.because, pillar.because_en),
            "clauses": ", ".join(pillar.clauses),
        }
        for label, pillar in (
            (_("Solidarity"), pillars.solidarity),
            (_("Added value"), pillars.added_value),
        )
    ]


def _detail(
    request: HttpRequest, initiative: Initiative, bound: tuple[str, forms.Form] | None = None
) -> HttpResponse:
    can_work = request.user.has_perm("initiatives.change_initiative")
    step_forms = []
    if can_work:
        for name in FORMS_AT[initiative.step]:
            if bound and bound[0] == name:
                step_forms.append((name, bound[1]))
            else:
                step_forms.append((name, STEP_FORMS[name](prefix=name)))
        if bound and bound[0] not in FORMS_AT[initiative.step]:
            # A step refused because the initiative is past it: its form is shown with the
            # refusal, so the answer says why nothing was recorded.
            step_forms.insert(0, bound)
    return render(
        request,
        "initiatives/detail.html",
        {
            "initiative": initiative,
            "events": selectors.initiative_events(initiative=initiative),
            "show_contact": request.user.has_perm("initiatives.view_contact"),
            "attachments": initiative.attachments.all(),
            "pillars": _pillars(initiative),
            "country": country_name(initiative.country),
            "involvements": selectors.initiative_involvements(initiative=initiative)
            if request.user.has_perm("relations.view_involvement")
            else None,
            "step_forms": step_forms,
        },
        status=400 if bound else 200,
    )


PROBLEM_LABELS = {
    "no_initiative": (gettext_lazy("no initiative"), "SOL-3"),
    "no_end": (gettext_lazy("no end date"), "SOL-4"),
    "too_long": (gettext_lazy("longer than the framework allows"), "SOL-4, BES-5"),
    "ending_soon": (gettext_lazy("ends soon"), ""),
}


@require_GET
def involvements_to_watch(request: HttpRequest) -> HttpResponse:
    """Administrators' involvements without an initiative, without an end, too long, or ending
    soon (SOL-3, SOL-4, BES-5), each linking to its relation; filter ``problem``."""
    require_perm(request, "relations.view_involvement")
    problem = request.GET.get("problem", "")
    if problem and problem not in selectors.PROBLEMS:
        filter_notice(request, unknown_value_message(problem, _("problem")))
        problem = ""
    today = timezone.localdate()
    rows = [
        {
            "involvement": row.involvement,
            "problems": [
                {"code": p, "label": PROBLEM_LABELS[p][0], "clauses": PROBLEM_LABELS[p][1]}
                for p in row.problems
            ],
        }
        for row in selectors.involvements_to_watch(today=today, problem=problem)
    ]
    return render(
        request,
        "initiatives/involvements.html",
        {
            "rows": rows,
            "problem": problem,
            "problems": [(code, PROBLEM_LABELS[code][0]) for code in selectors.PROBLEMS],
            "max_months": framework_get().spec.max_involvement_months,
            "soon_days": selectors.ENDING_SOON_DAYS,
        },
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("spreadsheet (CSV)"),
        help_text=gettext_lazy("Saved as CSV UTF-8, with a header row; see the columns below."),
    )


@require_http_methods(["GET", "POST"])
def initiatives_import(request: HttpRequest) -> HttpResponse:
    """Initiatives from a spreadsheet: all rows saved, or none and every problem listed."""
    require_perm(request, "initiatives.change_initiative")
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = csv_import.initiatives_import(
                content=form.cleaned_data["file"].read(), user=request_user(request)
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            if result.created:
                messages.success(
                    request,
                    _("%(n)d initiatives imported.") % {"n": len(result.created)},
                )
                return redirect("initiatives:list")
    status = 400 if (form.errors or (result and result.problems)) else 200
    return render(
        request,
        "initiatives/import.html",
        {"form": form, "result": result, "columns": csv_import.COLUMNS},
        status=status,
    )


@require_GET
def initiatives_iati(request: HttpRequest) -> HttpResponse:
    """The supported initiatives as IATI 2.03 activities (XML, validated in the tests)."""
    require_perm(request, "initiatives.view_initiative")
    response = HttpResponse(iati.activities_xml(), content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="initiatieven-iati.xml"'
    return response


@require_GET
def initiative_detail(request: HttpRequest, reference: str) -> HttpResponse:
    require_perm(request, "initiatives.view_initiative")
    return _detail(request, selectors.initiative_get(reference=reference))


@require_GET
def initiative_attachment(request: HttpRequest, reference: str, pk: int) -> FileResponse:
    """A file the initiator sent, for the roles that handle initiatives (it may hold personal
    data: the same permission as the contact data); never a public media link."""
    require_perm(request, "initiatives.view_contact")
    attachment = selectors.initiative_attachment_get(reference=reference, pk=pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(
        handle, as_attachment=True, filename=attachment.name, content_type=attachment.content_type
    )


@require_GET
def initiative_personal_data(request: HttpRequest, reference: str) -> JsonResponse:
    """The contact person's data as JSON, for staff who answer a request of the person (the
    roles that may see the contact data)."""
    require_perm(request, "initiatives.view_contact")
    return _personal_data_response(selectors.initiative_get(reference=reference))


@require_POST
def initiative_step(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    require_perm(request, "initiatives.change_initiative")
    initiative = selectors.initiative_get(reference=reference)
    if action not in STEP_FORMS:
        raise Http404
    form = STEP_FORMS[action](request.POST, prefix=action)
    if form.is_valid():
        user = request_user(request)
        data = form.cleaned_data
        try:
            if action == "screen":
                services.initiative_screen(initiative=initiative, note=data["note"], user=user)
            elif action == "ask":
                services.initiative_ask(initiative=initiative, question=data["question"], user=user)
            elif action == "schedule":
                services.initiative_schedule(
                    initiative=initiative, meeting=data["meeting"], user=user
                )
            elif action == "decide":
                services.initiative_decide(initiative=initiative, **data, user=user)
            elif action == "start":
                services.initiative_start(
                    initiative=initiative, report_due=data["report_due"], user=user
                )
            else:
                services.initiative_close(initiative=initiative, note=data["note"], user=user)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The step is recorded."))
            return redirect(initiative)
    return _detail(request, selectors.initiative_get(reference=reference), (action, form))
