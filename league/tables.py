"""The public league table as a django-tables2 table, rendered with the NHS.UK table template.

Rows are `Assessment`s of one published release and league, annotated by
`league.selectors.pages.table_rows` with the previous quarter's rank and segment.
`templates/league/_league_table.html` writes the cells; this class gives the columns (headings,
sorting) and each row's values.
"""

import django_tables2 as tables
from django.db.models import F, QuerySet
from django.urls import reverse

from league.models import Assessment
from league.presenters.components import financial_marker, recovery_marker, segment_tag
from trusts.models import League

NUMERIC = {
    "th": {"class": "nhsuk-table__header--numeric"},
    "td": {"class": "nhsuk-table__cell--numeric"},
}


class LeagueTable(tables.Table):
    rank = tables.Column("Rank", attrs=NUMERIC, order_by=("rank", "trust__name"))
    trust = tables.Column(
        "Trust", accessor="trust__name", order_by=("trust__name", "trust__ods_code")
    )
    region = tables.Column(
        "Region",
        accessor="trust__region__name",
        order_by=("trust__region__name", "rank", "trust__name"),
    )
    segment = tables.Column(
        "Segment", accessor="adjusted_segment", order_by=("adjusted_segment", "rank", "trust__name")
    )
    unadjusted = tables.Column(
        "Segment before financial override",
        accessor="unadjusted_segment",
        order_by=("unadjusted_segment", "average_2dp", "trust__name"),
    )
    average = tables.Column(
        "Average score",
        accessor="average_2dp",
        attrs=NUMERIC,
        order_by=("average_2dp", "rank", "trust__name"),
    )
    likely_rank = tables.Column(
        "Likely range of rank",
        accessor="rank_low",
        order_by=("rank_low", "rank_high", "rank", "trust__name"),
    )
    peer = tables.Column(
        "Like-for-like rank",
        accessor="peer_rank",
        order_by=("peer_group", "peer_rank", "trust__name"),
    )
    change = tables.Column("Change since previous quarter", accessor="rank_change")
    compare = tables.Column("Compare", accessor="trust__ods_code", orderable=False)

    class Meta:
        attrs = {
            "id": "league-table",
            "class": "nhsuk-table--compact nhsuk-table--responsive nhsuk-u-font-size-16 "
            "app-league-table",
        }
        default = "No data"
        empty_text = "No trusts match these filters."
        template_name = "league/_league_table.html"

    def __init__(
        self,
        *args,
        caption: str = "",
        has_previous: bool = True,
        financial_cap: int | None = 3,
        league: str = "acute",
        icb_pages: frozenset[str] = frozenset(),
        **kwargs,
    ) -> None:
        """`icb_pages`: codes of the ICBs with a page, which each trust's row links to."""
        if not has_previous:  # a first quarter: nothing to compare with
            kwargs["exclude"] = (*kwargs.get("exclude", ()), "change")
        if league == League.ICB:  # ICBs have no subtype to rank within
            kwargs["exclude"] = (*kwargs.get("exclude", ()), "peer")
        super().__init__(*args, **kwargs)
        if league == League.ICB:
            self.columns["trust"].column.verbose_name = "ICB"
            self.empty_text = "No ICBs match these filters."
        self.icb_pages = icb_pages
        self.financial = financial_marker(financial_cap)
        self.recovery = recovery_marker()
        self.headings = {column.name: str(column.header) for column in self.columns}
        self.shown = {name: name in self.headings for name in ("peer", "change")}
        self.caption = caption
        self.caption_size = "s"
        self.scroll = True
        self.responsive = True
        self.has_previous = has_previous

    def body_rows(self) -> list[dict]:
        """The values of each row on this page, for the table template."""
        icb_links: dict[str, str] = {}
        rows = []
        for row in self.paginated_rows:
            a: Assessment = row.record
            trust = a.trust
            icb = trust.icb
            change = a.rank_change
            rows.append(
                {
                    "rank": a.rank,
                    "name": trust.name,
                    "href": trust.profile_path,
                    "code": trust.ods_code,
                    "subtype": trust.subtype,
                    "region": trust.region.name,
                    "icb": icb.name if icb else "",
                    "icb_href": self._icb_link(icb, icb_links) if not trust.is_icb else "",
                    "segment": a.adjusted_segment,
                    "tag": segment_tag(a.adjusted_segment),
                    "deficit": a.in_financial_deficit,
                    "recovery": a.in_recovery_support,
                    "unadjusted": a.unadjusted_segment,
                    "average": a.average_2dp,
                    "low": a.rank_low,
                    "high": a.rank_high,
                    "peer_rank": a.peer_rank,
                    "peer_size": a.peer_size,
                    "peer_low": a.peer_rank_low,
                    "peer_high": a.peer_rank_high,
                    "previous_rank": a.previous_rank,
                    "previous_segment": a.previous_segment,
                    "change": change,
                    "fall": -change if change else None,
                }
            )
        return rows

    def _icb_link(self, icb, links: dict[str, str]) -> str:
        """The ICB's page, when it has one."""
        if icb is None or icb.code not in self.icb_pages:
            return ""
        if icb.code not in links:
            links[icb.code] = reverse("league:icb", args=[icb.code])
        return links[icb.code]

    def order_change(self, queryset: QuerySet, is_descending: bool) -> tuple[QuerySet, bool]:
        change = F("rank_change")
        first = change.desc(nulls_last=True) if is_descending else change.asc(nulls_last=True)
        return queryset.order_by(first, "rank", "trust__name"), True


SORT_KEYS = frozenset(
    key
    for name, column in LeagueTable.base_columns.items()
    if column.orderable is not False
    for key in (name, f"-{name}")
)
SORT_CHOICES = (
    ("", "Rank, best first"),
    ("-rank", "Rank, worst first"),
    ("trust", "Name, A to Z"),
    ("region", "Region"),
    ("average", "Average score, best first"),
    ("peer", "Like-for-like rank, by subtype"),
    ("-change", "Most places gained since the previous quarter"),
    ("change", "Most places lost since the previous quarter"),
)
"""The orders offered as a form control, for screens where the column headings are hidden
(on phones each row is a card); every column heading also sorts by its column."""
