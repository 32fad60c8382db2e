"""Trust leaders' pages, included at /manage/ by config/urls.py."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from improvement.views import manage_items as items
from improvement.views import manage_notes as notes
from improvement.views import manage_plans as plans
from improvement.views.accounts import SignOutView

app_name = "manage"
urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html",
            redirect_authenticated_user=True,
            next_page=reverse_lazy("manage:dashboard"),
        ),
        name="login",
    ),
    path("logout/", SignOutView.as_view(), name="logout"),
    path("", plans.home, name="dashboard"),
    path("trusts/<str:ods_code>/plans/new/", plans.plan_create, name="plan_create"),
    path("plans/<int:plan_pk>/", plans.plan_detail, name="plan"),
    path("plans/<int:plan_pk>/edit/", plans.plan_edit, name="plan_edit"),
    path("plans/<int:plan_pk>/submit/", plans.plan_submit, name="plan_submit"),
    path("plans/<int:plan_pk>/publish/", plans.plan_publish, name="plan_publish"),
    path("plans/<int:plan_pk>/close/", plans.plan_close, name="plan_close"),
    path("plans/<int:plan_pk>/actions/new/", items.action_create, name="action_create"),
    path(
        "plans/<int:plan_pk>/actions/<int:action_pk>/edit/", items.action_edit, name="action_edit"
    ),
    path(
        "plans/<int:plan_pk>/actions/<int:action_pk>/move/", items.action_move, name="action_move"
    ),
    path(
        "plans/<int:plan_pk>/actions/<int:action_pk>/milestones/new/",
        items.milestone_create,
        name="milestone_create",
    ),
    path(
        "plans/<int:plan_pk>/milestones/<int:milestone_pk>/edit/",
        items.milestone_edit,
        name="milestone_edit",
    ),
    path(
        "plans/<int:plan_pk>/milestones/<int:milestone_pk>/move/",
        items.milestone_move,
        name="milestone_move",
    ),
    path("plans/<int:plan_pk>/updates/new/", items.update_create, name="update_create"),
    path("notes/", notes.note_list, name="notes"),
    path("trusts/<str:ods_code>/notes/new/", notes.note_create, name="note_create"),
    path("notes/<int:note_pk>/", notes.note_detail, name="note"),
    path("notes/<int:note_pk>/edit/", notes.note_edit, name="note_edit"),
    path("notes/<int:note_pk>/submit/", notes.note_submit, name="note_submit"),
    path("notes/<int:note_pk>/withdraw/", notes.note_withdraw, name="note_withdraw"),
]
