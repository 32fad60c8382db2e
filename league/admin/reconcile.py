"""A period's reconciliation page in admin: computed against NHS England's published figures."""

from dataclasses import replace

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from league.admin.base import AdminPages
from league.models import Period
from league.services.catalogue import RulesError, period_cut_points_set
from league.services.frameworks import FrameworkImportRefused, FrameworkRules, framework_rules_set
from league.services.recompute import RecomputeError, working_release
from league.services.reconcile import CutPointProposal, cut_points_proposed, period_reconcile


class ReconcileViews(AdminPages):
    """Mixed into PeriodAdmin: the reconciliation page, and setting its proposed cut-points."""

    def reconcile_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        period = get_object_or_404(Period, pk=object_id)
        if not self.has_view_permission(request, period):
            raise PermissionDenied
        if request.method == "POST":
            return _use_proposal(request, period)
        report = period_reconcile(period=period)
        proposal = report.proposal
        in_use = bool(proposal and proposal.points) and _in_use(period, proposal)
        limit = 500
        context = {
            "period": period,
            "computation": getattr(report.release, "computation", None),
            "report": report,
            "differences": report.differences[:limit],
            "hidden_differences": max(0, len(report.differences) - limit),
            "title": f"Reconciliation: {period}",
            "breadcrumb": "Reconciliation",
            "proposal_in_use": in_use,
            "can_use_proposal": _may_use(request, report.proposal) and not in_use,
        }
        return self.admin_page(request, "admin/league/period/reconcile.html", **context)


def _may_use(request: HttpRequest, proposal: CutPointProposal | None) -> bool:
    if proposal is None or proposal.points is None:
        return False
    needed = "league.change_frameworkversion" if proposal.thresholds else "league.change_period"
    return request.user.has_perm(needed)


def _in_use(period: Period, proposal: CutPointProposal) -> bool:
    """The proposed values are already the period's cut-points (or the year's thresholds)."""
    if proposal.thresholds:
        return period.framework.thresholds == proposal.points
    return (period.cut_point_1, period.cut_point_2, period.cut_point_3) == proposal.points


def _use_proposal(request: HttpRequest, period: Period) -> HttpResponse:
    """Set the cut-points (or the year's thresholds) read from the published segments, read
    again here from the working release, never from the request."""
    back = redirect("admin:league_period_reconcile", period.pk)
    try:
        proposal = cut_points_proposed(release=working_release(period))
    except RecomputeError as error:
        messages.error(request, str(error))
        return back
    if not _may_use(request, proposal):
        raise PermissionDenied
    try:
        if proposal.thresholds:
            rules = replace(FrameworkRules.of(period.framework), thresholds=proposal.points)
            framework_rules_set(framework=period.framework, rules=rules, user=request.user)
        else:
            period_cut_points_set(
                period=period, points=proposal.points, note=proposal.note, user=request.user
            )
    except RulesError as error:
        messages.error(request, str(error))
        return back
    except FrameworkImportRefused as refused:
        messages.error(request, " ".join(p.message for p in refused.preview.problems))
        return back
    messages.success(request, f"{proposal.note} A recompute is queued.")
    return back
