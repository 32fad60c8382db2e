"""The public league table as a django-tables2 table, rendered with the NHS.UK table template.

Rows are `Assessment`s of one published release and league, annotated by
`league.views.league_table.table_rows` with the previous quarter's rank and segment.
Cells that repeat on every row (segment tags) are rendered once per process, because
django-tables2 renders cell by cell and a template include per cell is slow.
"""

from functools import cache

import django_tables2 as tables
from django.db.models import F, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from league.models import Assessment
from trusts.models import League

NUMERIC = {
    "th": {"class": "nhsuk-table__header--numeric"},
    "td": {"class": "nhsuk-table__cell--numeric"},
}
NOT_KNOWN = mark_safe('<span class="nhsuk-u-secondary-text-colour">No data</span>')


@cache
def marker(letter: str, meaning: str) -> SafeString:
    """components/marker.html, rendered once per marker."""
    context = {"letter": letter, "meaning": meaning}
    return mark_safe(render_to_string("components/marker.html", context).strip())


def financial_marker(cap: int | None) -> SafeString:
    """The "F" marker; what it says follows the framework year's financial cap."""
    meaning = f"segment limited to {cap} or below" if cap else "no effect on its segment"
    return marker("F", f"In financial deficit: {meaning}")


def recovery_marker() -> SafeString:
    return marker("5", "Segment 5: in the Recovery Support Programme")


@cache
def segment_tag(segment: int | None) -> SafeString:
    """The NHS.UK segment tag (components/segment_tag.html), rendered once per segment."""
    tag = render_to_string("components/segment_tag.html", {"segment": segment}).strip()
    return mark_safe(f'<span class="app-nowrap">{tag}</span>')


def ordinal(number: int) -> str:
    """57 -> "57th", 22 -> "22nd", 11 -> "11th"."""
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


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
        default = NOT_KNOWN
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
        self.caption = caption
        self.caption_size = "s"
        self.scroll = True
        self.responsive = True
        self.has_previous = has_previous

    def body_rows(self) -> list[SafeString]:
        """The cells of each row on this page, rendered here in one pass: django-tables2's
        cell-by-cell rendering costs about ten times more, and this page is served uncached
        after every publication."""
        names = [column.name for column in self.columns]
        numeric = {name: name in ("rank", "average") for name in names}
        # NHS.UK's responsive table: below desktop width each row is a card, each cell
        # labelled by its column's heading (hidden from screen readers, which read the header).
        headings = {
            column.name: '<span class="nhsuk-table__heading" aria-hidden="true">'
            f"{escape(str(column.header))} </span>"
            for column in self.columns
        }
        rows = []
        for row in self.paginated_rows:
            record = row.record
            cells = []
            for name in names:
                css = " nhsuk-table__cell--numeric" if numeric[name] else ""
                content = getattr(self, f"cell_{name}")(record)
                cells.append(
                    f'<td class="nhsuk-table__cell{css}" role="cell">{headings[name]}'
                    f"<span>{content}</span></td>"
                )
            rows.append(mark_safe("".join(cells)))
        return rows

    def cell_rank(self, record: Assessment) -> str:
        return NOT_KNOWN if record.rank is None else str(record.rank)

    def cell_trust(self, record: Assessment) -> str:
        """Name, ODS code and subtype (a column of its own would not fit beside the others)."""
        trust = record.trust
        about = escape(trust.ods_code) + (f" · {escape(trust.subtype)}" if trust.subtype else "")
        return (
            f'<a class="nhsuk-link" href="{trust.profile_path}">{escape(trust.name)}</a>'
            f'<br><span class="nhsuk-u-secondary-text-colour">{about}</span>'
        )

    def cell_region(self, record: Assessment) -> str:
        """The region, and the trust's ICB, linked to the ICB's page when it has one."""
        region = escape(record.trust.region.name)
        icb = record.trust.icb
        if icb is None or record.trust.is_icb or icb.code not in self.icb_pages:
            return region
        href = reverse("league:icb", args=[icb.code])
        link = f'<a class="nhsuk-link" href="{escape(href)}">{escape(icb.name)}</a>'
        return f"{region}<br>{link}"

    def cell_segment(self, record: Assessment) -> str:
        financial = self.financial if record.in_financial_deficit else ""
        recovery = recovery_marker() if record.in_recovery_support else ""
        tag = segment_tag(record.adjusted_segment)
        return f'<span class="app-nowrap">{tag}{financial}{recovery}</span>'

    def cell_unadjusted(self, record: Assessment) -> str:
        segment = record.unadjusted_segment
        return NOT_KNOWN if segment is None else f"Segment {segment}"

    def cell_average(self, record: Assessment) -> str:
        return NOT_KNOWN if record.average_2dp is None else str(record.average_2dp)

    def cell_likely_rank(self, record: Assessment) -> str:
        if record.rank_low is None or record.rank_high is None:
            return NOT_KNOWN
        return f"{record.rank_low} to {record.rank_high}"

    def cell_peer(self, record: Assessment) -> str:
        """Rank among the trusts of the same subtype, with its likely range."""
        if record.peer_rank is None:
            return NOT_KNOWN
        rank = f"{record.peer_rank} of {record.peer_size}"
        if record.peer_rank_low is None or record.peer_rank_high is None:
            return rank
        return (
            f'<span class="app-nowrap">{rank}</span><br>'
            f'<span class="nhsuk-u-secondary-text-colour">'
            f"likely {record.peer_rank_low} to {record.peer_rank_high}</span>"
        )

    def cell_change(self, record: Assessment) -> str:
        if not self.has_previous:
            return NOT_KNOWN
        if record.previous_rank is None:
            return '<span class="nhsuk-u-secondary-text-colour">New</span>'
        change = record.rank_change
        moved = "No change" if not change else f"{'Up' if change > 0 else 'Down'} {abs(change)}"
        if record.previous_segment != record.adjusted_segment:
            return f"{moved}<br>was segment {record.previous_segment}"
        return moved

    def cell_compare(self, record: Assessment) -> str:
        """A checkbox of the page's compare form (no JavaScript needed)."""
        trust = record.trust
        code = escape(trust.ods_code)
        return (
            '<div class="nhsuk-checkboxes nhsuk-checkboxes--small">'
            '<div class="nhsuk-checkboxes__item">'
            f'<input class="nhsuk-checkboxes__input" id="compare-{code}" name="trusts" '
            f'type="checkbox" value="{code}"><label class="nhsuk-label nhsuk-checkboxes__label" '
            f'for="compare-{code}"><span class="nhsuk-u-visually-hidden">Compare '
            f"{escape(trust.name)}</span></label></div></div>"
        )

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
