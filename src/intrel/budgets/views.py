"""Budget pages: thin views over selectors (reads) and services (writes)."""

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from intrel.accounts.selectors import request_user
from intrel.assessments.selectors import subject_assessment_state
from intrel.core.errors import DomainError
from intrel.core.filters import filter_notice, unknown_value_message, year_param
from intrel.core.web import form_error, object_for, require_object_perm, require_perm, user_may

from . import charts, exports, selectors, services
from .forms import AllocationForm, LineForm, RealisationForm, ReleaseForm, TransferForm
from .models import BudgetLine

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _line_for(request: HttpRequest, slug: str, perm: str) -> BudgetLine:
    """The line to book ``perm`` on: 403 for a role that books on no line, 404 for no such line
    or one that is not the user's (ADR 0020)."""
    return object_for(request, perm, lambda: selectors.budget_line_get(slug=slug))


def _year(request: HttpRequest) -> int:
    years = selectors.budget_years()
    return year_param(request, default=years[0] if years else timezone.localdate().year)


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    require_perm(request, "budgets.view_budgetline")
    year = _year(request)
    holder = request.GET.get("holder", "")[:120]
    data = selectors.budget_overview(year=year, holder=holder)
    if holder and not data.holders:
        everything = selectors.budget_overview(year=year)
        if everything.holders:  # the year has lines, none of this holder: an unknown holder
            filter_notice(request, unknown_value_message(holder, _("holder")))
            holder, data = "", everything
    holder_chart = charts.grouped_bars(
        title=_("Money per holder, %(year)d") % {"year": year},
        rows=[
            (g.label, g.totals.money_available, g.totals.money_committed, g.totals.money_spent)
            for g in data.holders
        ],
    )
    purpose_chart = charts.grouped_bars(
        title=_("Money per purpose, %(year)d") % {"year": year},
        rows=[
            (g.label, g.totals.money_available, g.totals.money_committed, g.totals.money_spent)
            for g in data.purposes
        ],
    )
    hours_chart = charts.grouped_bars(
        title=_("Staff hours per holder, %(year)d") % {"year": year},
        rows=[
            (g.label, g.totals.hours_available, g.totals.hours_committed, g.totals.hours_spent)
            for g in data.holders
        ],
        unit=_("h"),
    )
    month_chart = charts.month_bars(
        title=_("Money spent per month, %(year)d") % {"year": year},
        months=[(m, money) for m, money, _h in data.monthly],
    )
    return render(
        request,
        "budgets/overview.html",
        {
            "overview": data,
            "year": year,
            "holder": holder,
            "years": selectors.budget_years(),
            "holder_chart": holder_chart,
            "purpose_chart": purpose_chart,
            "hours_chart": hours_chart,
            "month_chart": month_chart,
            "transfers": selectors.transfer_list(year=year),
            "can_add_line": request.user.has_perm("budgets.add_budgetline"),
            "can_transfer": request.user.has_perm("budgets.add_budgettransfer"),
        },
    )


@require_GET
def overview_export(request: HttpRequest, year: int) -> HttpResponse:
    require_perm(request, "budgets.view_budgetline")
    holder = request.GET.get("holder", "")[:120]
    data = selectors.budget_overview(year=year, holder=holder)
    response = HttpResponse(exports.overview_xlsx(overview=data), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="budgets-{year}.xlsx"'
    return response


@require_GET
def line_detail(request: HttpRequest, slug: str) -> HttpResponse:
    require_perm(request, "budgets.view_budgetline")
    line = selectors.budget_line_get(slug=slug)
    user = request.user
    return render(
        request,
        "budgets/line_detail.html",
        {
            "line": line,
            "entries": selectors.line_entries(line=line),
            "allocations": selectors.line_allocations(line=line),
            "assessment": subject_assessment_state(facts=selectors.budget_line_to_subject(line)),
            "can_allocate": user_may(user, "budgets.add_allocation", line),
            "can_book": user_may(user, "budgets.add_ledgerentry", line),
            "can_transfer": user.has_perm("budgets.add_budgettransfer"),
        },
    )


@require_GET
def line_export(request: HttpRequest, slug: str) -> HttpResponse:
    require_perm(request, "budgets.view_budgetline")
    line = selectors.budget_line_get(slug=slug)
    response = HttpResponse(exports.line_xlsx(line=line), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="budget-{line.slug}.xlsx"'
    return response


def _form_page(
    request: HttpRequest, form: forms.BaseForm, title: str, back: str, **extra: Any
) -> HttpResponse:
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "budgets/form.html",
        {"form": form, "title": title, "back": back, **extra},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def line_create(request: HttpRequest) -> HttpResponse:
    require_perm(request, "budgets.add_budgetline")
    form = LineForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            line = services.budget_line_create(**form.cleaned_data, user=request_user(request))
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The budget line is opened."))
            return redirect(line)
    return _form_page(request, form, _("New budget line"), "budgets:overview")


@require_http_methods(["GET", "POST"])
def transfer_create(request: HttpRequest) -> HttpResponse:
    require_perm(request, "budgets.add_budgettransfer")
    initial = {}
    source = request.GET.get("from", "")
    if source:
        initial["source"] = BudgetLine.objects.filter(slug=source).first()
    form = TransferForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            transfer = services.budget_transfer(**form.cleaned_data, user=request_user(request))
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The transfer is recorded in both lines' ledgers."))
            return redirect(transfer.target)
    return _form_page(request, form, _("Transfer between budget lines"), "budgets:overview")


@require_http_methods(["GET", "POST"])
def allocation_create(request: HttpRequest, slug: str) -> HttpResponse:
    line = _line_for(request, slug, "budgets.add_allocation")
    initial: dict[str, Any] = {"money": 0, "hours": 0}
    form = AllocationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.budget_allocate(line=line, **form.cleaned_data, user=request_user(request))
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The allocation is recorded."))
            return redirect(line)
    return _form_page(
        request,
        form,
        _("Allocate from %(line)s") % {"line": line},
        "budgets:overview",
        line=line,
    )


def _allocation_for(request: HttpRequest, pk: int) -> Any:
    require_perm(request, "budgets.add_ledgerentry")
    allocation = selectors.allocation_get(pk=pk)
    require_object_perm(request, "budgets.add_ledgerentry", allocation.line)
    return allocation


@require_http_methods(["GET", "POST"])
def realisation_create(request: HttpRequest, pk: int) -> HttpResponse:
    allocation = _allocation_for(request, pk)
    form = RealisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.allocation_realise(
                allocation=allocation, **form.cleaned_data, user=request_user(request)
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The realisation is recorded."))
            return redirect(allocation.line)
    return _form_page(
        request,
        form,
        _("Record spending on: %(what)s") % {"what": allocation.recipient},
        "budgets:overview",
        line=allocation.line,
        allocation=allocation,
    )


@require_http_methods(["GET", "POST"])
def release_create(request: HttpRequest, pk: int) -> HttpResponse:
    allocation = _allocation_for(request, pk)
    form = ReleaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.allocation_release(
                allocation=allocation, **form.cleaned_data, user=request_user(request)
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("What was not spent is released to the line."))
            return redirect(allocation.line)
    return _form_page(
        request,
        form,
        _("Release what is not spent: %(what)s") % {"what": allocation.recipient},
        "budgets:overview",
        line=allocation.line,
        allocation=allocation,
    )
