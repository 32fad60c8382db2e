"""A good-practice note's life: written by a leader of its trust, submitted, approved or refused
by NHS England staff. Only approved notes are public; changing an approved note sends it back
for approval, so nothing reaches the public pages unmoderated."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from improvement.models import GoodPracticeNote, NoteStatus, Role
from improvement.models.notes import MODERATE_PERMISSION
from improvement.services import PlanError, require_role
from league.services.releases import data_version_bump
from trusts.models import Trust

NOTE_FIELDS = ("title", "summary", "contact_role")


class NoteError(PlanError):
    """A rule of the note's life refused the change; the message is for the user."""


def _save(note: GoodPracticeNote, user, *, was_public: bool) -> None:
    """Save with `user` in the history; a change the public could see bumps the data version,
    so cached public pages show (or stop showing) the note at once."""
    note._history_user = user
    note.save()
    if was_public or note.is_public:
        data_version_bump()


def _set_links(note: GoodPracticeNote, metrics, quarters) -> None:
    note.metrics.set(metrics)
    note.quarters.set(quarters)


def note_create(
    *, user, trust: Trust, title: str, summary: str, contact_role: str, metrics, quarters
) -> GoodPracticeNote:
    require_role(user, trust, Role.EDITOR, Role.EXECUTIVE_LEAD)
    note = GoodPracticeNote(
        trust=trust, title=title, summary=summary, contact_role=contact_role, author=user
    )
    with transaction.atomic():
        _save(note, user, was_public=False)
        _set_links(note, metrics, quarters)
    return note


def _locked(note: GoodPracticeNote, user) -> GoodPracticeNote:
    require_role(user, note.trust, Role.EDITOR, Role.EXECUTIVE_LEAD)
    return GoodPracticeNote.objects.select_for_update().get(pk=note.pk)


def note_update(*, note: GoodPracticeNote, user, metrics, quarters, **fields) -> GoodPracticeNote:
    """Change a note that is not with NHS England. An approved note goes back for approval."""
    unknown = set(fields) - set(NOTE_FIELDS)
    if unknown:
        raise TypeError(f"note_update() cannot change {', '.join(sorted(unknown))}")
    with transaction.atomic():
        note = _locked(note, user)
        if note.status == NoteStatus.AWAITING:
            raise NoteError(
                "This note is waiting for NHS England's approval: withdraw it to change it."
            )
        was_public = note.is_public
        for name, value in fields.items():
            setattr(note, name, value)
        if was_public:
            note.status = NoteStatus.AWAITING
            note.submitted_at = timezone.now()
        _save(note, user, was_public=was_public)
        _set_links(note, metrics, quarters)
    return note


def note_submit(*, note: GoodPracticeNote, user) -> GoodPracticeNote:
    """A draft or refused note goes to NHS England for approval."""
    with transaction.atomic():
        note = _locked(note, user)
        if note.status not in (NoteStatus.DRAFT, NoteStatus.REFUSED):
            raise NoteError(f"The note is {note.get_status_display().lower()}.")
        if not note.metrics.exists():
            raise NoteError("Choose at least one metric the change improved.")
        note.status = NoteStatus.AWAITING
        note.submitted_at = timezone.now()
        _save(note, user, was_public=False)
    return note


def note_withdraw(*, note: GoodPracticeNote, user) -> GoodPracticeNote:
    """Take a note back from NHS England (awaiting approval) or off the public pages."""
    with transaction.atomic():
        note = _locked(note, user)
        if note.status not in (NoteStatus.AWAITING, NoteStatus.APPROVED):
            raise NoteError("Only a note awaiting approval or approved can be withdrawn.")
        was_public = note.is_public
        note.status = NoteStatus.DRAFT
        _save(note, user, was_public=was_public)
    return note


def _moderator(user) -> None:
    if not (user.is_active and user.is_staff and user.has_perm(MODERATE_PERMISSION)):
        raise PermissionDenied("Approving notes needs NHS England's moderation permission.")


def note_approve(*, note: GoodPracticeNote, user) -> GoodPracticeNote:
    _moderator(user)
    with transaction.atomic():
        note = GoodPracticeNote.objects.select_for_update().get(pk=note.pk)
        if note.status != NoteStatus.AWAITING:
            raise NoteError(f"{note}: it is {note.get_status_display().lower()}, not awaiting.")
        note.status = NoteStatus.APPROVED
        note.refusal_reason = ""
        note.reviewed_at = note.approved_at = timezone.now()
        note.reviewed_by = user
        _save(note, user, was_public=False)
    return note


REASON_NEEDED = "Say why the note is not approved: the trust sees the reason."


def note_refuse(*, note: GoodPracticeNote, user, reason: str) -> GoodPracticeNote:
    _moderator(user)
    if not reason.strip():
        raise NoteError(REASON_NEEDED)
    with transaction.atomic():
        note = GoodPracticeNote.objects.select_for_update().get(pk=note.pk)
        if note.status != NoteStatus.AWAITING:
            raise NoteError(f"{note}: it is {note.get_status_display().lower()}, not awaiting.")
        note.status = NoteStatus.REFUSED
        note.refusal_reason = reason.strip()
        note.reviewed_at = timezone.now()
        note.reviewed_by = user
        _save(note, user, was_public=False)
    return note
