from functools import partial
from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from intrel.core.filters import CountedPaginator


class LinkPagination(PageNumberPagination):
    """Pages with ``_links`` (self, first, prev, next, last) and a total, as the ADR advise."""

    page_size_query_param = "pageSize"
    max_page_size = 500

    def get_page_size(self, request: Any) -> int:
        """``pageSize`` from 1 to 500; anything else is a 400 naming it (not a silent default)."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return int(self.page_size or 50)
        size = int(raw) if raw.isascii() and raw.isdigit() else 0
        if not 1 <= size <= self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("A whole number from 1 to %(max)d.") % {"max": self.max_page_size}
                    ]
                }
            )
        return size

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        """The bounds the server keeps, in the document: pages from 1, 1 to 500 items."""
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
        return parameters

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> Any:
        # A view may count its rows its own way (``count_rows``: a cached count).
        counter = getattr(view, "count_rows", None)
        if counter is not None:
            self.django_paginator_class = partial(CountedPaginator, counter=counter)  # type: ignore[assignment]
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound as exc:
            # A page that does not exist is a bad query parameter (400), not a missing resource.
            raise ValidationError({self.page_query_param: [str(exc.detail)]}) from exc

    def get_paginated_response(self, data: Any) -> Response:
        assert self.page is not None
        assert self.request is not None
        paginator = self.page.paginator
        url = self.request.build_absolute_uri()

        def page_link(number: int) -> str:
            from rest_framework.utils.urls import replace_query_param

            return replace_query_param(url, self.page_query_param, number)

        links = {
            "self": {"href": url},
            "first": {"href": page_link(1)},
            "last": {"href": page_link(paginator.num_pages)},
        }
        if self.page.has_previous():
            links["prev"] = {"href": page_link(self.page.previous_page_number())}
        if self.page.has_next():
            links["next"] = {"href": page_link(self.page.next_page_number())}
        return Response(
            {"_links": links, "totalItems": paginator.count, "results": data},
            headers={"X-Total-Count": str(paginator.count)},
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        link = {"type": "object", "properties": {"href": {"type": "string", "format": "uri"}}}
        return {
            "type": "object",
            "required": ["_links", "totalItems", "results"],
            "properties": {
                "_links": {
                    "type": "object",
                    "properties": {k: link for k in ("self", "first", "prev", "next", "last")},
                },
                "totalItems": {"type": "integer"},
                "results": schema,
            },
        }
