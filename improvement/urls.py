"""Public plan pages, included at "" by config/urls.py (before the league's /trusts/<code>/)."""

from django.urls import path

from improvement.views import public

app_name = "improvement"
urlpatterns = [
    path("improvement/", public.plan_list, name="plans"),
    path("trusts/<str:ods_code>/improvement/", public.trust_plan, name="trust_plan"),
]
