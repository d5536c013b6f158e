"""Pages of the partners abroad: list, page, new and edit."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from intrel.accounts.selectors import request_user
from intrel.core.errors import DomainError
from intrel.core.filters import page_param
from intrel.core.web import form_error, form_status, require_perm

from . import services
from .forms import PartnerForm
from .models import Partner


@require_http_methods(["GET"])
def partner_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, "partners.view_partner")
    q = request.GET.get("q", "").strip()
    partners = Partner.objects.annotate(relation_count=Count("relations")).order_by("name")
    if q:
        partners = partners.filter(Q(name__icontains=q) | Q(country__iexact=q))
    page = page_param(request, Paginator(partners, 50))
    return render(
        request,
        "partners/partner_list.html",
        {"page": page, "q": q, "can_add": request.user.has_perm("partners.add_partner")},
    )


@require_http_methods(["GET"])
def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "partners.view_partner")
    partner = get_object_or_404(Partner, pk=pk)
    relations = (
        partner.relations.order_by("name")
        if request.user.has_perm("relations.view_relation")
        else None
    )
    return render(
        request,
        "partners/partner_detail.html",
        {
            "partner": partner,
            "relations": relations,
            "can_change": request.user.has_perm("partners.change_partner"),
        },
    )


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else ""


@require_http_methods(["GET", "POST"])
def partner_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """New partner (``pk`` None) or a change; ``next`` returns to the relation form."""
    require_perm(request, "partners.change_partner" if pk else "partners.add_partner")
    partner = get_object_or_404(Partner, pk=pk) if pk else None
    form = PartnerForm(request.POST or None, instance=Partner.objects.get(pk=pk) if pk else None)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.partner_save(
                user=request_user(request),
                data=services.PartnerData(**form.cleaned_data),
                partner=partner,
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The partner has been saved."))
            if target := _next_url(request):
                separator = "&" if "?" in target else "?"
                return redirect(f"{target}{separator}partner={saved.pk}")
            return redirect("partners:detail", pk=saved.pk)
    return render(
        request,
        "partners/partner_form.html",
        {"form": form, "partner": partner, "next": _next_url(request)},
        status=form_status(form),
    )
