from typing import Any

from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response


class LinkPagination(PageNumberPagination):
    """Pages with ``_links`` (self, first, prev, next, last) and a total, as the ADR advise."""

    page_size_query_param = "pageSize"
    max_page_size = 500

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> Any:
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound as exc:
            # A page that does not exist is a bad query parameter (400), not a missing resource.
            raise ValidationError({self.page_query_param: [str(exc.detail)]}) from exc

    def get_paginated_response(self, data: Any) -> Response:
        assert self.page is not None
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
