from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "NHS trust league tables: administration"
admin.site.site_title = "League tables admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("trusts.urls")),
]
