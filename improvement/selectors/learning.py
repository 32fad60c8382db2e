"""Who to learn from, with the approved good-practice notes of other trusts on each metric."""

from dataclasses import dataclass

from improvement.models import GoodPracticeNote
from improvement.selectors.notes import public_notes_by_metric
from league.learning import Lesson, lessons
from league.models import Release
from trusts.models import Trust


@dataclass(frozen=True)
class LessonWithNotes:
    lesson: Lesson
    notes: tuple[GoodPracticeNote, ...]


def learning(trust: Trust, release: Release) -> list[LessonWithNotes]:
    """Every metric the trust scores 3.00 or worse on in the release, worst first, with whom to
    learn from and other trusts' approved notes on it."""
    found = lessons(trust, release)
    notes = public_notes_by_metric([lesson.metric.metric_id for lesson in found])
    return [
        LessonWithNotes(
            lesson,
            tuple(n for n in notes.get(lesson.metric.metric_id, []) if n.trust_id != trust.pk),
        )
        for lesson in found
    ]
