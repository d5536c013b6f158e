"""Initiative pages. The public form and the initiator's private link need no account (the
only public pages besides login); staff pages follow the other apps' permission pattern."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from intrel.core.errors import DomainError
from intrel.core.web import form_error, form_status

from . import selectors, services
from .forms import AnswerForm, ReportForm, SubmitForm

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
                    link_url=lambda token: request.build_absolute_uri(
                        reverse("initiatives:link", args=[token])
                    ),
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
    answer_form = AnswerForm(request.POST if request.POST.get("action") == "answer" else None)
    report_form = ReportForm(request.POST if request.POST.get("action") == "report" else None)
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
            "events": selectors.initiative_public_events(initiative=initiative),
            "answer_form": answer_form,
            "report_form": report_form,
            "can_report": selectors.initiative_can_report(initiative=initiative),
        },
        status=status if request.method == "POST" else 200,
    )
