"""Plain dicts of the API's objects. Field names are the API's contract: see openapi_schemas.py.

Numbers are JSON numbers (averages have two decimal places, as NHS England publishes them);
dates are ISO 8601 (`2026-01-31`), times ISO 8601 in UTC (`2026-02-12T09:30:00Z`).
"""

from datetime import UTC, date, datetime
from decimal import Decimal

from league.api import links
from league.api.links import Links
from league.models import Assessment, Metric, Period, Release
from trusts.models import League, Trust


def number(value: Decimal | float | None, places: int = 2) -> float | None:
    return None if value is None else round(float(value), places)


def iso_date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def iso_time(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def league_name(league: str) -> str:
    return League(league).label


def period_summary(period: Period, link: Links) -> dict:
    return {
        "slug": period.slug,
        "label": period.label,
        "framework": period.framework.code,
        "year": period.year,
        "quarter": period.quarter,
        "url": link.api("period", period.slug),
    }


def figures_note(release: Release) -> str | None:
    """One sentence when the release shows NHS England's published figures."""
    if release.figures != "published":
        return None
    return (
        "Segments, averages and ranks are NHS England's published figures, because "
        f"{release.figures_reason}; see /methodology/."
    )


def release_summary(release: Release, link: Links) -> dict:
    slug = release.period.slug
    return {
        "number": release.number,
        "state": release.state,
        "published_at": iso_time(release.published_at),
        "published_on": release.publication_date.isoformat() if release.publication_date else None,
        "is_correction": release.is_revision,
        "correction_note": release.correction_note,
        "figures": release.figures,
        "figures_note": figures_note(release),
        "league_tables": {
            league.value: link.api(
                "league", league.value, query={"period": slug, "release": release.number}
            )
            for league in release.period.framework.tables
        },
    }


def release_detail(release: Release, link: Links) -> dict:
    changes = [
        {
            "trust_code": change["trust"],
            "trust_name": change["name"],
            "segment_before": change["segment_before"],
            "segment_after": change["segment_after"],
            "rank_before": change["rank_before"],
            "rank_after": change["rank_after"],
        }
        for change in release.changes or []
    ]
    return {**release_summary(release, link), "changes": changes}


def period_with_releases(
    period: Period, releases: list[Release], link: Links, detail: bool = False
) -> dict:
    """A period and its public releases, oldest first; `current_release` is the one shown."""
    shape = release_detail if detail else release_summary
    current = next((r.number for r in releases if r.state == "published"), None)
    return {
        **period_summary(period, link),
        "current_release": current,
        "releases": [shape(release, link) for release in releases],
    }


def figures(assessment: Assessment) -> dict:
    """One trust's results in one release: what the league table and the history share."""
    return {
        "rank": assessment.rank,
        "rank_low": assessment.rank_low,
        "rank_high": assessment.rank_high,
        "league_size": assessment.league_size,
        "average_score": number(assessment.average_2dp),
        "average_score_low": number(assessment.average_low),
        "average_score_high": number(assessment.average_high),
        "segment": assessment.segment,
        "adjusted_segment": assessment.adjusted_segment,
        "unadjusted_segment": assessment.unadjusted_segment,
        "in_financial_deficit": assessment.in_financial_deficit,
        "in_recovery_support_programme": assessment.in_recovery_support,
        "probability_segment_differs": number(assessment.segment_stability, 3),
        "like_for_like_group": assessment.peer_group,
        "like_for_like_rank": assessment.peer_rank,
        "like_for_like_rank_low": assessment.peer_rank_low,
        "like_for_like_rank_high": assessment.peer_rank_high,
        "like_for_like_size": assessment.peer_size,
    }


def league_row(assessment: Assessment, link: Links) -> dict:
    trust = assessment.trust
    return {
        "trust_code": trust.ods_code,
        "trust_name": trust.name,
        "region": trust.region.name,
        "subtype": trust.subtype,
        **figures(assessment),
        "trust_url": link.api("trust", trust.ods_code),
    }


def history_entry(assessment: Assessment, link: Links) -> dict:
    return {
        "period": period_summary(assessment.period, link),
        "release": assessment.release.number,
        "league": assessment.league,
        **figures(assessment),
    }


def trust(trust: Trust, link: Links) -> dict:
    icb = trust.icb
    return {
        "ods_code": trust.ods_code,
        "name": trust.name,
        "short_name": trust.short_name,
        "league": trust.league,
        "trust_type": trust.trust_type,
        "subtype": trust.subtype,
        "region": {"code": trust.region.code, "name": trust.region.name},
        "icb": None if icb is None else {"code": icb.code, "name": icb.name},
        "opened": iso_date(trust.opened),
        "closed": iso_date(trust.closed),
        "successor": trust.successor.ods_code if trust.successor else None,
        "demonstration_data": trust.is_demo,
        "url": link.api("trust", trust.ods_code),
        "page_url": link.absolute(links.trust_page(trust.ods_code, league=trust.league)),
        "feed_url": link.absolute(links.trust_feed(trust.ods_code)),
    }


def metric(metric: Metric, link: Links) -> dict:
    return {
        "metric_id": metric.metric_id,
        "score_id": metric.score_id,
        "description": metric.description,
        "framework": metric.framework.code,
        "domain": metric.domain.name,
        "sub_domain": metric.sub_domain,
        "unit": metric.unit,
        "higher_is_better": metric.higher_is_better,
        "scoring_rule": metric.rule,
        "parameters": metric.params,
        "leagues": list(metric.leagues),
        "counts_in_average": metric.counts_in_average,
        "average_group": metric.average_group,
        "url": link.api("metric", metric.metric_id, query={"framework": metric.framework.code}),
        "page_url": link.absolute(links.metric_page(metric.metric_id)),
    }
