from django.contrib import admin
from django.urls import include, path

from improvement import api_learning

admin.site.site_header = "NHS trust league tables: administration"
admin.site.site_title = "League tables admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("manage/", include("improvement.manage_urls")),
    # Plans first: the league API answers every other /api/ address (with a JSON 404).
    path("api/plans/", include(("improvement.api", "plans"))),
    path("api/good-practice/", include((api_learning.note_urls, "notes"))),
    path("api/trusts/<str:ods_code>/learn/", include((api_learning.learn_urls, "learn"))),
    path("api/", include("league.api.urls")),
    # /improvement/ and /trusts/<code>/improvement/ before the league's /trusts/<code>/.
    path("", include("improvement.urls")),
    path("", include("league.urls")),
]
