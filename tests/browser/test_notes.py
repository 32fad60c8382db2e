"""A trust leader writes a good-practice note at /manage/notes/ in a real browser, at 1280 px and
375 px: the form's errors, the saved draft, sending it for approval. axe-core checks each page;
nothing overflows the screen. The public pages of notes and "who to learn from" are in
test_pages.PUBLIC_PAGES."""

import pytest
from django.contrib.auth import get_user_model

from improvement.models import GoodPracticeNote, NoteStatus, Role, TrustMembership
from tests.browser.conftest import DESKTOP, MOBILE, assert_fits, assert_page_ok
from tests.browser.test_manage import assert_error_summary, follow, sign_in, submit

VIEWPORTS = {"desktop": DESKTOP, "mobile": MOBILE}


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_a_leader_writes_a_note_and_sends_it_for_approval(
    demo_site, live_server, context, page, page_log, viewport
):
    user = get_user_model().objects.create_user("browser-notes")
    membership = TrustMembership.objects.create(
        user=user, trust_id=GoodPracticeNote.objects.first().trust_id, role=Role.EDITOR
    )
    trust = membership.trust
    sign_in(context, live_server, user)
    page.set_viewport_size(viewport)

    demo_site.visit(page, "/manage/notes/")
    assert page.get_by_role("heading", name="Good-practice notes", exact=True).is_visible()
    assert page.locator("#notes").get_by_text(trust.name).first.is_visible()
    assert_fits(page)
    assert_page_ok(page, page_log)

    follow(page, page.get_by_role("button", name=f"Write a note for {trust.name}"))
    submit(page, "Save the note")
    assert_error_summary(
        page,
        page_log,
        "Enter a title",
        "Say what you changed",
        "Select at least one metric the change improved",
        "Enter a role other trusts can ask for",
    )
    page.get_by_label("Title", exact=True).fill("Discharge before noon, every ward")
    page.get_by_label("What you changed", exact=True).fill(
        "Board rounds at 8am and a discharge lounge from 9am."
    )
    page.locator("input[name=metrics]").first.check()
    page.get_by_label("Who to ask (role)", exact=True).fill("Dr Jane Smith, 0161 555 0123")
    submit(page, "Save the note")
    assert_error_summary(
        page, page_log, "Enter a role, such as “Chief operating officer”, not a person's "
        "contact details"
    )  # fmt: skip
    page.get_by_label("Who to ask (role)", exact=True).fill("Deputy director of nursing")
    submit(page, "Save the note")
    assert page.get_by_text("Note saved as a draft").is_visible()
    assert page.get_by_text("This note is a draft").is_visible()
    assert_fits(page)
    assert_page_ok(page, page_log)

    submit(page, "Send to NHS England for approval")
    assert page.get_by_text("Note sent to NHS England for approval").is_visible()
    note = GoodPracticeNote.objects.get(title="Discharge before noon, every ward")
    assert note.status == NoteStatus.AWAITING and note.trust == trust
    assert_fits(page)
    assert_page_ok(page, page_log)
