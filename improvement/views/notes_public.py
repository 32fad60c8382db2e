"""The public good practice page `/good-practice/` and its Atom feed: approved notes only.
Cached like every public page under the public data version, which approving, changing or
withdrawing a public note bumps (improvement.services.notes)."""

from datetime import datetime

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_safe

from improvement.forms.note_filters import NoteFilterForm
from improvement.models import GoodPracticeNote
from improvement.selectors.notes import public_notes
from league.feeds import PublicFeed, per_request
from league.page_cache import public_page

PER_PAGE = 20
PARAMS = ("metric", "league", "subtype", "page")
FEED_SIZE = 50


@require_safe
@public_page(params=PARAMS)
def good_practice(request: HttpRequest) -> HttpResponse:
    form = NoteFilterForm(request.GET or None)
    filters = form.filters()
    page = Paginator(public_notes(**filters), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "filters": filters,
        "page_obj": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
        "breadcrumbs": [("Home", reverse("league:home"))],
    }
    return render(request, "improvement/good_practice.html", context)


class NotesFeed(PublicFeed):
    title = "NHS trust league tables: good practice"
    subtitle = "What trusts changed that improved a metric, approved by NHS England."
    link = reverse_lazy("improvement:good_practice")

    def items(self) -> QuerySet[GoodPracticeNote]:
        return public_notes()[:FEED_SIZE]

    def item_title(self, note: GoodPracticeNote) -> str:
        return f"{note.trust.name}: {note.title}"

    def item_description(self, note: GoodPracticeNote) -> str:
        metrics = [
            (self.root + reverse("league:metric", args=[m.metric_id]), m)
            for m in note.metrics.all()
        ]
        return render_to_string("feeds/note.html", {"obj": note, "metrics": metrics})

    def item_link(self, note: GoodPracticeNote) -> str:
        return reverse("improvement:good_practice") + f"#note-{note.pk}"

    def item_pubdate(self, note: GoodPracticeNote) -> datetime | None:
        return note.approved_at

    def item_updateddate(self, note: GoodPracticeNote) -> datetime | None:
        return note.approved_at


notes_feed = per_request(NotesFeed)
