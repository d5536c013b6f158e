"""The public portal's pages and downloads: no account needed, GET only, cached (cache.py)."""

import json
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from intrel.initiatives import iati

from . import opendata, selectors
from .cache import public_page


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    context = {"municipality_name": settings.INTREL_MUNICIPALITY, **context}
    return render(request, template, context, status=status)


def _not_found(request: HttpRequest, message: str) -> HttpResponse:
    return _render(request, "portal/404.html", {"message": message}, status=404)


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


@login_not_required
@require_GET
@public_page
def home(request: HttpRequest) -> HttpResponse:
    """The map of the current relations with the list beside it, the framework in three
    sentences and the way to an initiative; ``?page=`` and ``?country=`` page and narrow the
    list of a large register (selectors.home)."""
    try:
        context = selectors.home(
            page=request.GET.get("page", ""), country=request.GET.get("country", "")
        )
    except selectors.HomeInputError as error:
        context = selectors.home()
        context["error"] = str(error)
        return _render(request, "portal/home.html", context, status=400)
    return _render(request, "portal/home.html", context)


@login_not_required
@require_GET
@public_page
def relation(request: HttpRequest, slug: str) -> HttpResponse:
    found = selectors.public_relation_get(slug=slug)
    if found is None:
        return _not_found(request, _("There is no public relation at this address."))
    return _render(request, "portal/relation.html", selectors.relation_public_view(found))


@login_not_required
@require_GET
@public_page
def committee(request: HttpRequest) -> HttpResponse:
    return _render(request, "portal/committee.html", {"committees": selectors.committees_public()})


@login_not_required
@require_GET
@public_page
def spending(request: HttpRequest) -> HttpResponse:
    """A year's budget per pillar and per holder; ``?year=`` picks one of the budget years."""
    years = selectors.spending_years()
    raw = request.GET.get("year", "")
    context: dict[str, object] = {"years": years, "error": ""}
    status = 200
    if raw:
        if not (raw.isascii() and raw.isdigit()) or int(raw) not in years:
            context["error"] = _(
                "Year: %(value)s is not a year with a budget; choose one of the years listed."
            ) % {"value": raw[:10]}
            status = 400
            year = years[0] if years else None
        else:
            year = int(raw)
    else:
        year = years[0] if years else None
    if year is not None:
        context["data"] = selectors.spending(year=year)
    return _render(request, "portal/spending.html", context, status=status)


@login_not_required
@require_GET
@public_page
def framework(request: HttpRequest) -> HttpResponse:
    return _render(request, "portal/framework.html", selectors.framework_clauses())


@login_not_required
@require_GET
@public_page
def accessibility(request: HttpRequest) -> HttpResponse:
    return _render(request, "portal/accessibility.html", {})


@login_not_required
@require_GET
@public_page
def open_data(request: HttpRequest) -> HttpResponse:
    return _render(
        request,
        "portal/open_data.html",
        {
            "column_docs": opendata.RELATION_COLUMN_DOCS,
            "licence": opendata.LICENCE,
            "licence_name": opendata.LICENCE_NAME,
            "today": timezone.localdate(),
        },
    )


@login_not_required
@require_GET
@public_page
def relations_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        opendata.relations_csv(base_url=_base(request)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="relaties.csv"'
    return response


@login_not_required
@require_GET
@public_page
def relations_json(request: HttpRequest) -> HttpResponse:
    return JsonResponse(
        opendata.relations_json(base_url=_base(request), today=timezone.localdate()),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )


@login_not_required
@require_GET
@public_page
def initiatives_iati(request: HttpRequest) -> HttpResponse:
    return HttpResponse(
        iati.activities_xml(now=timezone.now()),
        content_type="application/xml; charset=utf-8",
    )


@login_not_required
@require_GET
@public_page
def catalogue(request: HttpRequest) -> HttpResponse:
    return HttpResponse(
        json.dumps(
            opendata.catalogue(base_url=_base(request), today=timezone.localdate()),
            ensure_ascii=False,
            indent=2,
        ),
        content_type="application/ld+json; charset=utf-8",
    )


@login_not_required
@require_GET
def language(request: HttpRequest, code: str) -> HttpResponse:
    """The portal's language switch: a link, not a form, so cached pages hold no CSRF token.
    Only the language cookie is set; ``next`` must be an address of this site."""
    if code not in dict(settings.LANGUAGES):
        return _not_found(request, _("This language is not available."))
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("portal:home")
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
    )
    translation.activate(code)
    return response
