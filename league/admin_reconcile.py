"""A period's reconciliation page in admin: computed against NHS England's published figures."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from league.models import Period
from league.services.reconcile import period_reconcile


def reconcile_view(
    model_admin: admin.ModelAdmin, request: HttpRequest, object_id: str
) -> HttpResponse:
    period = get_object_or_404(Period, pk=object_id)
    if not model_admin.has_view_permission(request, period):
        raise PermissionDenied
    report = period_reconcile(period=period)
    limit = 500
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "period": period,
        "computation": getattr(report.release, "computation", None),
        "report": report,
        "differences": report.differences[:limit],
        "hidden_differences": max(0, len(report.differences) - limit),
        "title": f"Reconciliation: {period}",
    }
    return TemplateResponse(request, "admin/league/period/reconcile.html", context)
