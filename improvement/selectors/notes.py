"""Good-practice notes as trust leaders and the public see them. The public reads only approved
notes (`GoodPracticeNote.objects.public()`), leaders only their own trusts' (`for_user`)."""

from django.db.models import Prefetch, QuerySet

from improvement.models import GoodPracticeNote
from league.models import Metric, Period
from league.selectors import latest_published_period, published_periods
from trusts.models import Trust


def note_metric_choices(trust: Trust) -> QuerySet[Metric]:
    """The metrics of the latest published framework year (or the newest year) that apply to
    the trust's table."""
    period = latest_published_period() or Period.objects.order_by("-year", "-quarter").first()
    if period is None:
        return Metric.objects.none()
    metrics = Metric.objects.filter(framework_id=period.framework_id).order_by("metric_id")
    return metrics.filter(pk__in=[m.pk for m in metrics if trust.league in m.leagues])


def note_quarter_choices() -> QuerySet[Period]:
    return published_periods().order_by("-year", "-quarter")


def _with_links(notes: QuerySet[GoodPracticeNote]) -> QuerySet[GoodPracticeNote]:
    return notes.select_related("trust").prefetch_related(
        Prefetch("metrics", queryset=Metric.objects.order_by("metric_id")),
        Prefetch("quarters", queryset=Period.objects.order_by("year", "quarter")),
    )


def member_notes(user) -> QuerySet[GoodPracticeNote]:
    """The notes of the user's trusts, newest change first."""
    return _with_links(GoodPracticeNote.objects.for_user(user)).order_by("-updated_at", "-pk")


def public_notes(
    *, metric: str = "", league: str = "", subtype: str = ""
) -> QuerySet[GoodPracticeNote]:
    """Approved notes, newest approval first, filtered by metric ID, table and trust subtype."""
    notes = GoodPracticeNote.objects.public()
    if metric:
        notes = notes.filter(metrics__metric_id=metric)
    if league:
        notes = notes.filter(trust__league=league)
    if subtype:
        notes = notes.filter(trust__subtype=subtype)
    return _with_links(notes.distinct()).order_by("-approved_at", "-pk")


def public_notes_by_metric(metric_ids: list[str]) -> dict[str, list[GoodPracticeNote]]:
    """metric ID -> its approved notes, for the "who to learn from" lists (one query + links)."""
    found: dict[str, list[GoodPracticeNote]] = {metric_id: [] for metric_id in metric_ids}
    for note in _with_links(
        GoodPracticeNote.objects.public().filter(metrics__metric_id__in=metric_ids).distinct()
    ).order_by("-approved_at", "-pk"):
        for metric in note.metrics.all():
            if metric.metric_id in found and note not in found[metric.metric_id]:
                found[metric.metric_id].append(note)
    return found


def note_filter_choices() -> dict[str, list[tuple[str, str]]]:
    """Metric, table and subtype choices present among approved notes."""
    notes = GoodPracticeNote.objects.public()
    metrics = (
        Metric.objects.filter(good_practice_notes__in=notes)
        .order_by("metric_id")
        .values_list("metric_id", "description")
        .distinct()
    )
    trusts = Trust.objects.filter(good_practice_notes__in=notes).distinct()
    return {
        "metric": list(dict(metrics).items()),
        "league": sorted({(t.league, t.get_league_display()) for t in trusts}),
        "subtype": sorted({(t.subtype, t.subtype) for t in trusts if t.subtype}),
    }
