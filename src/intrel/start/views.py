from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from . import selectors
from .search import MAX_LENGTH, MIN_LENGTH
from .search import search as search_all


@login_not_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The start page: what needs the signed-in user's attention. A visitor without an account
    is shown the public portal instead of a login form (ADR 0017)."""
    if not request.user.is_authenticated:
        return redirect("portal:home")
    return render(request, "start/home.html", selectors.attention_for(user=request.user))


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """The search box's results: relations, partners, parties, decisions and initiatives the
    user may see (issue 17)."""
    q = request.GET.get("q", "")
    too_long = len(q) > MAX_LENGTH
    groups = search_all(user=request.user, q=q)
    return render(
        request,
        "start/search.html",
        {
            "q": q[:MAX_LENGTH],
            "groups": groups,
            "found": sum(g.count for g in groups),
            "too_short": 0 < len(" ".join(q.split())) < MIN_LENGTH,
            "too_long": too_long,
            "min_length": MIN_LENGTH,
            "max_length": MAX_LENGTH,
        },
    )
