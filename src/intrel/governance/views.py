"""Governance pages: thin views over selectors (reads) and services (writes)."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from intrel.assessments.selectors import relations_routed_to_portfolios, subject_assessment_state
from intrel.budgets.selectors import committee_spending
from intrel.core import formatting
from intrel.core.bounds import year_in_range
from intrel.core.errors import DomainError
from intrel.core.filters import choice_param, date_param
from intrel.core.web import INVALID_FORM_STATUS, form_error, form_status, require_perm

from . import popolo, reports, selectors, services
from .constants import Body, DecisionKind
from .forms import (
    AgendaItemForm,
    AttendanceForm,
    ChairElectionForm,
    DateForm,
    DecisionForm,
    DocumentForm,
    GoalsForm,
    MeetingForm,
    MinutesForm,
    PersonAccountForm,
)
from .models import Meeting, MeetingDocument


def _today() -> Any:
    return timezone.localdate()


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    require_perm(request, "governance.view_committee")
    day = date_param(request, default=_today())
    return render(
        request,
        "governance/index.html",
        {
            "day": day,
            "committees": selectors.committee_list(),
            "council": selectors.council_on(day=day),
            "board": selectors.board_on(day=day),
            "recent_decisions": selectors.decision_list()[:10],
        },
    )


@require_GET
def committee_detail(request: HttpRequest, slug: str) -> HttpResponse:
    require_perm(request, "governance.view_committee")
    committee = selectors.committee_get(slug=slug)
    day = date_param(request, default=_today())
    date_form = DateForm(initial={"date": day})  # the day shown, also when the URL's was junk
    return render(
        request,
        "governance/committee_detail.html",
        {
            "committee": committee,
            "day": day,
            "date_form": date_form,
            "composition": selectors.committee_composition(committee=committee, day=day),
            "assessment": selectors.committee_assess(committee=committee, as_of=day),
            "timeline": selectors.committee_compliance_timeline(committee=committee),
            "history": selectors.committee_history(committee=committee),
            "meetings": selectors.meeting_list(committee=committee)[:10],
            "years": sorted({m.date.year for m in selectors.meeting_list(committee=committee)}),
            "can_manage": request.user.has_perm("governance.add_meeting"),
            # The stored assessment is of the committee as it stands today; a page only reads
            # it (ADR 0009).
            "stored_assessment": (
                subject_assessment_state(facts=selectors.committee_stored_facts(committee, day))
                if day == _today()
                else None
            ),
        },
    )


@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, "governance.view_meeting")
    body = choice_param(request, name="body", choices=dict(Body.choices), label=_("body"))
    return render(
        request,
        "governance/meeting_list.html",
        {
            "meetings": selectors.meeting_list(body=body),
            "body": body,
            "bodies": Body.choices,
            "can_add": request.user.has_perm("governance.add_meeting"),
        },
    )


@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    require_perm(request, "governance.add_meeting")
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(**form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The meeting was added."))
            return redirect(meeting)
    return render(request, "governance/meeting_form.html", {"form": form}, status=form_status(form))


def _meeting_context(request: HttpRequest, meeting: Meeting, **forms_: Any) -> dict[str, Any]:
    members = []
    if meeting.committee is not None:
        members = [
            m.person
            for m in selectors.committee_members_on(committee=meeting.committee, day=meeting.date)
        ]
    present = [a.person_id for a in meeting.attendance.all() if a.present]
    context: dict[str, Any] = {
        "meeting": meeting,
        "attendance": list(meeting.attendance.all()),
        "decisions": selectors.decision_list().filter(meeting=meeting),
        "can_manage": request.user.has_perm("governance.change_meeting"),
        "attendance_form": AttendanceForm(members=members, initial={"present": present}),
        "agenda_form": AgendaItemForm(),
        "document_form": DocumentForm(),
        "minutes_form": MinutesForm(initial={"minutes": meeting.minutes}),
    }
    context.update(forms_)
    return context


@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "governance.view_meeting")
    meeting = selectors.meeting_get(pk=pk)
    return render(request, "governance/meeting_detail.html", _meeting_context(request, meeting))


def _meeting_write(
    request: HttpRequest, pk: int, form_name: str, form: forms.Form, save: Any
) -> HttpResponse:
    """Validate ``form``, call ``save(cleaned_data)``; on a refusal re-render with the message."""
    meeting = selectors.meeting_get(pk=pk)
    if form.is_valid():
        try:
            save(meeting, form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(meeting)
    meeting = selectors.meeting_get(pk=pk)
    return render(
        request,
        "governance/meeting_detail.html",
        _meeting_context(request, meeting, **{form_name: form}),
        status=INVALID_FORM_STATUS,
    )


@require_POST
def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "governance.change_meeting")
    meeting = get_object_or_404(Meeting, pk=pk)
    members = []
    if meeting.committee is not None:
        members = [
            m.person
            for m in selectors.committee_members_on(committee=meeting.committee, day=meeting.date)
        ]
    return _meeting_write(
        request,
        pk,
        "attendance_form",
        AttendanceForm(request.POST, members=members),
        lambda m, data: services.meeting_attendance_set(meeting=m, present=data["present"]),
    )


@require_POST
def meeting_agenda(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "governance.change_meeting")
    return _meeting_write(
        request,
        pk,
        "agenda_form",
        AgendaItemForm(request.POST),
        lambda m, data: services.agenda_item_add(meeting=m, **data),
    )


@require_POST
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "governance.change_meeting")
    return _meeting_write(
        request,
        pk,
        "minutes_form",
        MinutesForm(request.POST),
        lambda m, data: services.meeting_minutes_set(meeting=m, minutes=data["minutes"]),
    )


@require_POST
def meeting_document(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "governance.add_meetingdocument")
    return _meeting_write(
        request,
        pk,
        "document_form",
        DocumentForm(request.POST, request.FILES),
        lambda m, data: services.meeting_document_add(meeting=m, **data),
    )


@require_GET
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    require_perm(request, "governance.view_meetingdocument")
    document = get_object_or_404(MeetingDocument, pk=pk)
    return FileResponse(document.file.open("rb"), as_attachment=True)


@require_http_methods(["GET", "POST"])
def decision_create(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "governance.add_decision")
    meeting = selectors.meeting_get(pk=pk)
    voters = selectors.meeting_voters_present(meeting=meeting)
    form = DecisionForm(
        request.POST or None, voters=voters, committee=meeting.committee is not None
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.decision_record(
                meeting=meeting,
                kind=data["kind"],
                title=data["title"],
                text=data["text"],
                relation=data["relation"],
                votes=form.votes() if meeting.committee is not None else None,
                result=data.get("result"),
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request,
                _("Decision %(id)s recorded: %(result)s.")
                % {"id": decision.identifier, "result": decision.get_result_display()},
            )
            return redirect(decision)
    return render(
        request,
        "governance/decision_form.html",
        {"meeting": meeting, "form": form, "voters": voters},
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
def chair_election(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "governance.add_chairelection")
    meeting = selectors.meeting_get(pk=pk)
    if meeting.committee is None:
        raise PermissionDenied
    voters = selectors.meeting_voters_present(meeting=meeting)
    eligible = selectors.council_members_on(day=meeting.date)
    form = ChairElectionForm(request.POST or None, voters=voters, eligible=eligible)
    if request.method == "POST" and form.is_valid():
        try:
            election = services.chair_elect(
                meeting=meeting,
                candidates=form.cleaned_data["candidates"],
                votes=form.votes(),
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            if election.winner is not None:
                messages.success(
                    request,
                    _("%(name)s is elected chair from %(date)s.")
                    % {"name": election.winner.name, "date": formatting.day(meeting.date)},
                )
            else:
                messages.warning(request, _("The vote was tied: no chair was elected."))
            return redirect(election.decision)
    return render(
        request,
        "governance/chair_election_form.html",
        {"meeting": meeting, "form": form, "voters": voters},
        status=form_status(form),
    )


@require_GET
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "governance.view_decision")
    decision = selectors.decision_get(pk=pk)
    return render(
        request,
        "governance/decision_detail.html",
        {
            "decision": decision,
            "votes": selectors.decision_votes(decision=decision),
            "tally": selectors.decision_tally(decision=decision),
            "election": selectors.chair_election_tally(decision=decision),
            "is_election": decision.kind == DecisionKind.CHAIR_ELECTION,
        },
    )


@require_http_methods(["GET", "POST"])
def person_accounts(request: HttpRequest) -> HttpResponse:
    """Which account acts as which person holding office: the application manager links them,
    so that the alderman's start page shows her portfolio and the committee member's the
    committee (issue 17)."""
    require_perm(request, "governance.change_person")
    require_perm(request, "accounts.change_user")
    chosen = selectors.person_for_account_form(request.GET.get("person"))
    initial = {"person": chosen, "account": chosen.account_id if chosen else None}
    form = PersonAccountForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        person, account = form.cleaned_data["person"], form.cleaned_data["account"]
        try:
            services.person_account_set(person=person, account=account)
        except DomainError as exc:
            form_error(form, exc)
        else:
            if account is None:
                messages.success(request, _("%(person)s has no account now.") % {"person": person})
            else:
                messages.success(
                    request,
                    _("%(user)s now acts as %(person)s.")
                    % {"user": account.get_full_name() or account.get_username(), "person": person},
                )
            return redirect("governance:persons")
    return render(
        request,
        "governance/person_accounts.html",
        {
            "persons": selectors.person_list_with_accounts(),
            "form": form,
        },
        status=form_status(form),
    )


@require_GET
def portfolio_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, "governance.view_portfolio")
    day = date_param(request, default=_today())
    return render(
        request,
        "governance/portfolio_list.html",
        {
            "day": day,
            "rows": selectors.portfolio_overview(day=day, routed=relations_routed_to_portfolios()),
        },
    )


@require_http_methods(["GET", "POST"])
def annual_report(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    require_perm(request, "governance.view_committee")
    committee = selectors.committee_get(slug=slug)
    if not year_in_range(year):  # no report exists outside these years; a URL may say anything
        raise Http404
    report = selectors.committee_annual_report(
        committee=committee,
        year=year,
        spending=committee_spending(committee=committee, year=year),
    )
    form = GoalsForm(request.POST or None, initial={"text": report.goals})
    if request.method == "POST":
        require_perm(request, "governance.change_committeegoals")
        if form.is_valid():
            try:
                services.committee_goals_set(
                    committee=committee, year=year, text=form.cleaned_data["text"]
                )
            except DomainError as exc:
                form_error(form, exc)
            else:
                messages.success(request, _("The goals were saved."))
                return redirect("governance:annual-report", slug=slug, year=year)
    return render(
        request,
        "governance/annual_report.html",
        {
            "report": report,
            "goals_form": form,
            "can_edit": request.user.has_perm("governance.change_committeegoals"),
        },
        status=form_status(form),
    )


@require_GET
def annual_report_pdf(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    require_perm(request, "governance.view_committee")
    committee = selectors.committee_get(slug=slug)
    if not year_in_range(year):  # no report exists outside these years; a URL may say anything
        raise Http404
    report = selectors.committee_annual_report(
        committee=committee,
        year=year,
        spending=committee_spending(committee=committee, year=year),
    )
    pdf = reports.annual_report_pdf(report=report, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{slug}-{year}.pdf"'
    return response


@login_not_required
@require_GET
def popolo_export(request: HttpRequest) -> JsonResponse:
    """Open data: the council, the committee, posts, memberships, persons and votes (Popolo).

    Public by design: these are public bodies and their public acts; persons appear only by
    the name under which they hold office (docs/governance.md).
    """
    return JsonResponse(
        popolo.popolo_export(base_url=request.build_absolute_uri("/")),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
