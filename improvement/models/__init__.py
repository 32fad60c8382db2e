from improvement.models.actions import Action, ActionStatus, Milestone, ProgressUpdate, Rag
from improvement.models.memberships import Role, TrustMembership
from improvement.models.notes import GoodPracticeNote, NoteStatus
from improvement.models.plans import ImprovementPlan, PlanStatus, ReviewStatus
from improvement.models.reminders import Reminder, ReminderKind, SegmentFourTrust

__all__ = [
    "Action",
    "ActionStatus",
    "GoodPracticeNote",
    "ImprovementPlan",
    "Milestone",
    "NoteStatus",
    "PlanStatus",
    "ProgressUpdate",
    "Rag",
    "Reminder",
    "ReminderKind",
    "ReviewStatus",
    "Role",
    "SegmentFourTrust",
    "TrustMembership",
]
