"""Signing in and out of /manage/ (Django's own views; django-axes throttles the sign-in)."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy


class SignOutView(auth_views.LogoutView):
    """POST only (Django's LogoutView refuses GET); the session is flushed server-side."""

    next_page = reverse_lazy("manage:login")

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, "You have signed out.")
        return response
