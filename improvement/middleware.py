"""Session timeouts for the signed-in pages (ASVS 7.3.1/7.3.2): a trust leader is signed out
after MANAGE_IDLE_TIMEOUT seconds without a request (default 30 minutes) and
MANAGE_ABSOLUTE_TIMEOUT seconds after signing in (default SESSION_COOKIE_AGE).

Only paths under SESSION_TIMEOUT_PATHS (default "/manage/") are checked, so public pages still
never touch the session. Add after MessageMiddleware (and before django-axes, which is last).
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

SIGNED_IN_AT = "manage_signed_in_at"
LAST_SEEN = "manage_last_seen"


class SessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        paths = tuple(getattr(settings, "SESSION_TIMEOUT_PATHS", ("/manage/",)))
        if request.path.startswith(paths) and request.user.is_authenticated:
            expired = self._touch(request)
            if expired:
                logout(request)
                messages.info(
                    request, "You were signed out: your session timed out.", fail_silently=True
                )
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)

    @staticmethod
    def _touch(request: HttpRequest) -> bool:
        """Record this request; True when the session has timed out."""
        idle = getattr(settings, "MANAGE_IDLE_TIMEOUT", 30 * 60)
        absolute = getattr(settings, "MANAGE_ABSOLUTE_TIMEOUT", settings.SESSION_COOKIE_AGE)
        now = int(time.time())
        session = request.session
        signed_in_at = session.get(SIGNED_IN_AT, now)
        last_seen = session.get(LAST_SEEN, now)
        if now - last_seen > idle or now - signed_in_at > absolute:
            return True
        session[SIGNED_IN_AT] = signed_in_at
        session[LAST_SEEN] = now
        return False
