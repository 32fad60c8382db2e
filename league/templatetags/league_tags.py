"""Filters and tags of the public league pages: ordinals, numbers as NHS England writes them,
rows for the NHS.UK table partial, and the accessible SVG charts."""

from decimal import Decimal

from django import template
from django.urls import reverse

from league.presenters.components import segment_tag
from league.presenters.words import ordinal as _ordinal
from trusts.models import League, Trust, profile_path

register = template.Library()


@register.filter
def ordinal(number: int | None) -> str:
    """57 -> "57th"; empty for no number."""
    return "" if number is None else _ordinal(int(number))


@register.filter
def score(value: Decimal | float | None) -> str:
    """A score or average to 2 decimal places ("2.19"); empty when not known."""
    return "" if value is None else f"{Decimal(str(value)):.2f}"


@register.filter
def percent(share: float | None) -> str:
    """0.064 -> "6%"; "less than 1%" for small non-zero shares."""
    if share is None:
        return ""
    if 0 < share < 0.005:
        return "less than 1%"
    return f"{share:.0%}"


@register.filter
def number(value: float | None) -> str:
    """A metric value without float noise: 75.59, 3, 0.5."""
    if value is None:
        return ""
    return f"{value:,.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"


@register.filter
def tag(segment: int | None) -> str:
    """The NHS.UK segment tag (the segment named in text; colour only reinforces it)."""
    return segment_tag(segment)


NUMERIC = {"numeric": True}


def _head(*names: str, numeric: tuple[str, ...] = ()) -> list:
    return [{"text": name, "numeric": True} if name in numeric else name for name in names]


@register.simple_tag
def ranked_table(rows: list[dict], noun: str = "trust") -> dict:
    """components/table.html head and rows for a short list of ranked trusts or ICBs (value
    dicts with league, trust__name, trust__ods_code, rank, league_size, adjusted_segment,
    average_2dp)."""
    head = _head(
        noun[0].upper() + noun[1:], "Rank", "Segment", "Average score",
        numeric=("Rank", "Average score"),
    )  # fmt: skip
    return {
        "head": head,
        "rows": [
            [
                {
                    "text": row["trust__name"],
                    "href": profile_path(row["trust__ods_code"], row["league"]),
                },
                {"text": row["rank"], **NUMERIC},
                segment_tag(row["adjusted_segment"]),
                {"text": score(row["average_2dp"]), **NUMERIC},
            ]
            for row in rows
        ],
    }


@register.simple_tag
def history_table(history: list) -> dict:
    """A trust's results in each published quarter (Assessments, oldest first)."""
    head = _head(
        "Quarter",
        "Segment",
        "Rank",
        "Likely range of rank",
        "Average score",
        "Likely range of average score",
        numeric=("Rank", "Average score"),
    )
    rows = [
        [
            {"text": a.period.label, "href": f"?period={a.period.slug}"},
            segment_tag(a.segment),
            {"text": f"{a.rank} of {a.league_size}" if a.rank else "", **NUMERIC},
            f"{a.rank_low} to {a.rank_high}" if a.rank_low is not None else "",
            {"text": score(a.average_2dp), **NUMERIC},
            f"{score(a.average_low)} to {score(a.average_high)}"
            if a.average_low is not None
            else "",
        ]
        for a in history
    ]
    return {"head": head, "rows": rows}


@register.simple_tag
def domain_table(groups: list) -> dict:
    """Domain scores of a trust (reads.DomainRows), each linking to its metrics below."""
    rows = [
        [
            {"text": group.domain.name, "href": f"#domain-{index}"},
            {"text": score(group.score.score_2dp if group.score else None), **NUMERIC},
        ]
        for index, group in enumerate(groups, 1)
    ]
    return {"head": _head("Domain", "Score", numeric=("Score",)), "rows": rows}


# Charts: geometry is computed here and drawn by the templates with app-chart__* classes (the
# CSP allows no style attributes). Each chart has a title and description, and each page shows
# the same numbers in a table beside it.
WIDTH, LEFT, RIGHT, TOP, BOTTOM = 640, 56, 120, 16, 40
PLOT_HEIGHT = 220
BAR_ROW = 32


def _y(value: float) -> float:
    """Average scores run from 1.00 (best, top) to 4.00 (bottom)."""
    return round(TOP + (float(value) - 1) / 3 * PLOT_HEIGHT, 1)


@register.inclusion_tag("league/charts/history.html")
def history_chart(
    points: list,
    cut_points: tuple | None = None,
    chart_id: str = "history",
    word: str = "cut-point",
) -> dict:
    """Each quarter's average score (a point coloured by segment) and likely range (a whisker).

    `points`: dicts with label, average, low, high, segment and (optionally) the quarter's own
    cut_points, oldest first, each drawn across its own column as dashed lines; `cut_points`:
    the quarter shown's three cut-points (or thresholds: `word`), labelled at the right."""
    shown = [p for p in points if p["average"] is not None]
    step = (WIDTH - LEFT - RIGHT) / max(len(shown), 1)
    marks = []
    for index, point in enumerate(shown):
        x = round(LEFT + (index + 0.5) * step, 1)
        own = point.get("cut_points") or cut_points or ()
        marks.append(
            {
                **point,
                "x": x,
                "y": _y(point["average"]),
                "y_low": None if point["low"] is None else _y(point["low"]),
                "y_high": None if point["high"] is None else _y(point["high"]),
                "cuts": [
                    {"x1": round(x - step / 2, 1), "x2": round(x + step / 2, 1), "y": _y(c)}
                    for c in own
                ],
            }
        )
    return {
        "chart_id": chart_id,
        "width": WIDTH,
        "height": TOP + PLOT_HEIGHT + BOTTOM,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": TOP + PLOT_HEIGHT,
        "label_y": TOP + PLOT_HEIGHT + 28,
        "grid": [{"value": f"{v:.2f}", "y": _y(v)} for v in (1, 2, 3, 4)],
        "marks": marks,
        "line": " ".join(f"{m['x']},{m['y']}" for m in marks),
        "thresholds": [
            {"n": n, "value": score(c), "y": _y(c)} for n, c in enumerate(cut_points or (), 1)
        ],
        "word": word,
    }


@register.inclusion_tag("league/charts/distribution.html")
def distribution_chart(bands: list, title: str, chart_id: str = "distribution") -> dict:
    """A horizontal bar per band of values: `bands` are dicts with label, count, highlight."""
    largest = max((band["count"] for band in bands), default=0) or 1
    span = WIDTH - 200 - 60
    rows = [
        {
            **band,
            "y": TOP + index * BAR_ROW,
            "text_y": TOP + index * BAR_ROW + 18,
            "width": max(round(band["count"] / largest * span, 1), 1 if band["count"] else 0),
        }
        for index, band in enumerate(bands)
    ]
    for row in rows:
        row["count_x"] = 200 + row["width"] + 6
    return {
        "chart_id": chart_id,
        "title": title,
        "width": WIDTH,
        "height": TOP * 2 + len(bands) * BAR_ROW,
        "rows": rows,
        "bar_height": BAR_ROW - 10,
    }


UNIT_WORDS = {"mins": "minutes", "days": "days", "percentage points": "percentage points"}


@register.filter
def with_unit(value: float | None, unit: str) -> str:
    """A metric value with its unit: "75.59%", "25.3 minutes", "6.8 out of 10", "3"."""
    if value is None:
        return ""
    if unit == "%":
        return f"{number(value)}%"
    if unit in UNIT_WORDS or unit == "out of 10":
        return f"{number(value)} {UNIT_WORDS.get(unit, unit)}"
    return number(value)


@register.simple_tag
def improved_table(rows, noun: str = "trust") -> dict:
    """components/table.html head and rows for a short list of the most improved
    (`league.methodology.improvers.Improvement`): average then and now, chance or real."""
    head = _head(
        noun[0].upper() + noun[1:], "Average then → now", "Chance or real",
        numeric=("Average then → now",),
    )  # fmt: skip
    return {
        "head": head,
        "rows": [
            [
                {"text": row.name, "href": reverse("league:trust", args=[row.code])},
                {"text": f"{row.before.average} → {row.after.average}", **NUMERIC},
                "Likely real" if row.likely_real else "Could be chance",
            ]
            for row in rows
        ],
    }


@register.simple_tag
def metric_table(group) -> dict:
    """One domain's metrics on a trust profile (reads.DomainRows): value, score, the table's
    median and quartiles, and the trust's rank in its table."""
    head = _head(
        "Metric",
        "Value",
        "Score",
        "Median of the table",
        "Middle half of the table",
        "Rank in the table",
        numeric=("Value", "Score", "Median of the table"),
    )
    rows = []
    for row in group.rows:
        value, metric = row.value, row.metric
        unit = (value.units if value else "") or metric.unit
        quartiles = ""
        if value and value.lower_quartile is not None and value.upper_quartile is not None:
            low, high = with_unit(value.lower_quartile, unit), with_unit(value.upper_quartile, unit)
            quartiles = f"{low} to {high}"
        rank = ""
        if value and value.rank is not None:
            rank = ordinal(int(value.rank)) + (f" of {row.ranked}" if row.ranked else "")
        rows.append(
            [
                {
                    "text": f"{metric.description.strip()} ({metric.metric_id})",
                    "href": reverse("league:metric", args=[metric.metric_id]),
                },
                _value_cell(row, unit),
                {"text": score(row.score.score_2dp if row.score else None), **NUMERIC},
                {"text": with_unit(value.median if value else None, unit), **NUMERIC},
                quartiles,
                rank,
            ]
        )
    return {"head": head, "rows": rows}


SCORE_ONLY = "None: NHS England publishes only the score"


def _value_cell(row, unit: str) -> dict:
    """The metric's value; for a score NHS England publishes without one (CQC ratings, SHMI
    bands), say so rather than "No data"."""
    value = row.value.value if row.value else None
    if value is None and row.score is not None and row.metric.rule == "published":
        return {"text": SCORE_ONLY, "classes": "nhsuk-u-secondary-text-colour"}
    return {"text": with_unit(value, unit), **NUMERIC}


@register.simple_tag
def metric_value_table(rows: list, unit: str, noun: str = "trust") -> dict:
    """Every trust's (or ICB's) value of one metric (MetricValues with `score`), best first."""
    icbs = noun == "ICB"
    names = ("Rank", "ICB" if icbs else "Trust", *(() if icbs else ("Subtype",)), "Value", "Score")
    head = _head(*names, numeric=("Rank", "Value", "Score"))
    return {
        "head": head,
        "rows": [
            [
                {"text": "" if row.rank is None else ordinal(int(row.rank)), **NUMERIC},
                {"text": row.trust.name, "href": row.trust.profile_path},
                *(() if icbs else (row.trust.subtype,)),
                {"text": with_unit(row.value, row.units or unit), **NUMERIC},
                {"text": score(row.score), **NUMERIC},
            ]
            for row in rows
        ],
    }


@register.simple_tag
def icb_members_table(members: list, period_label: str) -> dict:
    """The trusts of an ICB (Assessments in the release shown, or Trusts not assessed in it)."""
    head = _head("Trust", "League table", "Rank", "Segment", numeric=("Rank",))
    rows = []
    for row in members:
        trust = row if isinstance(row, Trust) else row.trust
        assessed = not isinstance(row, Trust)
        rows.append(
            [
                {"text": trust.name, "href": trust.profile_path},
                League(trust.league).label,
                {"text": f"{ordinal(row.rank)} of {row.league_size}" if assessed and row.rank
                 else "", **NUMERIC},
                segment_tag(row.adjusted_segment) if assessed else "Not assessed",
            ]
        )  # fmt: skip
    caption = f"Trusts in this ICB: {period_label}"
    return {"head": head, "rows": rows, "caption": caption}


@register.simple_tag
def band_table(bands: list, nouns: str = "Trusts") -> dict:
    return {
        "head": _head("Values", nouns, numeric=(nouns,)),
        "rows": [[band["label"], {"text": band["count"], **NUMERIC}] for band in bands],
    }


@register.filter
def with_headings(row: list, head: list | None) -> list[tuple]:
    """Each cell of a table row with its column's heading text, for the labels of NHS.UK's
    responsive table (None for a heading that is hidden, or a missing one)."""
    texts = []
    for heading in head or []:
        if isinstance(heading, dict):
            texts.append(None if heading.get("visually_hidden") else heading.get("text"))
        else:
            texts.append(heading)
    return list(zip(row, texts + [None] * (len(row) - len(texts)), strict=False))
