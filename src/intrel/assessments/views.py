from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from intrel.accounts.selectors import request_user
from intrel.core.errors import DomainError
from intrel.core.web import INVALID_FORM_STATUS, form_error, form_status, require_perm
from intrel.policy import SubjectError, known_frameworks

from . import selectors, services, subjects
from .forms import FrameworkCompareForm, OverrideForm
from .models import Assessment


def _back(assessment: Assessment) -> HttpResponseRedirect:
    return HttpResponseRedirect(assessment.get_subject_url() + "#assessment")


@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("assessments.confirm_assessment"):
        raise PermissionDenied("assessments.confirm_assessment")
    assessment = get_object_or_404(Assessment, pk=pk)
    try:
        services.assessment_confirm(assessment=assessment, user=request_user(request))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The assessment is confirmed."))
    return _back(assessment)


@require_POST
def reassess(request: HttpRequest, subject_type: str, key: str) -> HttpResponse:
    """Assess a subject now, on its current facts: the button beside a stale assessment."""
    require_perm(request, "assessments.add_assessment")
    try:
        assessment = subjects.subject_reassess(subject_type=subject_type, key=key)
    except (KeyError, ObjectDoesNotExist) as exc:
        raise Http404 from exc
    except SubjectError:
        messages.error(
            request,
            _(
                "This cannot be assessed: its facts do not meet the framework's contract. "
                "Correct them first."
            ),
        )
        back = request.META.get("HTTP_REFERER", "")
        # Only back to a page of this site: a Referer is a value from outside.
        if not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            back = "/"
        return HttpResponseRedirect(back)
    messages.success(request, _("Assessed again on the current facts."))
    return _back(assessment)


@require_POST
def override(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("assessments.add_override"):
        raise PermissionDenied("assessments.add_override")
    assessment = get_object_or_404(Assessment, pk=pk)
    view = selectors.assessment_present(assessment)
    form = OverrideForm(request.POST, targets=view["targets"])
    if form.is_valid():
        try:
            services.assessment_override(
                assessment=assessment,
                user=request_user(request),
                target=form.cleaned_data["target"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Your override is recorded with its reason."))
            return _back(assessment)
    return render(
        request,
        "assessments/override.html",
        {"form": form, "assessment": assessment, "view": view},
        status=INVALID_FORM_STATUS,
    )


@require_GET
def framework_list(request: HttpRequest) -> HttpResponse:
    frameworks = [selectors.framework_get(fid) for fid in known_frameworks()]
    return render(request, "assessments/frameworks.html", {"frameworks": frameworks})


@require_GET
def framework_detail(request: HttpRequest, framework_id: str) -> HttpResponse:
    if framework_id not in known_frameworks():
        raise Http404
    framework = selectors.framework_get(framework_id)
    return render(
        request,
        "assessments/framework_detail.html",
        {"framework": framework, "clauses": list(framework.clauses.values())},
    )


@require_GET
def framework_compare(request: HttpRequest) -> HttpResponse:
    """Two registered frameworks side by side over the register: what would change per
    relation (CONTRACT.md, "Comparing two frameworks"). Asked for by GET, so that a
    comparison has an address; without a choice yet, the form alone."""
    require_perm(request, "assessments.view_assessment")
    asked = any(name in request.GET for name in FrameworkCompareForm.base_fields)
    form = FrameworkCompareForm(
        request.GET if asked else None,  # unbound: the form alone, never valid, answered 200
        initial={"framework_a": settings.INTREL_DEFAULT_FRAMEWORK, "as_of": timezone.localdate()},
    )
    comparison = None
    if form.is_valid():
        comparison = selectors.framework_comparison(
            a=form.cleaned_data["framework_a"],
            b=form.cleaned_data["framework_b"],
            as_of=form.cleaned_data["as_of"] or timezone.localdate(),
        )
    return render(
        request,
        "assessments/framework_compare.html",
        {"form": form, "comparison": comparison},
        status=form_status(form),
    )
