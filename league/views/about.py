"""The methodology page, generated from the catalogue rows and cut-points the engine uses, and
the accessibility statement, privacy notice, cookies and contact pages.

The privacy and cookies pages take their figures (limits, timeouts, cookie names and lifetimes)
from the settings that enforce them, so they cannot drift apart."""

from datetime import timedelta
from itertools import groupby

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.fallback import FallbackStorage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.module_loading import import_string

from league.models import (
    LEAGUE_CHOICES,
    FrameworkVersion,
    Metric,
    PeriodComputation,
    ReleaseState,
    SegmentRule,
)
from league.page_cache import public_page
from league.presenters import rules_text
from league.selectors import published_periods
from league.views.common import HOME

CUT_POINT_SOURCES = {
    "computed": "Quartiles of the quarter's average scores",
    "supplied": "Set for the quarter",
    "thresholds": "The framework year's fixed thresholds",
    "none": "Not set",
}
LEAGUE_NAMES = dict(LEAGUE_CHOICES)


@public_page
def methodology(request: HttpRequest) -> HttpResponse:
    metrics = list(
        Metric.objects.select_related("domain").order_by(
            "framework_id", "domain__order", "domain__name", "metric_id"
        )
    )
    by_framework = {key: list(rows) for key, rows in groupby(metrics, lambda m: m.framework_id)}
    frameworks = [
        _framework(framework, by_framework.get(framework.pk, []))
        for framework in FrameworkVersion.objects.order_by("-code")
    ]
    computations = (
        PeriodComputation.objects.filter(
            release__state=ReleaseState.PUBLISHED, period__in=published_periods()
        )
        .select_related("period")
        .order_by("-period__year", "-period__quarter")
    )
    cut_points = [
        {
            "period": c.period,
            "points": c.cut_points,
            "source": CUT_POINT_SOURCES.get(c.cut_points_source, c.cut_points_source),
            "note": c.period.cut_points_note if c.cut_points_source == "supplied" else "",
        }
        for c in computations
    ]
    context = {
        "frameworks": frameworks,
        "cut_points": cut_point_table(cut_points),
        "breadcrumbs": [HOME],
    }
    return render(request, "league/methodology.html", context)


def _framework(framework: FrameworkVersion, metrics: list[Metric]) -> dict:
    entries = [_metric(metric) for metric in metrics]
    return {
        "framework": framework,
        "rules": year_rules(framework),
        "metrics": entries,
        "catalogue": catalogue_table(entries),
        "matrices": [matrix_table(metric) for metric in metrics if metric.rule == "matrix"],
    }


def year_rules(framework: FrameworkVersion) -> list[dict]:
    """The year's segment rule, adjustment, segment 5 and tables, in words, from its data."""
    leagues = ", ".join(LEAGUE_NAMES.get(code, code).lower() for code in framework.leagues)
    cap = framework.financial_cap
    return [
        {"key": "Segments", "value": segment_rule(framework)},
        {
            "key": "Financial adjustment",
            "value": "None: a trust's segment comes from its average alone."
            if cap is None
            else f"A trust in financial deficit, or receiving deficit support, can be no "
            f"better than segment {cap}: its segment becomes {cap} if its scores would have "
            f"placed it higher. Its average score does not change.",
        },
        {
            "key": "Segment 5",
            "value": "Trusts in the Recovery Support Programme are shown in segment 5, beside "
            "their ranked segment. Joining the programme is NHS England's decision."
            if framework.segment_5
            else "Not used in this framework year.",
        },
        {"key": "League tables", "value": leagues.capitalize() + "." if leagues else "None."},
    ]


def segment_rule(framework: FrameworkVersion) -> str:
    if framework.segment_rule == SegmentRule.QUARTILES:
        return (
            "Three cut-points, the quartiles (the 25th, 50th and 75th percentiles) of the "
            "average scores of every trust of every table in the quarter, each average "
            "rounded to 2 decimal places first. Segment 1 if the average is at or below "
            "cut-point 1; segment 2 if it is above cut-point 1 and below cut-point 2; "
            "segment 3 if it is at or above cut-point 2 and at or below cut-point 3; segment 4 "
            "if it is above cut-point 3. A quarter whose data lacks some tables has its "
            "cut-points set by NHS England (see the table above)."
        )
    thresholds = framework.thresholds
    if thresholds is None:
        return (
            "Fixed thresholds replace the quartiles. Their values are not set yet, so this "
            "year's tables show the segments and ranks NHS England published."
        )
    t1, t2, t3 = (f"{t:.2f}" for t in thresholds)
    return (
        f"Fixed thresholds {t1}, {t2} and {t3}, the same every quarter. Segment 1 if the "
        f"average (rounded to 2 decimal places) is at or below {t1}; segment 2 if it is above "
        f"{t1} and at or below {t2}; segment 3 if it is above {t2} and at or below {t3}; "
        f"segment 4 if it is above {t3}."
    )


def cut_point_table(cut_points: list[dict]) -> dict:
    head = [
        "Quarter",
        *({"text": f"Cut-point {n}", "numeric": True} for n in (1, 2, 3)),
        "How set",
    ]
    rows = [
        [
            {
                "text": item["period"].label,
                "href": reverse("league:league_table", args=["acute"])
                + f"?period={item['period'].slug}",
            },
            *(
                {"text": "" if item["points"] is None else f"{point:.2f}", "numeric": True}
                for point in (item["points"] or (None, None, None))
            ),
            f"{item['source']}. {item['note']}" if item["note"] else item["source"],
        ]
        for item in cut_points
    ]
    return {"head": head, "rows": rows}


def catalogue_table(entries: list[dict]) -> dict:
    head = ["Metric", "Domain", "Rule", "Target", "Tables", "Counts in the average"]
    rows = [
        [
            {
                "text": f"{e['metric'].metric_id}: {e['metric'].description.strip()}",
                "href": reverse("league:metric", args=[e["metric"].metric_id]),
            },
            e["metric"].domain.name,
            e["rule_name"],
            e["target"] or "None",
            ", ".join(e["leagues"]),
            "Yes" if e["metric"].counts_in_average else "No",
        ]
        for e in entries
    ]
    return {"head": head, "rows": rows}


def matrix_table(metric: Metric) -> dict:
    first, second = (metric.params.get("matrix_inputs") or ["first", "second"])[:2]
    head = [f"{first} score", *({"text": f"{second} {n}", "numeric": True} for n in (1, 2, 3, 4))]
    rows = [
        [f"{index}", *({"text": f"{score:g}", "numeric": True} for score in row)]
        for index, row in enumerate(metric.params.get("matrix", []), 1)
    ]
    return {"head": head, "rows": rows, "metric": metric}


def _metric(metric: Metric) -> dict:
    return {
        "metric": metric,
        "rule_name": rules_text.RULE_NAMES.get(metric.rule, metric.rule),
        "target": rules_text.target(metric),
        "leagues": rules_text.league_names(metric.leagues),
        "direction": rules_text.direction(metric),
        "sentences": rules_text.describe(metric),
    }


@public_page
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "league/accessibility.html", {"breadcrumbs": [HOME]})


@public_page
def privacy(request: HttpRequest) -> HttpResponse:
    context = {
        "breadcrumbs": [HOME],
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cool_off": duration(settings.AXES_COOLOFF_TIME),
        "idle_timeout": duration(settings.MANAGE_IDLE_TIMEOUT),
        "absolute_timeout": duration(settings.MANAGE_ABSOLUTE_TIMEOUT),
    }
    return render(request, "league/privacy.html", context)


@public_page
def cookies(request: HttpRequest) -> HttpResponse:
    context = {
        "breadcrumbs": [HOME],
        "cookie_table": cookie_table(),
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "http_only": settings.SESSION_COOKIE_HTTPONLY,
        "secure": settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE,
    }
    return render(request, "league/cookies.html", context)


@public_page
def contact(request: HttpRequest) -> HttpResponse:
    context = {
        "breadcrumbs": [HOME],
        "contact_email": settings.SERVICE_CONTACT_EMAIL,
    }
    return render(request, "league/contact.html", context)


def cookie_table() -> dict:
    """The cookies of the signed-in pages, as Django is configured to set them."""
    session_expiry = (
        "When you close your browser, or when you sign out"
        if settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
        else f"{duration(settings.SESSION_COOKIE_AGE)} after you last used the signed-in "
        "pages, or when you sign out"
    )
    rows = [
        [
            settings.SESSION_COOKIE_NAME,
            "Keeps you signed in. It holds a random key that links your browser to your "
            "session; your details stay on the server.",
            session_expiry,
        ]
    ]
    if not settings.CSRF_USE_SESSIONS:
        rows.append(
            [
                settings.CSRF_COOKIE_NAME,
                "Protects the sign-in form and the forms of the signed-in pages from being sent "
                "by another website (cross-site request forgery).",
                duration(settings.CSRF_COOKIE_AGE),
            ]
        )
    if issubclass(import_string(settings.MESSAGE_STORAGE), CookieStorage | FallbackStorage):
        rows.append(
            [
                CookieStorage.cookie_name,
                "Carries a short message to the next page, such as “You have signed out.”",
                "As soon as the message has been shown, or when you close your browser",
            ]
        )
    return {"head": ["Name", "Purpose", "Expires"], "rows": rows}


UNITS = (("week", 7 * 24 * 60 * 60), ("day", 24 * 60 * 60), ("hour", 60 * 60), ("minute", 60))


def duration(value: int | timedelta) -> str:
    """A length of time in the largest unit that measures it exactly: "8 hours", "52 weeks"."""
    seconds = int(value.total_seconds()) if isinstance(value, timedelta) else int(value)
    for unit, size in UNITS:
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return f"{seconds} second{'' if seconds == 1 else 's'}"
