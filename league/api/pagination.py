"""Pages of the API's long lists: DRF's page-number pagination with the API's strictness.

`?page=` counts from 1 and `?page_size=` is 50 unless asked, at most 200. A malformed or
out-of-range value is a 400 (DRF would quietly use the default) and a page after the last a
404, both in the API's error shape. `next` and `previous` keep only the parameters the list
reads (its filters and `page_size`), in a fixed order, so junk parameters never spread.
"""

from django.core.paginator import Paginator
from rest_framework.pagination import PageNumberPagination

from league.api.errors import bad_request, not_found
from league.api.links import Links


def whole_number(request, name: str, default: int | None = None) -> int | None:
    """A whole-number parameter of 1 or more, or a 400 saying what is wrong."""
    raw = request.query_params.get(name, "")
    if raw == "":
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise bad_request(f"“{name}” must be a whole number of 1 or more, not “{raw}”.")
    return int(raw)


class PublicPagination(PageNumberPagination):
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"

    def paginate_queryset(self, queryset, request, view=None) -> list:
        size = whole_number(request, self.page_size_query_param, self.page_size)
        if size > self.max_page_size:
            raise bad_request(f"“page_size” can be at most {self.max_page_size}.")
        paginator = Paginator(queryset, size, allow_empty_first_page=True)
        number = whole_number(request, self.page_query_param, 1)
        if number > paginator.num_pages:
            raise not_found(f"There is no page {number}: there are {paginator.num_pages}.")
        self.request, self.page = request, paginator.page(number)
        self.kept = _kept(request, view)
        return list(self.page.object_list)

    def get_next_link(self) -> str | None:
        return self._link(self.page.next_page_number()) if self.page.has_next() else None

    def get_previous_link(self) -> str | None:
        if not self.page.has_previous():
            return None
        return self._link(self.page.previous_page_number())

    def get_paginated_response_schema(self, schema: dict) -> dict:
        link = {"type": ["string", "null"], "format": "uri"}
        return {
            "type": "object",
            "required": ["count", "next", "previous", "results"],
            "properties": {
                "count": {"type": "integer", "description": "Results on every page."},
                "next": {**link, "description": "The next page; null on the last."},
                "previous": {**link, "description": "The previous page; null on the first."},
                "results": schema,
            },
        }

    def _link(self, number: int) -> str:
        query = dict(sorted({**self.kept, self.page_query_param: number}.items()))
        return Links(self.request).absolute_with_query(self.request.path, query)


def _kept(request, view) -> dict[str, str]:
    """The list's own filters and page size, as asked."""
    filterset = getattr(view, "filterset_class", None)
    names = [*(filterset.base_filters if filterset else ()), "page_size"]
    return {name: request.query_params[name] for name in names if request.query_params.get(name)}
