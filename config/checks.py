"""System checks that refuse an inconsistent deployment before it serves anyone."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register("config")
def check_secret_key(app_configs, **kwargs) -> list:
    # Host names without a secret key means a server is being set up for real with the
    # public development key. (With no host names Django itself refuses every request.)
    local = settings.DEBUG or settings.LOCAL_PREVIEW
    if local or settings.SECRET_KEY_FROM_ENVIRONMENT or not settings.ALLOWED_HOSTS:
        return []
    return [
        Error(
            "DJANGO_SECRET_KEY is not set while DJANGO_DEBUG is false.",
            hint="Set DJANGO_SECRET_KEY to a long random value, or DJANGO_DEBUG=true "
            "for development.",
            id="config.E001",
        )
    ]


@register("config", Tags.security, deploy=True)
def check_production_settings(app_configs, **kwargs) -> list:
    problems = []
    if settings.LOCAL_PREVIEW:
        problems.append(
            Error(
                "DJANGO_LOCAL_PREVIEW is on: plain HTTP, the development key, email to the "
                "console.",
                hint="It is for `make run` on one machine. Unset it on a server.",
                id="config.E003",
            )
        )
    if not settings.DEBUG and not settings.SECRET_KEY_FROM_ENVIRONMENT:
        problems.append(
            Error(
                "DJANGO_SECRET_KEY is not set.",
                hint="Set DJANGO_SECRET_KEY to a long random value.",
                id="config.E001",
            )
        )
    if not settings.DEBUG and not settings.ALLOWED_HOSTS:
        problems.append(
            Error(
                "DJANGO_ALLOWED_HOSTS is empty while DJANGO_DEBUG is false.",
                hint="List the host names the service answers to, separated by commas.",
                id="config.E002",
            )
        )
    if not settings.DEBUG and not settings.REDIS_URL:
        problems.append(
            Warning(
                "REDIS_URL is not set: background tasks run inside web requests.",
                hint="Set REDIS_URL and run Celery workers (make worker) in production.",
                id="config.W001",
            )
        )
    return problems
