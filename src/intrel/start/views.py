from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The start page: what needs the signed-in user's attention."""
    return render(request, "start/home.html", selectors.attention_for(user=request.user))
