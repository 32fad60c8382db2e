"""Public plan pages, included at "" by config/urls.py (before the league's /trusts/<code>/)."""

from django.urls import path

from improvement.views import learn, notes_public, public

app_name = "improvement"
urlpatterns = [
    path("improvement/", public.plan_list, name="plans"),
    path("trusts/<str:ods_code>/improvement/", public.trust_plan, name="trust_plan"),
    path("trusts/<str:ods_code>/learn/", learn.trust_learn, name="learn"),
    path("good-practice/", notes_public.good_practice, name="good_practice"),
    path("good-practice/feed/", notes_public.notes_feed, name="good_practice_feed"),
]
