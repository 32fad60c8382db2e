"""Settings for the NHS trust league tables service, read from the environment.

Every value that differs between a laptop and production comes from an environment variable;
README.md lists them. With nothing set, the service runs in development mode on an embedded SQLite
database with Celery tasks run in process.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.csp import CSP

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=False)
# `make run`: the production behaviour (DEBUG off, the service's own error pages) on this machine
# over plain HTTP, with the development key and email printed to the console. Never for a server
# others use: `check --deploy` refuses it.
LOCAL_PREVIEW = env_bool("DJANGO_LOCAL_PREVIEW", default=False) and not DEBUG
_LOCAL = DEBUG or LOCAL_PREVIEW

# Without DJANGO_SECRET_KEY a development key is used only when debugging; otherwise the
# system check config.E001 refuses to start (see config/checks.py).
SECRET_KEY_FROM_ENVIRONMENT = bool(env_str("DJANGO_SECRET_KEY"))
SECRET_KEY = env_str("DJANGO_SECRET_KEY") or "development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if _LOCAL else []
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # the API browser's Swagger UI, served from our static files
    "axes",
    "simple_history",
    "config",
    "trusts",
    "league",
    "improvement",
]
# Demonstration data (`manage.py seed_demo`) is not a production app.
DEMO = env_bool("DJANGO_DEMO", default=DEBUG or LOCAL_PREVIEW)
if DEMO:
    INSTALLED_APPS.append("demo")

MIDDLEWARE = [
    # Public pages and API answers, stored as sent, before the rest of the stack (ADR 14).
    "league.page_cache.PublicCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.PrivateCacheControlMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "config.sessions.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # django-axes must come last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "trusts.context_processors.service",
                "league.context_processors.tables",
                "league.context_processors.examples",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", default=60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "config.cache.TolerantRedisCache",
            "LOCATION": env_str("DJANGO_CACHE_URL") or REDIS_URL,
            "KEY_PREFIX": env_str("DJANGO_CACHE_PREFIX", "league"),
            # Fail fast when Redis is down: the page is then served without the cache.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        }
    }
else:
    # Room for a publication's prepared pages (league/warming.py), not LocMem's default 300.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/manage/login/"

# Login throttling: lock the (username, address) pair, never a username alone, so nobody can
# lock an NHS England administrator out by guessing at their username.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", default=0) or None

# Sessions: an absolute limit, and an idle limit on the signed-in paths (config.sessions), where
# the session is saved on each request; public pages never set a cookie, so shared caches work.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", default=60 * 60 * 8)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_TIMEOUT_PATHS = ("/manage/", "/admin/")
MANAGE_IDLE_TIMEOUT = env_int("MANAGE_IDLE_TIMEOUT", default=30 * 60)
MANAGE_ABSOLUTE_TIMEOUT = SESSION_COOKIE_AGE
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
SESSION_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    ("nhsuk/assets", BASE_DIR / "node_modules/nhsuk-frontend/dist/nhsuk/assets"),
    BASE_DIR / "static",
    BASE_DIR / "static_build",
]
# Hashed file names need `collectstatic`; development and tests serve the files as they are.
STATIC_MANIFEST = env_bool("DJANGO_STATIC_MANIFEST", default=not _LOCAL)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Without collectstatic (development, tests) WhiteNoise serves straight from the source folders.
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
MEDIA_ROOT = BASE_DIR / "uploads"
DJANGO_TABLES2_TEMPLATE = "components/django_tables2.html"

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "font-src": [CSP.SELF, "https://assets.nhs.uk"],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

if not _LOCAL:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env_bool("DJANGO_BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Development prints email to the console; production sends it over SMTP unless told otherwise.
_MAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend"
    if _LOCAL
    else "django.core.mail.backends.smtp.EmailBackend"
)
MAILERS = {
    "default": {
        "BACKEND": _MAIL_BACKEND,
        "OPTIONS": (
            {
                "host": env_str("DJANGO_EMAIL_HOST", "localhost"),
                "port": env_int("DJANGO_EMAIL_PORT", default=25),
                "username": env_str("DJANGO_EMAIL_HOST_USER") or None,
                "password": env_str("DJANGO_EMAIL_HOST_PASSWORD") or None,
                "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", default=False),
            }
            if _MAIL_BACKEND.endswith("smtp.EmailBackend")
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "league-tables@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Shown on /contact/ for feedback and reports about the service; empty: NHS England's own route.
SERVICE_CONTACT_EMAIL = env_str("SERVICE_CONTACT_EMAIL", "")

# Celery: with no REDIS_URL every task runs in the calling process, so `make run` needs no
# broker; with one, tasks go to the workers started by `make worker`.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A message not acknowledged in this time (its worker died) is delivered again.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", default=2 * 60 * 60),
    # Seconds between sweeps for such messages is about interval x throttle (kombu's defaults).
    "unacked_restore_interval": env_int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
    "unacked_restore_throttle": env_int("CELERY_UNACKED_RESTORE_THROTTLE", default=10),
}
CELERY_TASK_ACKS_ON_FAILURE_OR_TIMEOUT = True
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Static schedule: django-celery-beat does not install with Django 6.1 (docs/adr).
CELERY_BEAT_SCHEDULE = {
    "recompute-stale-periods": {
        "task": "league.tasks.recompute_stale_periods",
        "schedule": crontab(hour=3, minute=0),
    },
    "improvement-reminders": {
        "task": "improvement.tasks.send_plan_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
}

# Segment-4 trusts publish an improvement plan within this many days of the quarter's publication.
IMPROVEMENT_PLAN_DEADLINE_DAYS = env_int("IMPROVEMENT_PLAN_DEADLINE_DAYS", default=30)
# Absolute links in reminder emails.
SERVICE_BASE_URL = env_str("SERVICE_BASE_URL", "http://127.0.0.1:8000")

# Whole-page cache of the public pages (keyed on the public data version); off only to measure
# the views themselves (bench/load_pages.py).
LEAGUE_PAGE_CACHE = env_bool("LEAGUE_PAGE_CACHE", default=True)
# A publication renders its new pages before it is announced, for at most this long (0: not).
PUBLICATION_WARM_SECONDS = env_int("PUBLICATION_WARM_SECONDS", default=60)

# The JSON API (Django REST framework): read-only and anonymous, each client address throttled
# (counted in the cache) to API_THROTTLE_RATE, e.g. "600/min"; past it, 429 with Retry-After.
# Behind the TLS proxy the client's address is the last one the proxy adds to X-Forwarded-For.
API_THROTTLE_RATE = env_str("API_THROTTLE_RATE", "600/min")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["league.api.renderers.CompactJSONRenderer"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "league.api.renderers.JSONUnlessAsked",
    "DEFAULT_THROTTLE_RATES": {"public": API_THROTTLE_RATE},
    "NUM_PROXIES": 1 if env_bool("DJANGO_BEHIND_TLS_PROXY", default=False) else 0,
    "EXCEPTION_HANDLER": "league.api.base.api_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "league.api.schema.PublicSchema",
}
# The OpenAPI document at /api/openapi.json, generated from the API's views (league/api/schema.py).
SPECTACULAR_SETTINGS = {
    "OAS_VERSION": "3.1.0",
    "TITLE": "NHS trust league tables API",
    "SUMMARY": "NHS England's quarterly league tables of NHS trusts (NHS Oversight Framework).",
    "DESCRIPTION": "Read-only. Only published data. Numbers are JSON numbers; dates and times "
    "are ISO 8601 (times in UTC). Responses may be cached for 5 minutes. Errors are JSON "
    "objects with an `error` member.",
    "VERSION": "1.0",
    "LICENSE": {
        "name": "Open Government Licence v3.0",
        "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    },
    "SCHEMA_PATH_PREFIX": "/api/",
    "SERVE_INCLUDE_SCHEMA": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "league.api.schema.closed_objects",
    ],
    "ENUM_NAME_OVERRIDES": {
        "League": "trusts.models.League",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}

# Bootstrap replicates for the likely ranges of each recompute.
RECOMPUTE_REPLICATES = env_int("RECOMPUTE_REPLICATES", default=1000)

# NHS England NOF import limits.
NOF_IMPORT_MAX_BYTES = env_int("NOF_IMPORT_MAX_BYTES", default=50 * 1024 * 1024)
# The import form refuses more than 10 files with a message; beyond 20 Django answers 400.
DATA_UPLOAD_MAX_NUMBER_FILES = 20

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
