"""The review's pages: the impact analysis (read by every role that reads assessments)."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from intrel.core.web import form_status, require_perm

from .exports import impact_export
from .forms import DOWNLOAD_FORMATS, ImpactForm
from .present import impact_present
from .selectors import register_impact

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


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
    view = None
    if form.is_valid():
        framework = form.cleaned_data["framework"]
        compare_to = form.cleaned_data["compare_to"]
        as_of = form.cleaned_data["as_of"] or timezone.localdate()
        result = register_impact(framework=framework, as_of=as_of, compare_to=compare_to)
        view = impact_present(result, framework, compare_to)
    return render(
        request,
        "reviews/impact.html",
        {"form": form, "impact": view, "formats": DOWNLOAD_FORMATS},
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
