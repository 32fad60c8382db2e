"""The public pages with NHS England's own files loaded (NOF_DATA_DIR, with the trust register
beside them): its Q4 2025/26 files hold mental health and community trusts only, so each page
shows the latest quarter that has results for its table, trust or metric, and says so."""

import re
from datetime import date

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("official_site")]

MOORFIELDS = "RP6"  # 1st of 134 acute trusts in Q1 2025/26 (NHS England's published rank)
KENT_COMMUNITY = "RYY"  # 1st of 61 mental health and community trusts in Q4 2025/26


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def table_codes(html: str) -> list[str]:
    body = html.split('id="league-table"', 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'href="/trusts/([A-Z0-9]+)/"', body)


def test_the_acute_table_shows_the_latest_quarter_with_acute_results(client):
    html = page(client, "/league/acute/?show=all")
    assert '<span class="nhsuk-caption-l">Q1 2025/26' in html
    assert "Published by NHS England on 9 September 2025." in html
    codes = table_codes(html)
    assert len(codes) == 134 and codes[0] == MOORFIELDS


def test_the_mental_health_table_shows_q4(client):
    html = page(client, "/league/non-acute/?show=all")
    assert '<span class="nhsuk-caption-l">Q4 2025/26' in html
    codes = table_codes(html)
    assert len(codes) == 61 and codes[0] == KENT_COMMUNITY


def test_a_quarter_without_the_table_says_where_its_data_is(client):
    html = page(client, "/league/acute/?period=2025-26-q4")
    assert "NHS England's files for Q4 2025/26 hold no acute trusts" in html
    assert 'href="?period=2025-26-q1">Q1 2025/26</a>' in html
    assert 'id="league-table"' not in html


def test_a_trust_shows_its_latest_results(client):
    html = page(client, f"/trusts/{MOORFIELDS}/")
    assert "in Q1 2025/26." in html and "Ranked 1st of 134" in html
    assert "app-chart__point" in html  # its one quarter is drawn
    # The register beside NHS England's files gives each trust its ICB.
    assert "North Central London ICB" in html


def test_the_home_page_never_shows_an_empty_table(client):
    html = page(client, "/")
    assert not re.search(r"\b0 trusts", html)  # NHS England's files hold no ambulance trusts
    assert "No published quarter holds this table yet." in html
    assert "134 trusts, Q1 2025/26" in html and "61 trusts<" in html
    assert "Q4 2025/26 holds no acute trusts: this is the latest quarter that does." in html


def test_a_metric_shows_the_latest_quarter_with_values(client):
    html = page(client, "/metrics/OF0013/")
    assert "Acute trusts, Q1 2025/26" in html
    assert "No trust of this table reported a value" not in html


def test_nhs_englands_publication_date_is_served_and_starts_the_plan_deadlines(client):
    from improvement.selectors.obligations import period_published_on
    from league.models import Period

    body = client.get("/api/periods/2025-26-q1/").json()
    current = next(r for r in body["releases"] if r["number"] == body["current_release"])
    assert current["published_on"] == "2025-09-09"
    assert period_published_on(Period.objects.get(label="Q1 2025/26")) == date(2025, 9, 9)


def test_search_hints_name_trusts_the_site_holds(client):
    from trusts.models import Trust

    for url in ("/", "/search/", "/league/acute/"):
        html = page(client, url)
        assert "Northmoor" not in html and "ZX1" not in html, url
        word, code = re.search(r"[Ff]or example,? (\w+) or ([A-Z0-9]{3,5})\b", html).groups()
        assert Trust.objects.get(ods_code=code).name.startswith(word), url
        assert f'href="/trusts/{code}/"' in page(client, f"/search/?q={word}"), url
    codes = re.search(r"for example ([A-Z0-9]{3,5}), ([A-Z0-9]{3,5})\b", page(client, "/compare/"))
    assert Trust.objects.filter(ods_code__in=codes.groups()).count() == 2


def test_the_data_behind_a_table_downloads_in_nhs_englands_long_layout(client):
    import csv
    import io

    html = page(client, "/league/non-acute/")
    link = "?download=csv&amp;layout=trust-data"
    assert f'href="{link}"' in html and "Download the data as CSV" in html

    response = client.get("/league/non-acute/?download=csv&layout=trust-data")

    assert response["Content-Disposition"].endswith('"nhs-trust-data-non-acute-2025-26-q4.csv"')
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2132  # every Q4 row of NHS England's file
    assert {row["Quarter"] for row in rows} == {"Q4 2025/26"}
    kent = [row for row in rows if row["Trust_code"] == KENT_COMMUNITY]
    assert {"OF5000", "OF5002", "OF4000"} <= {row["Metric_ID"] for row in kent}


def test_the_data_download_holds_the_filtered_trusts_only(client):
    import csv
    import io

    from trusts.models import Trust

    region = Trust.objects.get(ods_code=MOORFIELDS).region.code
    url = f"/league/acute/?region={region}&download=csv&layout=trust-data"

    rows = list(csv.DictReader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))

    codes = {row["Trust_code"] for row in rows}
    expected = set(
        Trust.objects.filter(league="acute", region__code=region).values_list("ods_code", flat=True)
    )
    assert MOORFIELDS in codes and codes == expected
    assert {row["Quarter"] for row in rows} == {"Q1 2025/26"}


def test_open_data_links_each_table_at_its_latest_quarter_with_results(client):
    html = page(client, "/open-data/")
    assert "Acute trusts, Q1 2025/26" in html and "Mental health and community trusts, Q4" in html
    assert 'href="/league/acute/?period=2025-26-q1&amp;download=csv&amp;layout=trust-data"' in html


def test_an_unknown_layout_is_refused(client):
    assert client.get("/league/acute/?download=csv&layout=wide").status_code == 400


def test_segment_4_trusts_of_each_table_owe_a_plan_from_their_own_quarter(client):
    from league.models import Assessment

    def segment_four(league: str, label: str) -> set[str]:
        rows = Assessment.objects.filter(
            league=league, period__label=label, release__state="published", adjusted_segment=4
        )
        return set(rows.values_list("trust__ods_code", flat=True))

    acute, mental_health = (
        segment_four("acute", "Q1 2025/26"),
        segment_four("non-acute", "Q4 2025/26"),
    )
    assert acute and mental_health
    html = page(client, "/improvement/")
    missing = html.split('id="missing"', 1)[1]
    listed = set(re.findall(r'href="/trusts/([A-Z0-9]+)/improvement/"', missing))
    assert listed == acute | mental_health
    code = sorted(acute)[0]
    plan_page = page(client, f"/trusts/{code}/improvement/")
    assert "is in segment 4 in Q1 2025/26, published" in plan_page
    assert "(9 September 2025)" in plan_page


def test_a_table_no_quarter_holds_says_so_without_an_empty_table_or_downloads(client):
    html = page(client, "/league/ambulance/")
    assert "No published quarter holds this table yet." in html
    assert 'id="league-table"' not in html and "download=" not in html
    assert "Published by NHS England on" not in html


def test_compare_says_each_trust_has_its_own_quarter_when_they_differ(client):
    html = page(client, f"/compare/?trusts={MOORFIELDS},{KENT_COMMUNITY}")
    assert "Segment and rank: the latest quarter of each trust" in html
    assert "Q1 2025/26" in html and "Q4 2025/26" in html
    same = page(client, f"/compare/?trusts={KENT_COMMUNITY},RV3")
    assert "Segment and rank: Q4 2025/26" in same


def test_a_profile_offers_the_quarters_with_the_trusts_results(client):
    html = page(client, f"/trusts/{KENT_COMMUNITY}/")
    control = html.split('id="period"', 1)[1].split("</select>", 1)[0]
    assert re.findall(r'<option value="([^"]+)"', control) == [
        "2025-26-q4",
        "2025-26-q3",
        "2025-26-q2",
        "2025-26-q1",
    ]
    assert 'value="2025-26-q4" selected' in control
    assert "in Q2 2025/26." in page(client, f"/trusts/{KENT_COMMUNITY}/?period=2025-26-q2")
    assert 'id="period"' not in page(client, f"/trusts/{MOORFIELDS}/")  # one quarter only


def test_on_a_phone_each_compared_value_is_labelled_with_its_trust(client):
    # NHS.UK's responsive table: below desktop width each row is a card and each cell carries
    # its column's heading; the row's own heading (the measure) needs no label.
    html = page(client, f"/compare/?trusts={MOORFIELDS},{KENT_COMMUNITY}")
    summary = html.split('id="compare-summary"', 1)[1].split("</table>", 1)[0]
    assert 'class="nhsuk-table nhsuk-table--responsive' in html
    labels = re.findall(r'nhsuk-table__heading" aria-hidden="true">([^<]+) </span>', summary)
    names = [
        "Moorfields Eye Hospital NHS Foundation Trust",
        "Kent Community Health NHS Foundation Trust",
    ]
    assert labels[:2] == names and len(labels) == 2 * summary.count('scope="row"')


def test_like_for_like_ranks_of_specialist_trusts_follow_nhs_englands_ranks(client):
    """Q1 2025/26 acute, "Acute - Specialist": the rank among the 16 specialist trusts is a
    competition ranking of NHS England's own published ranks (the OF5000 rows' Rank column),
    computed here by hand from the file."""
    import csv

    from league.models import Assessment
    from tests.conftest import SHARED_DATA

    path = SHARED_DATA / "nof-official" / "acute-trust-data-q1-2025-26.csv"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        published = {
            row["Trust_code"]: float(row["Rank"])
            for row in csv.DictReader(fh)
            if row["Metric_ID"] == "OF5000" and row["Trust_subtype"] == "Acute - Specialist"
        }
    expected = {
        code: 1 + sum(other < rank for other in published.values())
        for code, rank in published.items()
    }
    shown = dict(
        Assessment.objects.filter(
            release__state="published", period__label="Q1 2025/26", trust__ods_code__in=published
        ).values_list("trust__ods_code", "peer_rank")
    )
    assert len(expected) == 16 and shown == expected
    best = min(expected, key=expected.get)
    html = page(client, f"/trusts/{best}/")
    assert "Like-for-like rank" in html
    assert "1st of 16 <a" in html and "Acute - Specialist trusts</a>" in html
    table = page(client, "/league/acute/?subtype=Acute+-+Specialist&show=all")
    assert table_codes(table)[0] == best and "1 of 16" in table
