"""Who to learn from, with the approved good-practice notes of other trusts on each metric."""

from dataclasses import dataclass

from improvement.models import GoodPracticeNote
from improvement.selectors.notes import public_notes_by_metric
from league.models import Metric, Release
from league.selectors import latest_published_period_of_each_league, public_release
from league.selectors.learning import Lesson, lessons
from trusts.models import Trust


@dataclass(frozen=True)
class LessonWithNotes:
    lesson: Lesson
    notes: tuple[GoodPracticeNote, ...]


def learning(
    trust: Trust, release: Release, metrics: list[Metric] | None = None
) -> list[LessonWithNotes]:
    """Every metric the trust scores 3.00 or worse on in the release (or `metrics`), worst
    first, with whom to learn from and other trusts' approved notes on it."""
    found = lessons(trust, release, metrics)
    notes = public_notes_by_metric([lesson.metric.metric_id for lesson in found])
    return [
        LessonWithNotes(
            lesson,
            tuple(n for n in notes.get(lesson.metric.metric_id, []) if n.trust_id != trust.pk),
        )
        for lesson in found
    ]


def learning_on(trust: Trust, metrics: list[Metric]) -> dict[str, LessonWithNotes]:
    """metric ID -> who does best on it in the latest published quarter of the trust's table,
    and the notes on it: what a plan's actions on those metrics can learn from."""
    period = latest_published_period_of_each_league().get(trust.league) if metrics else None
    release = public_release(period) if period else None
    if release is None:
        return {}
    return {item.lesson.metric.metric_id: item for item in learning(trust, release, metrics)}
