"""Learning from the best, on the demonstration data: who to learn from on each poorly scored
metric (profile, /learn/ page and API agree), like-for-like ranks in the table and on the
profile, the home page's most improved, and plans whose actions learn from a trust or a note."""

import json
import re
from decimal import Decimal

import pytest

from improvement.models import Action, GoodPracticeNote, NoteStatus
from league.models import Assessment, ComputedScore, Metric, ReleaseState

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_fresh_cache")]
LATEST = "Q2 2026/27"


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _latest(**filters) -> Assessment:
    return (
        Assessment.objects.filter(
            period__label=LATEST, release__state=ReleaseState.PUBLISHED, **filters
        )
        .select_related("trust", "release")
        .order_by("trust__ods_code")
        .first()
    )


def test_a_segment_four_trust_is_shown_a_better_trust_of_its_subtype_for_each_poor_metric(
    client,
):
    assessment = _latest(adjusted_segment=4, league="acute")
    trust = assessment.trust
    own = dict(
        ComputedScore.objects.filter(release=assessment.release, trust=trust)
        .exclude(source=ComputedScore.Source.DOMAIN)
        .values_list("score_id", "score_2dp")
    )
    poor = {score_id for score_id, score in own.items() if score >= Decimal("3.00")}
    assert poor, "a segment-4 demonstration trust scores 3.00 or worse on some metric"
    metric_of = {
        m.score_id: m.metric_id
        for m in Metric.objects.filter(framework=assessment.period.framework, score_id__in=poor)
    }
    profile = page(client, f"/trusts/{trust.ods_code}/")
    learn = page(client, f"/trusts/{trust.ods_code}/learn/")
    api = json.loads(page(client, f"/api/trusts/{trust.ods_code}/learn/"))
    assert {m["metric_id"] for m in api["metrics"]} == set(metric_of.values())
    for metric in api["metrics"]:
        same = [e for e in metric["best"] if e["same_subtype"]]
        assert same, metric["metric_id"]
        for example in same:
            # Independently: the example really is of the subtype and scores better.
            better = ComputedScore.objects.get(
                release=assessment.release,
                trust__ods_code=example["trust_code"],
                score_id=next(s for s, m in metric_of.items() if m == metric["metric_id"]),
            )
            assert better.trust.subtype == trust.subtype
            assert better.score_2dp < Decimal(str(metric["score"]))
        section = learn.split(f'id="lesson-{metric["metric_id"]}"', 1)[1].split("</section>")[0]
        folded = profile.split("Who to learn from", 1)[1]
        for example in same:
            link = f'href="/trusts/{example["trust_code"]}/"'
            assert link in section and link in folded
        assert len(metric["values"]) == 4  # the last four published quarters


def test_like_for_like_ranks_on_the_profile_and_in_the_table(client):
    assessment = _latest(league="acute", peer_rank=1, trust__subtype="Acute - Small")
    peers = Assessment.objects.filter(
        release=assessment.release, league="acute", trust__subtype="Acute - Small"
    )
    assert assessment.peer_size == peers.count()
    # Competition ranking within the subtype, on the table's own ranks.
    for other in peers:
        assert other.peer_rank == 1 + sum(p.rank < other.rank for p in peers)
    assert assessment.peer_rank_low <= 1 <= assessment.peer_rank_high <= assessment.peer_size
    profile = page(client, f"/trusts/{assessment.trust.ods_code}/")
    assert f"1st of {assessment.peer_size} <a" in profile
    table = page(client, "/league/acute/?subtype=Acute+-+Small&show=all&sort=peer")
    ranks = re.findall(r'<span class="app-nowrap">(\d+) of (\d+)</span><br>', table)
    assert ranks and ranks[0] == ("1", str(assessment.peer_size))
    assert [int(r) for r, _ in ranks] == sorted(int(r) for r, _ in ranks)
    api = json.loads(page(client, "/api/league/acute/?page_size=200"))
    row = next(r for r in api["results"] if r["trust_code"] == assessment.trust.ods_code)
    assert (row["like_for_like_rank"], row["like_for_like_group"]) == (1, "Acute - Small")


def test_the_home_page_names_the_most_improved_of_each_table(client):
    html = page(client, "/")
    section = html.split('id="acute-improved"', 1)[1].split("</table>", 1)[0]
    names = re.findall(r'href="/trusts/([A-Z0-9]+)/"', section)
    assert len(names) == 3
    improvers = page(client, "/league/acute/improvers/?from=2026-27-q1&to=2026-27-q2")
    body = improvers.split("<tbody", 1)[1]
    assert re.findall(r'href="/trusts/([A-Z0-9]+)/"', body)[:3] == names


def test_demonstration_notes_and_plans_that_learn_from_them(client):
    statuses = set(GoodPracticeNote.objects.values_list("status", flat=True))
    assert statuses == {NoteStatus.APPROVED, NoteStatus.REFUSED, NoteStatus.AWAITING}
    refused = GoodPracticeNote.objects.get(status=NoteStatus.REFUSED)
    awaiting = GoodPracticeNote.objects.get(status=NoteStatus.AWAITING)
    practice = page(client, "/good-practice/")
    assert refused.title not in practice and awaiting.title not in practice
    action = (
        Action.objects.filter(learning_from_note__status=NoteStatus.APPROVED)
        .select_related("plan__trust", "learning_from_note", "learning_from_trust")
        .first()
    )
    plan = page(client, f"/trusts/{action.plan.trust.ods_code}/improvement/")
    note = action.learning_from_note
    assert f'href="/good-practice/#note-{note.pk}">{note.title}</a>' in plan.replace("&#x27;", "'")
    assert f"Who to learn from on {action.metric.metric_id}" in plan


def test_the_learn_page_answers_only_for_published_results_of_a_trust(client):
    from tests.league.factories import PeriodFactory

    code = _latest(adjusted_segment=4, league="acute").trust.ods_code
    assert client.get(f"/trusts/{code}/learn/?period=2025-26-q1").status_code == 200
    draft = PeriodFactory(year=2026, quarter=3, status="draft")
    assert client.get(f"/trusts/{code}/learn/?period={draft.slug}").status_code == 404
    assert client.get("/trusts/NOPE1/learn/").status_code == 404
    icb = Assessment.objects.filter(league="icb").values_list("trust__ods_code", flat=True)[0]
    assert client.get(f"/trusts/{icb}/learn/").status_code == 404  # an ICB has no such page
