from django.urls import path, re_path

from league.api import views

app_name = "api"
urlpatterns = [
    path("", views.index, name="index"),
    path("openapi.json", views.openapi, name="openapi"),
    path("periods/", views.periods, name="periods"),
    path("periods/<slug:slug>/", views.period, name="period"),
    path("league/<str:league>/", views.league, name="league"),
    path("trusts/", views.trusts, name="trusts"),
    path("trusts/<str:ods_code>/", views.trust, name="trust"),
    path("metrics/", views.metrics, name="metrics"),
    path("metrics/<str:metric_id>/", views.metric, name="metric"),
    # Any other address ending in "/" is a JSON 404; without the slash, APPEND_SLASH redirects.
    re_path(r"^(?P<rest>.*/)$", views.unknown, name="unknown"),
]
