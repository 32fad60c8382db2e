"""NHS.UK components that repeat on many rows, rendered from `templates/components/` once per
distinct value: a template include per table cell costs more than the rest of the row."""

from functools import cache

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe


def _render(template: str, **context) -> SafeString:
    return mark_safe(render_to_string(template, context).strip())


@cache
def segment_tag(segment: int | None) -> SafeString:
    """components/segment_tag.html: the segment named in text, colour only reinforcing it."""
    return _render("components/segment_tag.html", segment=segment)


@cache
def marker(letter: str, meaning: str) -> SafeString:
    """components/marker.html: a one-character marker, spelt out for screen readers."""
    return _render("components/marker.html", letter=letter, meaning=meaning)


def financial_marker(cap: int | None) -> SafeString:
    """The "F" marker; what it says follows the framework year's financial cap."""
    meaning = f"segment limited to {cap} or below" if cap else "no effect on its segment"
    return marker("F", f"In financial deficit: {meaning}")


def recovery_marker() -> SafeString:
    return marker("5", "Segment 5: in the Recovery Support Programme")


def tag(text: str, colour: str = "") -> SafeString:
    """components/tag.html: a status as an NHS.UK tag."""
    return _render("components/tag.html", text=text, colour=colour)


def link(href: str, text: str, before: str = "") -> SafeString:
    """components/link.html: an NHS.UK link (`before`: plain text ahead of it)."""
    return _render("components/link.html", href=href, text=text, before=before)
