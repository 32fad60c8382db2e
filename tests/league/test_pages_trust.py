"""Trust profiles, metric pages and the comparison of trusts."""

import re
from html import escape

import pytest

from league.models import Assessment, ComputedScore, Metric, MetricValue
from league.presenters.words import ordinal
from trusts.models import Trust

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_fresh_cache")]

LATEST = "Q2 2026/27"


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def latest(label: str = LATEST, **filters) -> Assessment:
    return (
        Assessment.objects.filter(period__label=label, release__state="published")
        .filter(**filters)
        .select_related("trust")
        .order_by("trust__ods_code")
        .first()
    )


def test_profile_summarises_segment_rank_and_likely_range(client):
    a = latest(league="acute", rank__gt=3)
    html = page(client, f"/trusts/{a.trust.ods_code}/")
    summary = (
        f"Ranked {ordinal(a.rank)} of {a.league_size}; likely between "
        f"{ordinal(a.rank_low)} and {ordinal(a.rank_high)}."
    )
    assert summary in html
    assert f"<h1>{escape(a.trust.name)}</h1>" in html
    assert f"Segment {a.segment}" in html and f"{a.average_2dp:.2f}" in html
    for heading in ("Why this segment", "What would move it up", "Results in each quarter"):
        assert heading in html
    assert 'href="/league/acute/"' in html  # breadcrumb to its table


def test_profile_history_has_an_accessible_chart_and_the_same_figures_in_a_table(client):
    a = latest(league="non-acute")
    html = page(client, f"/trusts/{a.trust.ods_code}/")
    chart = html.split('<svg class="app-chart"', 1)[1].split("</svg>", 1)[0]
    assert 'role="img"' in chart and "<title" in chart and "<desc" in chart
    assert "style=" not in html  # the CSP forbids inline styles
    history = Assessment.objects.filter(trust=a.trust, release__state="published")
    for past in history.select_related("period"):
        assert f"?period={past.period.slug}" in html
        assert f"{past.average_2dp:.2f}" in chart


def test_profile_lists_every_metric_with_value_score_median_quartiles_and_rank(client):
    a = latest(league="acute")
    html = page(client, f"/trusts/{a.trust.ods_code}/")
    values = MetricValue.objects.filter(trust=a.trust, release=a.release, value__isnull=False)
    assert values.count() > 10
    for value in values.select_related("metric"):
        assert f'href="/metrics/{value.metric.metric_id}/"' in html
        assert f"{ordinal(int(value.rank))} of " in html
    for score in ComputedScore.objects.filter(release=a.release, trust=a.trust):
        assert f"{score.score_2dp:.2f}" in html
    assert "Domain scores" in html and "Access to services" in html


def test_why_this_segment_names_the_cut_points_and_the_financial_override(client):
    a = latest(in_financial_deficit=True, unadjusted_segment__lt=3)
    html = page(client, f"/trusts/{a.trust.ods_code}/")
    assert f"Its average score of {a.average_2dp:.2f} is" in html
    assert f"so its scores place it in segment {a.unadjusted_segment}" in html
    assert "financial override moves it to segment 3" in html


def test_what_would_move_it_up_comes_from_the_next_segment_figures(client):
    a = latest(unadjusted_segment=4, in_financial_deficit=False)
    html = page(client, f"/trusts/{a.trust.ods_code}/")
    needed = a.next_segment["average_needed"]
    assert f"To reach segment 3 its average score would need to be {needed} or lower" in html
    first = (a.next_segment["steps_to_target"] or a.next_segment["best_steps"])[0]
    metric_id = "OF0" + first["score_id"][3:]
    assert f'href="/metrics/{metric_id}/"' in html.split('id="next-segment"')[1]


def test_profile_of_a_segment_five_trust(client):
    a = latest("Q4 2025/26", in_recovery_support=True)
    html = page(client, f"/trusts/{a.trust.ods_code}/?period=2025-26-q4")
    assert "Segment 5" in html and "Recovery Support Programme" in html


def test_profile_shows_the_improvement_plan_slot(client):
    a = latest(adjusted_segment=4)
    html = page(client, f"/trusts/{a.trust.ods_code}/")
    assert "Improvement plan" in html


def test_profile_of_an_older_quarter(client):
    a = latest(league="ambulance")
    html = page(client, f"/trusts/{a.trust.ods_code}/?period=2025-26-q2")
    assert "Q2 2025/26" in html.split("</title>")[0]


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/trusts/NOPE1/", 404),
        ("/trusts/" + "Z" * 300 + "/", 404),
        ("/trusts/ZYD/?period=2019-20-q1", 404),
        ("/trusts/ZYD/?release=x", 400),
        ("/metrics/OF9999/", 404),
        ("/metrics/of0013/", 301),
        ("/trusts/zyd/", 301),
        ("/metrics/OF0013/?league=ambulance", 404),
        ("/metrics/OF0013/?league=../../", 400),
        ("/metrics/OF0013/?period=2030-31-q4", 404),
    ],
)
def test_unknown_trusts_metrics_and_periods(client, url, status):
    assert client.get(url).status_code == status


def test_metric_page_ranks_the_trusts_of_its_first_table(client):
    html = page(client, "/metrics/OF0013/")
    values = MetricValue.objects.filter(
        metric__metric_id="OF0013",
        release__period__label=LATEST,
        release__state="published",
        trust__league="acute",
    ).select_related("trust")
    reported = [v for v in values if v.value is not None]
    assert f"{len(reported)} trusts of this table reported a value" in html
    assert "at least 78%" in html and "Best in each subtype" in html
    best = min(reported, key=lambda v: v.rank)
    assert escape(best.trust.name) in html.split("Best in each subtype")[1].split("</ul>")[0]
    chart = html.split('<svg class="app-chart"', 1)[1].split("</svg>", 1)[0]
    counts = [int(n) for n in re.findall(r'y="\d+">(\d+)</text>', chart)]
    assert sum(counts) == len(reported)


def test_metric_page_for_another_table(client):
    html = page(client, "/metrics/OF0082/?league=ambulance")
    assert "Ambulance trusts, Q2 2026/27" in html
    assert len(re.findall(r'href="/trusts/', html.split('id="values"')[1])) == 10


def test_metric_page_default_table_is_the_first_it_applies_to(client):
    assert "Mental health and community trusts, Q2 2026/27" in page(client, "/metrics/OF0016/")


def test_compare_shows_the_trusts_side_by_side(client):
    trusts = list(Trust.objects.filter(league="acute").order_by("ods_code")[:2])
    trusts.append(Trust.objects.filter(league="ambulance").first())
    codes = ",".join(t.ods_code for t in trusts)
    html = page(client, f"/compare/?trusts={codes}")
    for trust in trusts:
        a = latest(trust=trust)
        assert f'href="/trusts/{trust.ods_code}/"' in html
        assert f"{ordinal(a.rank)} of {a.league_size}" in html
    assert "Access to services" in html and "OF0013" in html and "OF0017" in html
    # Values keep their units: OF0013 is a percentage.
    row = html.split("(OF0013)", 1)[1].split("</tr>", 1)[0]
    assert re.search(r"\d% \(score \d\.\d\d\)", row)


@pytest.mark.parametrize(
    ("codes", "message"),
    [
        ("ZYD,ZZZZ9", "There is no trust with the ODS code ZZZZ9"),
        ("ZYD,Z6E,ZFQ,ZPW,Z0J", "Compare up to 4 trusts at a time"),
        ("ZYD,ZYD", "Enter at least 2 trusts to compare"),
        ("ZYD,<b>", "is not an ODS code"),
    ],
)
def test_compare_explains_what_is_wrong(client, codes, message):
    html = page(client, f"/compare/?trusts={codes}", status=400)
    assert message in html and "There is a problem" in html


def test_compare_from_one_trust_offers_the_form(client):
    html = page(client, "/compare/?trusts=zyd")
    assert 'value="ZYD, "' in html and "There is a problem" not in html


@pytest.mark.parametrize(
    ("url", "most"),
    [
        # 11 here, 5 for the improvement plan's template tag, 6 for who to learn from (however
        # many metrics) and 2 for the good-practice notes' metrics and quarters.
        ("/trusts/{code}/", 24),
        # 7, and 1 each for the navigation's tables, the leagues each quarter holds, the years
        # the metric is scored in and its good-practice notes, and 2 for the notes' links.
        ("/metrics/OF0013/", 13),
        ("/metrics/OF0082/?league=ambulance", 13),
        ("/compare/?trusts={code},Z6E,ZYD", 11),  # 2 of them for the form's hint
    ],
)
def test_queries_are_few_and_fixed(client, django_assert_max_num_queries, url, most):
    code = latest(adjusted_segment=4).trust.ods_code
    with django_assert_max_num_queries(most):
        assert client.get(url.format(code=code)).status_code == 200


def test_what_would_move_it_up_says_how_each_score_improves(client):
    """A score with a target improves by meeting it (to 1.00), others by one whole score."""
    rule_of = {m.score_id: m.rule for m in Metric.objects.filter(framework__code="2026/27")}
    found = {"B": False, "A": False}
    for a in Assessment.objects.filter(
        period__label=LATEST, release__state="published", next_segment__isnull=False
    ).select_related("trust"):
        steps = a.next_segment.get("steps_to_target") or a.next_segment.get("best_steps") or []
        rules = {rule_of.get(s["score_id"]) for s in steps}
        wanted = [r for r in ("B", "A") if r in rules and not found[r]]
        if not wanted:
            continue
        html = page(client, a.trust.profile_path).split('id="next-segment"')[1]
        html = html.split("</ul>", 1)[0]
        for step in steps:
            rule = rule_of.get(step["score_id"])
            if rule in wanted:
                how = " by meeting its target" if rule == "B" else ", one score better"
                assert f"to {step['improved']:.2f}{how}" in html
                found[rule] = True
        if all(found.values()):
            break
    assert all(found.values())


def test_a_score_published_without_a_value_says_so(client):
    score = (
        ComputedScore.objects.filter(
            release__period__label=LATEST,
            release__state="published",
            score_id__in=Metric.objects.filter(rule="published").values("score_id"),
        )
        .select_related("trust")
        .first()
    )
    html = page(client, score.trust.profile_path)
    assert "None: NHS England publishes only the score" in html


def test_each_quarter_of_the_history_is_drawn_against_its_own_cut_points(client):
    from league.models import PeriodComputation
    from league.templatetags.league_tags import _y

    a = latest()
    html = page(client, f"/trusts/{a.trust.ods_code}/")
    chart = html.split('class="app-chart"', 1)[1].split("</svg>", 1)[0]
    lines = re.findall(r'app-chart__threshold" x1="([\d.]+)" x2="[\d.]+" y1="([\d.]+)"', chart)
    history = Assessment.objects.filter(trust=a.trust, release__state="published").order_by(
        "period__year", "period__quarter"
    )
    assert len(lines) == 3 * history.count() == 18
    columns: dict[str, list[float]] = {}
    for x, y in lines:
        columns.setdefault(x, []).append(float(y))
    for ys, assessment in zip(columns.values(), history, strict=True):
        cuts = PeriodComputation.objects.get(release=assessment.release).cut_points
        assert ys == [_y(c) for c in cuts]
    # Quartile cut-points differ from quarter to quarter, so the columns are not all alike.
    assert len({tuple(ys) for ys in columns.values()}) > 1


def test_a_metric_page_offers_the_quarters_that_score_it(client):
    html = page(client, "/metrics/OF0013/?league=icb")
    form = html.split('id="period"', 1)[1].split("</select>", 1)[0]
    # ICBs are scored on OF0013 in 2026/27 only.
    assert re.findall(r'value="([0-9a-z-]+)"', form) == ["2026-27-q2", "2026-27-q1"]
    acute = page(client, "/metrics/OF0013/?league=acute&period=2025-26-q3")
    assert "Acute trusts, Q3 2025/26" in acute
    options = acute.split('id="period"', 1)[1].split("</select>", 1)[0]
    assert len(re.findall(r"<option", options)) == 6
    assert 'value="2025-26-q3" selected' in options
