"""One guard for input no view should ever see: refused with a 400 that names where it was.

- **Every query parameter** (pages and API) and **every form field of a page**: a NUL character
  or a lone surrogate is refused (PostgreSQL cannot store NUL; a lone surrogate cannot even be
  written out as UTF-8), as a 400 page naming the field, or under ``/api/`` a 400
  ``application/problem+json`` naming the parameter in ``invalidParams``.
- **Every JSON body under** ``/api/``: at most ``INTREL_API_MAX_BODY_BYTES`` bytes, nested at
  most ``INTREL_API_MAX_JSON_DEPTH`` levels (so parsing can never exhaust the stack), and no NUL
  or lone surrogate in any key or string; the 400 names the field's path (``partner.country``,
  ``agreements[0].title``) as the rest of the API does.

The guard runs before authentication and before any view, so it holds for every operation,
present and future, without a line in a view. See docs/api.md ("Limits").
"""

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _

from intrel.core.problems import PROBLEM_CONTENT_TYPE, problem_body

API_PREFIX = "/api/"
# Tokens that matter for nesting: a string (possibly unterminated: it then runs to the end, so
# scanning stays linear), a bracket, a comma or a colon.
_TOKEN = re.compile(r'"(?:[^"\\]++|\\.)*+"?|[\[\]{},:]', re.DOTALL)
_SURROGATE = re.compile("[\ud800-\udfff]")


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be accepted as text, or None when it can."""
    if "\x00" in value:
        return _("Null characters are not allowed.")
    if _SURROGATE.search(value):
        return _("Contains an invalid character (a lone surrogate).")
    return None


def printable(name: str) -> str:
    """A field name as it can be shown back: NUL and surrogates written as escapes."""
    return name.replace("\x00", "\\u0000").encode("utf-8", "backslashreplace").decode("utf-8")


def _join(path: str, key: Any) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


def json_too_deep(text: str, limit: int) -> str | None:
    """The path at which ``text`` nests deeper than ``limit`` levels, or None.

    Reads the brackets outside strings only, without parsing, so a body nested 10,000 deep
    costs a few microseconds rather than the parser's stack.
    """
    # One entry per open container: [is_object, current key or index, expecting a key].
    stack: list[list[Any]] = []
    for match in _TOKEN.finditer(text):
        piece = match.group()
        if piece in ("[", "{"):
            if len(stack) >= limit:
                return _path_of(stack) or "body"
            stack.append([piece == "{", None if piece == "{" else 0, piece == "{"])
        elif piece in ("]", "}"):
            if stack:
                stack.pop()
        elif piece == ",":
            if stack:
                top = stack[-1]
                if top[0]:
                    top[2] = True
                else:
                    top[1] += 1
        elif piece == ":":
            if stack:
                stack[-1][2] = False
        elif stack and stack[-1][0] and stack[-1][2]:  # a string where a key is expected
            try:
                stack[-1][1] = json.loads(piece)
            except ValueError:
                stack[-1][1] = "?"
    return None


def _path_of(stack: list[list[Any]]) -> str:
    path = ""
    for is_object, key, _expecting in stack:
        if key is None:
            break
        path = _join(path, str(key) if is_object else int(key))
    return printable(path)


def json_text_problems(data: Any, limit: int = 20) -> list[dict[str, str]]:
    """``{name, reason}`` for every key or string in ``data`` that cannot be accepted."""
    problems: list[dict[str, str]] = []
    for path, value in _strings(data, ""):
        reason = text_problem(value)
        if reason:
            problems.append({"name": printable(path) or "body", "reason": reason})
            if len(problems) >= limit:
                break
    return problems


def _strings(data: Any, path: str) -> Iterator[tuple[str, str]]:
    """Every string in ``data`` (keys included) with its path; depth is bounded before."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            child = _join(path, key)
            yield child, key
            yield from _strings(value, child)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, _join(path, index))


def _is_json(request: HttpRequest) -> bool:
    return "json" in (request.content_type or "")


class InputGuardMiddleware:
    """Refuse NUL characters, lone surrogates, oversized and over-deep JSON before any view.

    Stands after LocaleMiddleware (messages in the caller's language) and after
    AuthenticationMiddleware (the 400 page shows the signed-in menu), inside
    ApiVersionMiddleware (API answers carry ``API-Version``).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        is_api = request.path_info.startswith(API_PREFIX)
        problems = self._query_problems(request)
        if not problems and is_api and request.method not in ("GET", "HEAD", "OPTIONS"):
            problems = self._body_problems(request)
        elif not problems and not is_api and request.method == "POST":
            problems = self._form_problems(request)
        if not problems:
            return self.get_response(request)
        if is_api:
            return HttpResponse(
                json.dumps(
                    problem_body(
                        status_code=400,
                        detail="; ".join(f"{p['name']}: {p['reason']}" for p in problems),
                        invalid_params=problems,
                    )
                ),
                status=400,
                content_type=PROBLEM_CONTENT_TYPE,
            )
        return render(request, "400.html", {"problems": problems}, status=400)

    @staticmethod
    def _query_problems(request: HttpRequest) -> list[dict[str, str]]:
        return _pairs_problems(request.GET.lists())

    @staticmethod
    def _form_problems(request: HttpRequest) -> list[dict[str, str]]:
        if request.content_type not in ("application/x-www-form-urlencoded", "multipart/form-data"):
            return []
        return _pairs_problems(request.POST.lists())

    @staticmethod
    def _body_problems(request: HttpRequest) -> list[dict[str, str]]:
        if not _is_json(request):
            return []
        max_bytes: int = settings.INTREL_API_MAX_BODY_BYTES
        max_depth: int = settings.INTREL_API_MAX_JSON_DEPTH
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > max_bytes:
            return [_too_large(max_bytes)]
        raw = request.body  # at most CONTENT_LENGTH bytes (Django's LimitedStream)
        if len(raw) > max_bytes:
            return [_too_large(max_bytes)]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return [{"name": "body", "reason": _("The body is not valid UTF-8.")}]
        deep = json_too_deep(text, max_depth)
        if deep:
            reason = _("Nested deeper than %(limit)d levels.") % {"limit": max_depth}
            return [{"name": deep, "reason": reason}]
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            return []  # not JSON: the API's parser says so in its own words
        return json_text_problems(data)


def _too_large(limit: int) -> dict[str, str]:
    return {"name": "body", "reason": _("Larger than %(limit)d bytes.") % {"limit": limit}}


def _pairs_problems(pairs: Any, limit: int = 20) -> list[dict[str, str]]:
    """Problems of (name, values) pairs: a query string's or a form's fields."""
    problems: list[dict[str, str]] = []
    for name, values in pairs:
        reason = text_problem(name)
        if reason is None:
            reason = next((r for r in map(text_problem, values) if r), None)
        if reason:
            problems.append({"name": printable(name), "reason": reason})
            if len(problems) >= limit:
                break
    return problems
