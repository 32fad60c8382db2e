"""Who a trust can learn from, metric by metric.

For each metric the trust scores 3.00 or worse on in a published release: the trusts of its
subtype that score best on it (then, to fill the list, the best of its table), and the trusts
of its table whose score on it improved most over the last four published quarters, each with
its values in those quarters. Only published releases are read; a fixed number of queries,
whatever the number of metrics.
"""

from dataclasses import dataclass
from decimal import Decimal

from league.models import ComputedScore, Metric, MetricValue, Period, Release, ReleaseState
from league.selectors import published_periods
from trusts.models import Trust

POOR_SCORE = Decimal("3.00")
"""A metric scored this or worse (4.00 is the worst) gets a "who to learn from" list."""
SHOWN = 3
QUARTERS = 4


@dataclass(frozen=True)
class Example:
    """A trust to learn from on one metric."""

    trust: Trust
    score: Decimal
    rank: int | None
    """NHS England's rank of the trust on the metric in its table, in the latest quarter."""
    same_subtype: bool
    improvement: Decimal | None
    """How much its score fell (improved) from the first quarter compared to the latest."""
    history: tuple[tuple[Period, float | None], ...]
    """Its value of the metric in each quarter compared, oldest first."""


@dataclass(frozen=True)
class Lesson:
    """One metric the trust scores poorly on, and whom to learn from."""

    metric: Metric
    score: Decimal | None
    """The trust's own score on it (None when it has none in the quarter)."""
    history: tuple[tuple[Period, float | None], ...]
    best: tuple[Example, ...]
    most_improved: tuple[Example, ...]
    periods: tuple[Period, ...]

    @property
    def score_text(self) -> str:
        return "no score" if self.score is None else f"{self.score:.2f}"

    @property
    def best_in_subtype(self) -> bool:
        return any(example.same_subtype for example in self.best)


def quarters_compared(release: Release) -> list[Release]:
    """The current published releases of the last four published quarters up to the release's
    own (the release itself standing for its quarter), oldest first."""
    period = release.period
    published = Release.objects.filter(
        state=ReleaseState.PUBLISHED, period__in=published_periods(), period__year__lte=period.year
    ).select_related("period")
    before = sorted(
        (r for r in published if (r.period.year, r.period.quarter) < (period.year, period.quarter)),
        key=lambda r: (r.period.year, r.period.quarter),
    )
    return [*before[-(QUARTERS - 1) :], release]


def lessons(trust: Trust, release: Release, metrics: list[Metric] | None = None) -> list[Lesson]:
    """Every metric of the release the trust scores 3.00 or worse on, worst first; or, given
    `metrics`, those metrics whatever the trust's score (an action of its plan targets them)."""
    own = dict(
        ComputedScore.objects.filter(
            release=release,
            trust=trust,
            source__in=[ComputedScore.Source.PUBLISHED, ComputedScore.Source.COMPUTED],
        ).values_list("score_id", "score_2dp")
    )
    if metrics is None:
        poor = [score_id for score_id, score in own.items() if score >= POOR_SCORE]
        metrics = list(
            Metric.objects.filter(framework_id=release.period.framework_id, score_id__in=poor)
        )
    if not metrics:
        return []
    score_ids = [m.score_id for m in metrics]
    releases = quarters_compared(release)
    by_release = {r.pk: r.period for r in releases}
    scores: dict[tuple[int, int, str], Decimal] = {
        (release_id, trust_id, score_id): score
        for release_id, trust_id, score_id, score in ComputedScore.objects.filter(
            release__in=releases, score_id__in=score_ids, trust__league=trust.league
        ).values_list("release_id", "trust_id", "score_id", "score_2dp")
    }
    values: dict[tuple[int, int, str], tuple[float | None, int | None]] = {
        (release_id, trust_id, metric_id): (value, rank)
        for release_id, trust_id, metric_id, value, rank in MetricValue.objects.filter(
            release__in=releases,
            metric__metric_id__in=[m.metric_id for m in metrics],
            trust__league=trust.league,
        ).values_list("release_id", "trust_id", "metric__metric_id", "value", "rank")
    }
    peers = {
        t.pk: t
        for t in Trust.objects.filter(league=trust.league).exclude(pk=trust.pk).order_by("name")
    }
    first, latest = releases[0].pk, release.pk

    def history(trust_id: int, metric: Metric) -> tuple[tuple[Period, float | None], ...]:
        return tuple(
            (by_release[r.pk], values.get((r.pk, trust_id, metric.metric_id), (None, None))[0])
            for r in releases
        )

    def example(peer: Trust, metric: Metric) -> Example:
        now = scores[(latest, peer.pk, metric.score_id)]
        before = scores.get((first, peer.pk, metric.score_id)) if first != latest else None
        return Example(
            trust=peer,
            score=now,
            rank=values.get((latest, peer.pk, metric.metric_id), (None, None))[1],
            same_subtype=bool(trust.subtype) and peer.subtype == trust.subtype,
            improvement=None if before is None else before - now,
            history=history(peer.pk, metric),
        )

    def order(e: Example) -> tuple:
        return (e.score, e.rank is None, e.rank or 0, e.trust.name)

    out = []
    for metric in metrics:
        mine = own.get(metric.score_id)
        scored = [
            peers[trust_id]
            for (release_id, trust_id, score_id) in scores
            if release_id == latest and score_id == metric.score_id and trust_id in peers
        ]
        examples = [example(peer, metric) for peer in scored]

        better = sorted((e for e in examples if mine is None or e.score < mine), key=order)
        same = [e for e in better if e.same_subtype][:SHOWN]
        best = same + [e for e in better if not e.same_subtype][: SHOWN - len(same)]
        improved = sorted(
            (e for e in examples if e.improvement is not None and e.improvement > 0),
            key=lambda e: (-e.improvement, *order(e)),
        )[:SHOWN]
        out.append(
            Lesson(
                metric=metric,
                score=mine,
                history=history(trust.pk, metric),
                best=tuple(best),
                most_improved=tuple(improved),
                periods=tuple(by_release[r.pk] for r in releases),
            )
        )
    out.sort(key=lambda lesson: (-(lesson.score or 0), lesson.metric.metric_id))
    return out
