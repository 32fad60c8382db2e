from django.urls import path, re_path

from league.api import views

app_name = "api"
urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("openapi.json", views.OpenAPIView.as_view(), name="openapi"),
    path("browser/", views.ApiBrowserView.as_view(), name="browser"),
    path("periods/", views.PeriodListView.as_view(), name="periods"),
    path("periods/<slug:slug>/", views.PeriodView.as_view(), name="period"),
    path("league/<str:league>/", views.LeagueTableView.as_view(), name="league"),
    path("trusts/", views.TrustListView.as_view(), name="trusts"),
    path("trusts/<str:ods_code>/", views.TrustView.as_view(), name="trust"),
    path("metrics/", views.MetricListView.as_view(), name="metrics"),
    path("metrics/<str:metric_id>/", views.MetricView.as_view(), name="metric"),
    # Any other address ending in "/" is a JSON 404; without the slash, APPEND_SLASH redirects.
    re_path(r"^(?P<rest>.*/)$", views.UnknownView.as_view(), name="unknown"),
]
