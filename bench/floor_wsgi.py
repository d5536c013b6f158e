"""The application for bench/bench_web.py, plus its floor: ``/__floor/relations?limit=N``, a
minimal view over the same table as the list API (the ORM's ``values()`` of the page's relations
and partners, ordered by name, with the count, as JSON), without middleware, sessions or
permissions. Only the benchmark serves it; the product's WSGI entry is ``intrel.wsgi``."""

import json
from typing import Any
from urllib.parse import parse_qs

from intrel.wsgi import application as intrel_application

FIELDS = (
    "slug",
    "name",
    "status",
    "registered_kind",
    "start_date",
    "end_date",
    "owner_kind",
    "owner_portfolio",
    "purposes",
    "updated_at",
    "partner__name",
    "partner__country",
    "partner__kind",
)


def floor(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    from django.db import close_old_connections

    from intrel.relations.models import Relation

    close_old_connections()
    limit = int(parse_qs(environ.get("QUERY_STRING", "")).get("limit", ["50"])[0])
    rows = list(Relation.objects.order_by("name").values(*FIELDS)[:limit])
    body = json.dumps({"count": Relation.objects.count(), "results": rows}, default=str).encode()
    start_response("200 OK", [("Content-Type", "application/json")])
    return [body]


def application(environ: dict[str, Any], start_response: Any) -> Any:
    if environ.get("PATH_INFO", "").startswith("/__floor/relations"):
        return floor(environ, start_response)
    return intrel_application(environ, start_response)
