"""/manage/notes/: good-practice notes written by leaders of any trust, for NHS England to
approve before the public sees them. Reached only through the user's own trusts."""

from functools import partial

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format

from improvement.forms.notes import NoteForm
from improvement.models import GoodPracticeNote
from improvement.selectors.notes import member_notes
from improvement.selectors.plans import member_trusts
from improvement.services import notes as services
from improvement.templatetags.improvement_tags import tag_colour
from improvement.views.access import change_and_return, form_page, manage_view
from league.presenters.components import tag


def scoped_note(request: HttpRequest, note_pk: int) -> GoodPracticeNote:
    return get_object_or_404(member_notes(request.user), pk=note_pk)


@manage_view("GET")
def note_list(request: HttpRequest) -> HttpResponse:
    rows = [
        [
            {"text": note.title, "href": reverse("manage:note", args=[note.pk])},
            note.trust.name,
            status_tag(note),
            date_format(note.updated_at, "j F Y"),
        ]
        for note in member_notes(request.user)
    ]
    context = {
        "head": ["Note", "Trust", "Status", "Last changed"],
        "rows": rows,
        "trusts": member_trusts(request.user),
    }
    return render(request, "manage/note_list.html", context)


def status_tag(note: GoodPracticeNote) -> str:
    return tag(note.get_status_display(), tag_colour(note.status, "note"))


@manage_view("GET", "POST")
def note_create(request: HttpRequest, ods_code: str) -> HttpResponse:
    trust = get_object_or_404(member_trusts(request.user), ods_code=ods_code)
    form = NoteForm(request.POST or None, trust=trust)

    def save(form: NoteForm) -> str:
        note = services.note_create(user=request.user, trust=trust, **form.cleaned_data)
        return reverse("manage:note", args=[note.pk])

    context = {"trust": trust, "note": None}
    return form_page(request, form, "manage/note_form.html", context, save, "Note saved as a draft")


@manage_view("GET")
def note_detail(request: HttpRequest, note_pk: int) -> HttpResponse:
    return render(request, "manage/note_detail.html", {"note": scoped_note(request, note_pk)})


@manage_view("GET", "POST")
def note_edit(request: HttpRequest, note_pk: int) -> HttpResponse:
    note = scoped_note(request, note_pk)
    if not note.editable:
        messages.error(request, "This note is waiting for approval: withdraw it to change it.")
        return redirect("manage:note", note.pk)
    initial = {name: getattr(note, name) for name in services.NOTE_FIELDS}
    initial.update(metrics=list(note.metrics.all()), quarters=list(note.quarters.all()))
    form = NoteForm(request.POST or None, initial=initial, trust=note.trust)
    was_public = note.is_public

    def save(form: NoteForm) -> str:
        services.note_update(note=note, user=request.user, **form.cleaned_data)
        return reverse("manage:note", args=[note.pk])

    success = "Note saved and sent back for approval" if was_public else "Note saved"
    context = {"trust": note.trust, "note": note}
    return form_page(request, form, "manage/note_form.html", context, save, success)


@manage_view("POST")
def note_submit(request: HttpRequest, note_pk: int) -> HttpResponse:
    note = scoped_note(request, note_pk)
    change = partial(services.note_submit, note=note, user=request.user)
    return change_and_return(
        request, change, "Note sent to NHS England for approval", "manage:note", note.pk
    )


@manage_view("POST")
def note_withdraw(request: HttpRequest, note_pk: int) -> HttpResponse:
    note = scoped_note(request, note_pk)
    change = partial(services.note_withdraw, note=note, user=request.user)
    return change_and_return(
        request, change, "Note withdrawn: it is a draft again", "manage:note", note.pk
    )
