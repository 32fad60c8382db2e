"""Session timeouts for the signed-in parts of the site (ASVS 7.3.1/7.3.2): trust leaders at
/manage/ and NHS England staff in /admin/ are signed out after MANAGE_IDLE_TIMEOUT seconds
without a request (default 30 minutes) and MANAGE_ABSOLUTE_TIMEOUT seconds after signing in
(default SESSION_COOKIE_AGE).

Only paths under SESSION_TIMEOUT_PATHS are checked, so public pages still never touch the
session. Add after MessageMiddleware (and before django-axes, which is last).
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

SIGNED_IN_AT = "session_signed_in_at"
LAST_SEEN = "session_last_seen"
ADMIN_PREFIX = "/admin/"


class SessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        paths = tuple(settings.SESSION_TIMEOUT_PATHS)
        if request.path.startswith(paths) and request.user.is_authenticated:
            expired = self._touch(request)
            if expired:
                logout(request)
                messages.info(
                    request, "You were signed out: your session timed out.", fail_silently=True
                )
                login = reverse("admin:login") if request.path.startswith(ADMIN_PREFIX) else None
                return redirect_to_login(request.get_full_path(), login_url=login)
        return self.get_response(request)

    @staticmethod
    def _touch(request: HttpRequest) -> bool:
        """Record this request; True when the session has timed out."""
        now = int(time.time())
        session = request.session
        signed_in_at = session.get(SIGNED_IN_AT, now)
        last_seen = session.get(LAST_SEEN, now)
        if (
            now - last_seen > settings.MANAGE_IDLE_TIMEOUT
            or now - signed_in_at > settings.MANAGE_ABSOLUTE_TIMEOUT
        ):
            return True
        session[SIGNED_IN_AT] = signed_in_at
        session[LAST_SEEN] = now
        return False
