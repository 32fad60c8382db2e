"""The improvement app in Django admin, for NHS England staff: plans under review (`plans`),
good-practice notes to moderate (`notes`), and the segment-4 trusts whose plan is missing
with the reminders sent to them (`obligations`). This module registers them all."""

from django.contrib import admin

from improvement.admin.notes import GoodPracticeNoteAdmin
from improvement.admin.obligations import ReminderAdmin, SegmentFourTrustAdmin
from improvement.admin.plans import (
    ActionAdmin,
    ImprovementPlanAdmin,
    MilestoneAdmin,
    ProgressUpdateAdmin,
    TrustMembershipAdmin,
)
from improvement.models import (
    Action,
    GoodPracticeNote,
    ImprovementPlan,
    Milestone,
    ProgressUpdate,
    Reminder,
    SegmentFourTrust,
    TrustMembership,
)

admin.site.register(ImprovementPlan, ImprovementPlanAdmin)
admin.site.register(Action, ActionAdmin)
admin.site.register(Milestone, MilestoneAdmin)
admin.site.register(ProgressUpdate, ProgressUpdateAdmin)
admin.site.register(TrustMembership, TrustMembershipAdmin)
admin.site.register(GoodPracticeNote, GoodPracticeNoteAdmin)
admin.site.register(SegmentFourTrust, SegmentFourTrustAdmin)
admin.site.register(Reminder, ReminderAdmin)
