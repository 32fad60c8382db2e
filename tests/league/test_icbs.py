"""ICBs ranked in their own table (from the demonstration's fictional 2026/27 year): the league
page, ICB pages, links from trusts, downloads, the API, and a year without the table."""

import csv
import io
import json
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from demo.nof_files import DemoTrust, demo_nof_files
from league.models import Assessment, Period
from league.nof_files import NofFile
from league.selectors import segment_four_trusts
from league.services.imports import NofImportRefused, nof_import, nof_preview
from trusts.models import ICB, Trust

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_fresh_cache")]

LATEST = "Q2 2026/27"
THRESHOLDS = (Decimal("1.95"), Decimal("2.35"), Decimal("2.70"))  # the demonstration's


def icb_assessments(label: str = LATEST):
    return (
        Assessment.objects.filter(league="icb", period__label=label, release__state="published")
        .select_related("trust__icb")
        .order_by("rank", "trust__name")
    )


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def table_body(html: str) -> str:
    return html.split('id="league-table"', 1)[1].split("</tbody>", 1)[0]


def test_the_icb_table_ranks_every_icb_within_its_own_table(client):
    expected = list(icb_assessments())
    html = page(client, "/league/icb/?show=all")

    assert "<h1>Integrated care boards</h1>" in html and LATEST in html
    assert "Showing 42 ICBs" in html
    linked = re.findall(r'href="/icbs/([A-Z0-9]+)/"', table_body(html))
    assert linked == [a.trust.ods_code for a in expected]
    assert {a.league_size for a in expected} == {42}
    assert sorted(a.rank for a in expected)[0] == 1 and max(a.rank for a in expected) <= 42
    head = html.split("<thead", 1)[1].split("</thead>", 1)[0]
    assert ">ICB<" in head and "Subtype" not in head
    # No filter that an ICB cannot answer.
    assert 'name="icb"' not in html and 'name="subtype"' not in html
    assert 'name="specialist"' not in html and "ICB name or ODS code" in html


def test_icb_segments_follow_the_years_thresholds_and_ranks_segment_then_average():
    rows = [a for a in icb_assessments() if a.average_2dp is not None]
    assert len(rows) == 42
    for a in rows:
        expected = next((k for k, t in enumerate(THRESHOLDS, 1) if a.average_2dp <= t), 4)
        assert a.unadjusted_segment == expected, a.trust.ods_code
        capped = max(expected, 3) if a.in_financial_deficit else expected
        assert a.adjusted_segment == capped
    keys = sorted((a.adjusted_segment, a.average_2dp) for a in rows)
    for a in rows:
        assert a.rank == keys.index((a.adjusted_segment, a.average_2dp)) + 1


def test_a_year_without_an_icb_table_says_so_and_links_to_the_quarters_that_have_it(client):
    html = page(client, "/league/icb/?period=2025-26-q4", status=404)
    assert "The 2025/26 framework has no league table of integrated care boards" in html
    assert 'href="/league/icb/?period=2026-27-q2"' in html
    assert 'href="/league/icb/?period=2026-27-q1"' in html


def test_an_icb_page_gives_its_rank_and_the_trusts_in_it(client):
    top = icb_assessments().first()
    icb = top.trust
    html = page(client, f"/icbs/{icb.ods_code}/")

    assert f"<h1>{icb.name}</h1>" in html
    assert f"Ranked {_ordinal(top.rank)} of 42" in html
    members = Trust.objects.trusts().filter(icb=icb.icb)
    assert members.exists()
    section = html.split('id="trusts"', 1)[1]
    for trust in members:
        assert f'href="/trusts/{trust.ods_code}/"' in section
    assert "Trust subtype" not in html
    main = html.split("<main", 1)[1]
    assert "Improvement plan" not in main and "improvement plan" not in main


def test_addresses_lead_to_the_right_kind_of_page(client):
    icb = icb_assessments().first().trust
    trust = Trust.objects.trusts().filter(icb=icb.icb).first()

    response = client.get(f"/trusts/{icb.ods_code}/?period=2026-27-q1")
    assert response.status_code == 301
    assert response["Location"] == f"/icbs/{icb.ods_code}/?period=2026-27-q1"
    assert client.get(f"/icbs/{trust.ods_code}/")["Location"] == f"/trusts/{trust.ods_code}/"
    assert client.get(f"/icbs/{icb.ods_code.lower()}/")["Location"] == f"/icbs/{icb.ods_code}/"
    assert client.get("/icbs/ZZZ/").status_code == 404


def test_each_trust_links_to_its_icbs_page(client):
    acute = Assessment.objects.filter(
        league="acute", period__label=LATEST, release__state="published"
    ).select_related("trust__icb")
    first = acute.order_by("rank", "trust__name").first()
    icb = first.trust.icb

    table = table_body(page(client, "/league/acute/"))
    row = table.split(f'href="/trusts/{first.trust.ods_code}/"', 1)[1].split("</tr>", 1)[0]
    assert f'<a class="nhsuk-link" href="/icbs/{icb.code}/">{icb.name}</a>' in row
    profile = page(client, f"/trusts/{first.trust.ods_code}/")
    assert f'<a class="nhsuk-link" href="/icbs/{icb.code}/">{icb.name}</a>' in profile


def test_the_icb_table_downloads_as_csv_xlsx_and_json_in_rank_order(client):
    expected = [a.trust.ods_code for a in icb_assessments()]

    response = client.get("/league/icb/?download=csv")
    assert "nhs-league-table-icb-2026-27-q2.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["Trust_code"] for row in rows] == expected
    assert {row["Trust_type"] for row in rows} == {"Integrated care board"}

    book = load_workbook(io.BytesIO(client.get("/league/icb/?download=xlsx").content))
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    column = header.index("Trust_code")
    codes = [row[column] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert codes == expected

    data = json.loads(client.get("/league/icb/?download=json").content)
    records = data if isinstance(data, list) else data["rows"]
    assert [r["Trust_code"] for r in records] == expected


def test_the_api_serves_the_icb_table_only_for_years_that_have_it(client):
    expected = [a.trust.ods_code for a in icb_assessments()]
    body = client.get("/api/league/icb/").json()
    assert body["league_name"] == "Integrated care boards"
    assert [row["trust_code"] for row in body["results"]] == expected
    assert "icb" in body["release"]["league_tables"]

    missing = client.get("/api/league/icb/?period=2025-26-q1")
    assert missing.status_code == 404
    message = missing.json()["error"]["message"]
    assert "2025/26 framework of Q1 2025/26 has no “icb” league table" in message
    older = client.get("/api/league/acute/?period=2025-26-q1").json()
    assert set(older["release"]["league_tables"]) == {"acute", "non-acute", "ambulance"}
    assert "icb" in client.get("/api/").json()["links"]["league_tables"]
    listed = client.get("/api/trusts/?league=icb&page_size=200").json()
    assert len(listed["results"]) == 42


def test_the_home_page_and_navigation_show_the_icb_table_of_the_latest_year(client):
    html = page(client, "/")
    assert "every NHS trust and integrated care board in England in one of four" in html
    assert 'id="icb">Integrated care boards <span class="nhsuk-caption-m">42 ICBs' in html
    assert 'nhsuk-header__navigation-link" href="/league/icb/">Integrated care boards<' in html
    top = icb_assessments().first().trust
    assert f'href="/icbs/{top.ods_code}/"' in html


def test_a_quarter_of_a_year_without_icbs_lists_no_icb_table(client):
    body = client.get("/api/periods/2025-26-q4/").json()
    tables = {t for r in body["releases"] for t in r["league_tables"]}
    assert tables == {"acute", "non-acute", "ambulance"}
    feed = page(client, "/feeds/releases/")
    entry = feed.split("Q4 2025/26: league tables published", 1)[1].split("</entry>", 1)[0]
    assert "Integrated care boards" not in entry and "Ambulance trusts" in entry


def test_icbs_in_segment_4_owe_no_improvement_plan():
    period = Period.objects.get(label=LATEST)
    assert icb_assessments().filter(adjusted_segment=4).exists()
    owing = segment_four_trusts(period)
    assert owing.exists() and not owing.filter(league="icb").exists()


def test_icb_rows_for_a_year_without_the_table_are_refused_and_change_nothing():
    registered = ICB.objects.filter(trusts__is_demo=True).distinct().select_related("region")
    icbs = [DemoTrust.of_icb(icb) for icb in registered[:5]]
    files = [NofFile(io.BytesIO(data), name) for name, data in demo_nof_files(icbs, 3, 2025, 1)]
    assert [f.name for f in files] == ["demo-icb-data-q1-2025-26.csv"]
    preview = nof_preview(files=files)
    assert (
        "demo-icb-data-q1-2025-26.csv, column Trust_type: The file holds integrated care "
        "boards, but the 2025/26 framework has no such league table (its tables: acute "
        "trusts, mental health and community trusts, ambulance trusts). Add the league to the "
        "framework year in admin first."
    ) in [str(p) for p in preview.problems]
    before = Trust.objects.count(), Assessment.objects.count()
    for f in files:
        f.source.seek(0)
    with pytest.raises(NofImportRefused):
        nof_import(files=files)
    assert (Trust.objects.count(), Assessment.objects.count()) == before


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"
