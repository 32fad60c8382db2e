"""What every admin page of the service shares: read-only admins for rows only services write,
and one way to add a page of its own to a ModelAdmin.

A custom page is a method of its ModelAdmin (or of a mixin kept beside it when the pages are
long), listed in `get_urls` through `admin_urls` and rendered through `admin_page`, so it gets
the admin's login, permissions, breadcrumbs and site context like the built-in pages.
"""

from collections.abc import Callable, Iterable, Sequence

from django.contrib import admin
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.formats import date_format
from django.utils.timezone import localtime


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only by services: staff may look, never add, change or delete."""

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class AdminPages:
    """Mixed into a ModelAdmin that has pages of its own."""

    def admin_urls(self, *pages: tuple[str, Callable, str]) -> list[URLPattern]:
        """(route, view method, URL name) of each page, wrapped by the admin site (login,
        staff only, no caching), before the ModelAdmin's own URLs."""
        wrap = self.admin_site.admin_view
        return [path(route, wrap(view), name=name) for route, view, name in pages]

    def admin_page(self, request: HttpRequest, template: str, **context) -> TemplateResponse:
        """`template` with the admin site's context and this model's options."""
        page = {**self.admin_site.each_context(request), "opts": self.model._meta, **context}
        return TemplateResponse(request, template, page)


def html_table(headings: Sequence[str], rows: Iterable[Sequence]) -> str:
    """A small table for a read-only field (admin/_field_table.html); empty cells show a dash."""
    context = {"headings": headings, "rows": [list(row) for row in rows]}
    return render_to_string("admin/_field_table.html", context)


def html_lines(lines: Iterable[str], empty: str) -> str:
    """Lines of a read-only field, one under another (admin/_field_lines.html)."""
    return render_to_string("admin/_field_lines.html", {"lines": list(lines), "empty": empty})


def html_link(href: str, text: str) -> str:
    """A link in a list column or read-only field (admin/_field_link.html)."""
    return render_to_string("admin/_field_link.html", {"href": href, "text": text})


def when(moment) -> str:
    """ "3 Dec 2026, 10:32" in the service's time zone."""
    return date_format(localtime(moment), "j M Y, H:i")


def day(date) -> str:
    """ "2 December 2026"."""
    return date_format(date, "j F Y")
