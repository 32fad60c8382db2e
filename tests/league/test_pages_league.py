"""The public league table page /league/<league>/: rows, sorting, filters, pages, downloads."""

import csv
import io
import json
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from openpyxl import load_workbook

from league.models import Assessment, Period

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_fresh_cache")]

LATEST = "Q2 2026/27"
PREVIOUS = "Q1 2026/27"
LAST_OF_2025_26 = "Q4 2025/26"  # the year that uses segment 5


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def codes(html: str) -> list[str]:
    """ODS codes of the table's rows, in order."""
    body = html.split('id="league-table"', 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'href="/trusts/([A-Z0-9]+)/"', body)


def published(league: str, label: str = LATEST):
    return Assessment.objects.filter(
        league=league, period__label=label, release__state="published"
    ).select_related("trust", "trust__region")


def test_the_acute_table_shows_the_latest_quarter_by_rank(client):
    html = page(client, "/league/acute/")
    expected = [a.trust.ods_code for a in published("acute").order_by("rank", "trust__name")]

    assert codes(html) == expected[:50]
    assert "<h1>Acute trusts</h1>" in html and LATEST in html
    assert "Showing 1 to 50 of 134 trusts" in html
    assert "(page 1 of 3)" in html.split("</title>")[0]
    for header in ("Segment before financial override", "Likely range of rank", "Change since"):
        assert header in html
    assert 'aria-label="Pagination"' in html and 'data-module="nhsuk-table"' not in html


@pytest.mark.parametrize(("league", "size"), [("non-acute", 61), ("ambulance", 10)])
def test_every_league_has_its_own_table(client, league, size):
    html = page(client, f"/league/{league}/?show=all")
    assert len(codes(html)) == size
    assert 'aria-label="Pagination"' not in html


def test_show_all_lists_every_trust_on_one_page(client):
    assert len(codes(page(client, "/league/acute/?show=all"))) == 134


def test_an_older_quarter_is_shown_when_asked_for(client):
    html = page(client, "/league/acute/?period=2025-26-q1&show=all")
    expected = [a.trust.ods_code for a in published("acute", "Q1 2025/26").order_by("rank")]
    assert set(codes(html)) == set(expected) and "Q1 2025/26" in html
    assert "New" not in html.split("<tbody", 1)[1]  # no previous quarter to compare with


def test_segment_markers_and_the_segment_before_the_override_are_shown(client):
    capped = published("acute").filter(in_financial_deficit=True, unadjusted_segment=1).first()
    html = page(client, f"/league/acute/?show=all&name={capped.trust.ods_code}")
    row = html.split("<tbody", 1)[1]
    assert "Segment 3" in row and "Segment 1" in row
    assert "In financial deficit: segment limited to 3" in row
    recovery = published("acute", LAST_OF_2025_26).filter(in_recovery_support=True).first()
    url = f"/league/acute/?period=2025-26-q4&name={recovery.trust.ods_code}"
    row = page(client, url).split("<tbody", 1)[1]
    assert "Segment 5: in the Recovery Support Programme" in row


def test_a_year_without_segment_5_shows_none(client):
    assert not published("acute").filter(in_recovery_support=True).exists()
    html = page(client, "/league/acute/?show=all")
    assert "Segment 5: in the Recovery Support Programme" not in html.split("<tbody", 1)[1]


def test_change_since_the_previous_quarter(client):
    now = published("acute").get(trust__ods_code="Z6E")
    before = published("acute", PREVIOUS).get(trust__ods_code="Z6E")
    row = page(client, "/league/acute/?name=Z6E").split("<tbody", 1)[1]
    moved = before.rank - now.rank
    assert (f"Up {moved}" if moved > 0 else f"Down {-moved}" if moved else "No change") in row


@pytest.mark.parametrize(
    ("sort", "key"),
    [
        ("trust", lambda a: (a.trust.name, a.trust.ods_code)),
        ("-average", lambda a: (a.average_2dp, a.rank, a.trust.name)),
        ("region", lambda a: (a.trust.region.name, a.rank, a.trust.name)),
        ("unadjusted", lambda a: (a.unadjusted_segment, a.average_2dp, a.trust.name)),
        ("-rank", lambda a: (a.rank, a.trust.name)),
    ],
)
def test_sorting_reorders_the_rows(client, sort, key):
    html = page(client, f"/league/acute/?sort={sort}&show=all")
    rows = sorted(published("acute"), key=key, reverse=sort.startswith("-"))
    assert codes(html) == [a.trust.ods_code for a in rows]
    assert 'aria-sort="' in html


def test_sorting_by_change_puts_the_biggest_risers_first(client):
    html = page(client, "/league/acute/?sort=-change&show=all")
    before = {a.trust_id: a.rank for a in published("acute", PREVIOUS)}
    gains = [before[a.trust_id] - a.rank for a in published("acute")]
    first = published("acute").get(trust__ods_code=codes(html)[0])
    assert before[first.trust_id] - first.rank == max(gains)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("segment=4", lambda a: a.adjusted_segment == 4),
        ("specialist=only", lambda a: a.trust.subtype == "Acute - Specialist"),
        ("specialist=exclude", lambda a: a.trust.subtype != "Acute - Specialist"),
        ("subtype=Acute - Teaching", lambda a: a.trust.subtype == "Acute - Teaching"),
        ("name=north", lambda a: "north" in a.trust.name.lower()),
    ],
)
def test_filters_keep_only_the_matching_trusts(client, query, expected):
    html = page(client, f"/league/acute/?show=all&{query}")
    wanted = {a.trust.ods_code for a in published("acute") if expected(a)}
    assert wanted and set(codes(html)) == wanted


def test_the_segment_5_filter_in_a_year_that_uses_it(client):
    html = page(client, "/league/acute/?period=2025-26-q4&show=all&segment=5")
    wanted = {
        a.trust.ods_code
        for a in published("acute", LAST_OF_2025_26).filter(in_recovery_support=True)
    }
    assert wanted and set(codes(html)) == wanted
    assert "matching your filters" in html


def test_region_and_icb_filters_use_their_codes(client):
    sample = published("acute").select_related("trust__icb").first()
    region = page(client, f"/league/acute/?show=all&region={sample.trust.region.code}")
    assert set(codes(region)) == {
        a.trust.ods_code for a in published("acute") if a.trust.region_id == sample.trust.region_id
    }
    icb = page(client, f"/league/acute/?show=all&icb={sample.trust.icb.code}")
    assert sample.trust.ods_code in codes(icb) and len(codes(icb)) < 134


def test_an_out_of_range_page_goes_back_to_page_one(client):
    response = client.get("/league/acute/?page=7&sort=trust")
    assert response.status_code == 302
    assert response["Location"] == "/league/acute/?sort=trust"


def test_the_csv_download_equals_the_export_command(client):
    response = client.get("/league/acute/?download=csv")
    out = io.StringIO()
    call_command("export_league", period=LATEST, league="acute", stdout=out)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "nhs-league-table-acute-2026-27-q2.csv" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert response.content.decode("utf-8-sig") == out.getvalue()


def test_downloads_hold_exactly_the_filtered_rows(client):
    response = client.get("/league/acute/?segment=4&download=csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    expected = {a.trust.ods_code for a in published("acute").filter(adjusted_segment=4)}
    assert {row["Trust_code"] for row in rows} == expected
    assert "filtered" in response["Content-Disposition"]
    data = json.loads(client.get("/league/ambulance/?download=json").content)
    assert len(data) == 10
    xlsx = client.get("/league/ambulance/?download=xlsx")
    assert xlsx.content[:2] == b"PK" and "spreadsheetml" in xlsx["Content-Type"]


def test_downloads_keep_numbers_as_numbers_and_say_they_are_demonstration_data(client):
    expected = list(published("ambulance").order_by("rank", "trust__name"))
    first = expected[0]

    data = json.loads(client.get("/league/ambulance/?download=json").content)
    assert data[0]["Rank"] == first.rank and isinstance(data[0]["Rank"], int)
    assert data[0]["Average_score"] == float(first.average_2dp)
    assert data[0]["Segment"] == first.adjusted_segment
    assert {row["Demonstration_data"] for row in data} == {"Yes"}

    book = load_workbook(io.BytesIO(client.get("/league/ambulance/?download=xlsx").content))
    sheet = book.active
    assert sheet.title == "League table" and sheet.freeze_panes == "A2"
    header = [cell.value for cell in sheet[1]]
    assert sheet[1][0].font.bold and header[-1] == "Demonstration_data"
    row = [cell.value for cell in sheet[2]]
    assert row[header.index("Rank")] == first.rank
    assert row[header.index("Average_score")] == pytest.approx(float(first.average_2dp))
    ranks = [r[header.index("Rank")] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert ranks == sorted(ranks) and all(isinstance(r, int) for r in ranks)

    # The CSV keeps NHS England's own way of writing numbers.
    rows = list(csv.DictReader(io.StringIO(
        client.get("/league/ambulance/?download=csv").content.decode("utf-8-sig")
    )))  # fmt: skip
    assert rows[0]["Rank"] == f"{first.rank}.0" and rows[0]["Demonstration_data"] == "Yes"


def test_the_data_behind_a_demonstration_table_says_it_is_demonstration_data(client):
    from league.models import MetricValue

    response = client.get("/league/ambulance/?download=json&layout=trust-data")

    rows = json.loads(response.content)
    release = published("ambulance").first().release
    trusts = set(published("ambulance").values_list("trust", flat=True))
    values = MetricValue.objects.filter(release=release, trust__in=trusts).count()
    assert values and len([r for r in rows if r["Metric_ID"] < "OF1000"]) == values
    assert {row["Demonstration_data"] for row in rows} == {"Yes"}
    assert all(isinstance(r["Value"], float | None) for r in rows)


def test_trusts_ticked_in_the_table_are_compared(client):
    html = page(client, "/league/acute/")
    form = html.split('<form method="get" action="/compare/"', 1)[1].split("</form>", 1)[0]
    ticked = codes(html)[:3]
    for code in ticked:
        assert f'name="trusts" type="checkbox" value="{code}"' in form
    assert "Compare selected trusts" in form

    compared = page(client, "/compare/?" + "&".join(f"trusts={code}" for code in ticked))

    head = compared.split('id="compare-summary"', 1)[1].split("</thead>", 1)[0]
    assert all(f'href="/trusts/{code}/"' in head for code in ticked)


def test_more_than_four_ticked_are_refused_plainly(client):
    query = "&".join(f"trusts={code}" for code in codes(page(client, "/league/acute/"))[:5])
    html = page(client, f"/compare/?{query}", status=400)
    assert "Compare up to 4 trusts at a time: you chose 5" in html


def test_hints_name_demonstration_trusts_the_site_holds(client):
    from trusts.models import Trust

    html = page(client, "/search/")
    word, code = re.search(r"For example, (\w+) or ([A-Z0-9]{3,5})\b", html).groups()
    trust = Trust.objects.get(ods_code=code)
    assert trust.is_demo and trust.name.startswith(word)


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("sort=password", 400),
        ("sort=rank&sort=trust", 400),
        ("sort=-rank,trust", 400),
        ("page=abc", 400),
        ("page=0", 400),
        ("page=-1", 400),
        ("page=99999999999999999999", 400),
        ("per_page=0", 400),
        ("per_page=100000", 400),
        ("show=everything", 400),
        ("region=Atlantis", 400),
        ("segment=9", 400),
        ("specialist=maybe", 400),
        ("name=" + "x" * 500, 400),
        ("name=%00", 400),
        ("download=exe", 400),
        ("release=abc", 400),
        ("release=99", 404),
        ("period=2030-31-q1", 404),
        ("period=../../etc/passwd", 404),
        ("period=" + "q" * 300, 400),
        ("x=" + "y" * 3000, 400),
    ],
)
def test_hostile_query_strings_are_refused_not_crashed_on(client, query, status):
    assert client.get(f"/league/acute/?{query}").status_code == status


def test_other_query_parameters_are_ignored_and_left_out_of_links(client):
    html = page(client, "/league/acute/?utm_source=newsletter&sort=trust")
    assert "utm_source" not in html and "sort=trust" in html
    assert page(client, "/league/acute/?utm_source=other") == page(client, "/league/acute/")


def test_a_filter_error_is_explained_on_the_page(client):
    html = page(client, "/league/acute/?segment=9", status=400)
    assert "There is a problem" in html and "<title>Error: " in html


def test_an_unknown_league_is_not_found(client):
    assert client.get("/league/dental/").status_code == 404


def test_the_page_is_publicly_cacheable_and_sessionless(client):
    response = client.get("/league/acute/")
    assert response["Cache-Control"] == "public, max-age=300"
    assert "Cookie" not in response.get("Vary", "") and not response.cookies


@pytest.mark.parametrize("league", ["acute", "ambulance"])
@pytest.mark.parametrize("query", ["", "?show=all", "?sort=-change&segment=3"])
def test_queries_do_not_grow_with_the_rows(client, django_assert_max_num_queries, league, query):
    cache.clear()
    # 7 for the table, 1 for the navigation's tables, 1 for the ICBs that have a page, 1 for
    # the leagues each quarter holds, 2 for the organisations the hints name: all but the
    # table's once per data version.
    with django_assert_max_num_queries(12):
        assert client.get(f"/league/{league}/{query}").status_code == 200


def test_no_period_published_yet(client):
    Period.objects.update(status="draft")
    html = page(client, "/league/acute/")
    assert "No league table has been published yet" in html


def test_the_sort_control_offers_each_order_and_shows_the_current_one(client):
    html = page(client, "/league/acute/?sort=-average")
    control = html.split('id="sort"', 1)[1].split("</select>", 1)[0]
    assert '<option value="-average" selected' in control
    assert "Average score, descending" in control and "Name, A to Z" in control
    by_name = codes(page(client, "/league/acute/?sort=trust&show=all"))
    names = dict(Assessment.objects.filter(
        league="acute", period__label=LATEST, release__state="published"
    ).values_list("trust__ods_code", "trust__name"))  # fmt: skip
    assert [names[c] for c in by_name] == sorted(names.values())
