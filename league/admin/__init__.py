"""The league app in Django admin, for NHS England staff.

Each module holds the ModelAdmins of one part of the work; this module registers them all, so
what the admin shows is listed in one place. Pages of their own follow one style
(`league.admin.base.AdminPages`). Data enters only through the NOF import and the recompute,
so the data admins are read-only lists.
"""

from django.contrib import admin

from league.admin.catalogue import DomainAdmin, MetricAdmin
from league.admin.data import (
    AssessmentAdmin,
    ComputedScoreAdmin,
    MetricValueAdmin,
    PeriodComputationAdmin,
    PublishedFigureAdmin,
    PublishedLeagueRowAdmin,
)
from league.admin.frameworks import FrameworkVersionAdmin
from league.admin.imports import ImportBatchAdmin
from league.admin.periods import PeriodAdmin
from league.admin.runs import RecomputeRunAdmin
from league.models import (
    Assessment,
    ComputedScore,
    Domain,
    FrameworkVersion,
    ImportBatch,
    Metric,
    MetricValue,
    Period,
    PeriodComputation,
    PublishedFigure,
    PublishedLeagueRow,
    RecomputeRun,
)

admin.site.register(FrameworkVersion, FrameworkVersionAdmin)
admin.site.register(Domain, DomainAdmin)
admin.site.register(Metric, MetricAdmin)
admin.site.register(Period, PeriodAdmin)
admin.site.register(RecomputeRun, RecomputeRunAdmin)
admin.site.register(ImportBatch, ImportBatchAdmin)
admin.site.register(MetricValue, MetricValueAdmin)
admin.site.register(PublishedFigure, PublishedFigureAdmin)
admin.site.register(PublishedLeagueRow, PublishedLeagueRowAdmin)
admin.site.register(Assessment, AssessmentAdmin)
admin.site.register(ComputedScore, ComputedScoreAdmin)
admin.site.register(PeriodComputation, PeriodComputationAdmin)

# The admin home opens with where the quarters being worked on stand (see league_admin tags).
admin.site.index_template = "admin/league/index.html"
