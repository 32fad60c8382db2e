from django.urls import path

from trusts import views

urlpatterns = [
    path("", views.home, name="home"),
]
