"""Most improved: the pure ordering and chance rule, and the page on NHS England's own mental
health and community trust files (Q1 to Q4 2025/26), checked against an order worked out here
from the published average metric scores (OF5002) read straight from the file."""

import csv
import re
from decimal import Decimal

import pytest

from league.methodology.improvers import Standing, TrustQuarters, beyond_chance, most_improved
from tests.conftest import SHARED_DATA

OFFICIAL = SHARED_DATA / "nof-official"
MH_DATA = OFFICIAL / "mh-community-trust-data-q1-q4-2025-26.csv"
PAGE = "/league/non-acute/improvers/"


def standing(average: str, low: str | None = None, high: str | None = None, segment=2):
    to_decimal = lambda v: None if v is None else Decimal(v)  # noqa: E731
    return Standing(Decimal(average), to_decimal(low), to_decimal(high), segment)


def trust(code: str, before: Standing, after: Standing, name: str | None = None):
    return TrustQuarters(code=code, name=name or f"Trust {code}", before=before, after=after)


# The pure function


def test_a_fall_in_the_average_is_an_improvement_and_comes_first():
    ranked = most_improved(
        [
            trust("A", standing("2.50"), standing("2.60")),
            trust("B", standing("2.50"), standing("2.20")),
            trust("C", standing("2.50"), standing("2.50")),
        ]
    )
    assert [r.code for r in ranked] == ["B", "C", "A"]
    assert [r.change for r in ranked] == [Decimal("-0.30"), Decimal("0.00"), Decimal("0.10")]
    assert [r.rank for r in ranked] == [1, 2, 3]


def test_ties_are_listed_by_name_and_share_a_rank():
    ranked = most_improved(
        [
            trust("Z1", standing("2.00"), standing("1.90"), name="Zeta"),
            trust("A1", standing("3.00"), standing("2.90"), name="Alpha"),
            trust("M1", standing("2.00"), standing("1.50"), name="Mu"),
            trust("B1", standing("2.00"), standing("2.05"), name="Beta"),
        ]
    )
    assert [(r.rank, r.name) for r in ranked] == [
        (1, "Mu"),
        (2, "Alpha"),
        (2, "Zeta"),
        (4, "Beta"),
    ]


@pytest.mark.parametrize(
    ("before", "after", "real"),
    [
        (("2.50", "2.40", "2.60"), ("2.20", "2.10", "2.30"), True),  # wholly below: better
        (("2.20", "2.10", "2.30"), ("2.50", "2.40", "2.60"), True),  # wholly above: worse
        (("2.50", "2.40", "2.60"), ("2.30", "2.20", "2.40"), False),  # touching is overlap
        (("2.50", "2.30", "2.70"), ("2.40", "2.35", "2.45"), False),  # nested
        (("2.50", None, None), ("2.00", "1.90", "2.10"), False),  # no range: not shown real
    ],
)
def test_a_change_is_likely_real_only_when_the_ranges_do_not_overlap(before, after, real):
    assert beyond_chance(standing(*before), standing(*after)) is real
    (row,) = most_improved([trust("A", standing(*before), standing(*after))])
    assert row.likely_real is real


def test_segments_moved():
    up, same, unknown, down = most_improved(
        [
            trust("U", standing("2.5", segment=3), standing("2.0", segment=1), name="a"),
            trust("D", standing("2.0", segment=1), standing("2.6", segment=3), name="d"),
            trust("S", standing("2.0", segment=2), standing("2.0", segment=2), name="b"),
            trust("N", standing("2.0", segment=None), standing("2.0", segment=2), name="c"),
        ]
    )
    assert (up.code, up.segments_moved) == ("U", 2)
    assert (down.code, down.segments_moved) == ("D", -2)
    assert (same.segments_moved, unknown.segments_moved) == (0, None)


def test_no_trusts():
    assert most_improved([]) == []


# The page, on NHS England's files


def published_averages(quarter: str) -> dict[str, tuple[str, Decimal]]:
    """Each trust's average metric score (OF5002) in a quarter, as NHS England published it."""
    with MH_DATA.open(encoding="utf-8-sig", newline="") as file:
        return {
            row["Trust_code"]: (row["Trust_name"], Decimal(row["Value"]).quantize(Decimal("0.01")))
            for row in csv.DictReader(file)
            if row["Quarter"] == quarter and row["Metric_ID"] == "OF5002"
        }


def page_rows(html: str) -> list[tuple[str, str, str]]:
    """(trust code, change, chance) for each row of the page's table."""
    body = html.split('id="improvers"', 1)[1].split("<tbody", 1)[1].split("</tbody>", 1)[0]
    found = []
    for row in body.split("</tr>")[:-1]:
        cells = [
            re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", _without_headings(row), re.S)
        ]
        code = re.search(r'href="/trusts/([A-Z0-9]+)/"', row).group(1)
        found.append((code, cells[3], cells[5]))
    return found


def _without_headings(row: str) -> str:
    return re.sub(r'<span class="nhsuk-table__heading"[^>]*>.*?</span>', "", row, flags=re.S)


@pytest.mark.django_db
@pytest.mark.usefixtures("official_site")
class TestOnNhsEnglandsFiles:
    def test_the_order_matches_the_published_averages(self, client):
        response = client.get(f"{PAGE}?from=2025-26-q1&to=2025-26-q4")
        assert response.status_code == 200
        rows = page_rows(response.content.decode())
        first, last = published_averages("Q1 2025/26"), published_averages("Q4 2025/26")
        both = first.keys() & last.keys()
        expected = sorted(both, key=lambda code: (last[code][1] - first[code][1], last[code][0]))
        assert len(rows) == len(both) == 61
        assert [code for code, _, _ in rows] == expected
        changes = {code: last[code][1] - first[code][1] for code in both}
        for code, change, _ in rows:
            assert change.replace("\u2212", "-").lstrip("+") == str(changes[code])

    def test_the_download_holds_the_same_list(self, client):
        query = "?from=2025-26-q1&to=2025-26-q4"
        shown = page_rows(client.get(PAGE + query).content.decode())
        response = client.get(PAGE + query + "&download=csv")
        assert response["Content-Disposition"] == (
            'attachment; filename="most-improved-non-acute-2025-26-q1-to-2025-26-q4.csv"'
        )
        rows = list(csv.DictReader(response.content.decode("utf-8-sig").splitlines()))
        assert [row["Trust_code"] for row in rows] == [code for code, _, _ in shown]
        real = {code for code, _, chance in shown if chance == "Likely real"}
        assert {row["Trust_code"] for row in rows if row["Likely_real"] == "Yes"} == real
        last = published_averages("Q4 2025/26")
        assert all(Decimal(row["Average_score_to"]) == last[row["Trust_code"]][1] for row in rows)
        assert client.get(PAGE + query + "&download=pdf").status_code == 400

    def test_by_default_it_compares_the_earliest_and_latest_quarters(self, client):
        html = client.get(PAGE).content.decode()
        assert '<span class="nhsuk-caption-l">Q1 2025/26 to Q4 2025/26</span>' in html
        assert '<option value="2025-26-q1" selected>' in html
        assert "not NHS England's" in html  # the chance rule is explained as the service's own

    def test_each_change_is_marked_by_the_overlap_of_the_likely_ranges(self, client):
        from league.models import Assessment

        rows = page_rows(client.get(PAGE).content.decode())
        ranges = {
            (a.trust.ods_code, a.period.quarter): (a.average_low, a.average_high)
            for a in Assessment.objects.filter(
                league="non-acute", release__state="published", period__quarter__in=(1, 4)
            ).select_related("trust", "period")
        }
        for code, _, chance in rows:
            (low1, high1), (low4, high4) = ranges[code, 1], ranges[code, 4]
            apart = None not in (low1, high1, low4, high4) and (high4 < low1 or low4 > high1)
            assert chance == ("Likely real" if apart else "Could be chance"), code
        # Every trust has both ranges, so no mark comes from a missing range.
        assert all(None not in ranges[code, q] for code, _, _ in rows for q in (1, 4))

    @pytest.mark.parametrize(
        ("query", "message"),
        [
            ("from=2025-26-q4&to=2025-26-q1", "must be earlier than the one to compare to"),
            ("from=2025-26-q2&to=2025-26-q2", "must be earlier than the one to compare to"),
            ("from=2024-25-q1", "Choose a published quarter that holds this table to compare from"),
            ("to=nonsense", "Choose a published quarter that holds this table to compare to"),
            ("from=2025-26-q1&from=2025-26-q2", None),
        ],
    )
    def test_bad_choices_are_refused_plainly(self, client, query, message):
        response = client.get(f"{PAGE}?{query}")
        assert response.status_code == 400
        if message:
            html = response.content.decode()
            assert message in html and "nhsuk-error-summary" in html
            assert 'id="improvers"' not in html

    def test_the_acute_table_has_one_quarter_only_and_says_so(self, client):
        html = client.get("/league/acute/improvers/").content.decode()
        assert "Fewer than two published quarters hold this table" in html
        assert "Most improved acute trusts" not in client.get("/league/acute/").content.decode()

    def test_the_league_table_links_to_it(self, client):
        html = client.get("/league/non-acute/").content.decode()
        assert f'href="{PAGE}">Most improved' in html

    def test_an_unknown_table_is_not_found(self, client):
        assert client.get("/league/nonsense/improvers/").status_code == 404
