"""The public pages. Paths are part of the product (citable), so they never change."""

from django.urls import path

from league.feeds import feed_urlpatterns
from league.views import (
    about,
    compare,
    home,
    improvers,
    league_table,
    metric_page,
    open_data,
    trust_profile,
)

app_name = "league"
urlpatterns = [
    path("", home.home, name="home"),
    path("search/", home.search, name="search"),
    path("league/<str:league>/", league_table.league_table_page, name="league_table"),
    path("league/<str:league>/improvers/", improvers.improvers_page, name="improvers"),
    path("trusts/<str:ods_code>/", trust_profile.trust_profile, name="trust"),
    path("icbs/<str:ods_code>/", trust_profile.icb_profile, name="icb"),
    path("metrics/<str:metric_id>/", metric_page.metric_page, name="metric"),
    path("compare/", compare.compare, name="compare"),
    path("methodology/", about.methodology, name="methodology"),
    path("accessibility/", about.accessibility, name="accessibility"),
    path("privacy/", about.privacy, name="privacy"),
    path("cookies/", about.cookies, name="cookies"),
    path("contact/", about.contact, name="contact"),
    path("open-data/", open_data.open_data, name="open-data"),
    *feed_urlpatterns,
]
