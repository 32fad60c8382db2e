"""Loaded by pytest before Django is configured (see `addopts` in pyproject.toml).

Tests serve static files unhashed (there is no collectstatic manifest in a checkout) and never
inherit a developer's debug setting.
"""

import os

os.environ["DJANGO_STATIC_MANIFEST"] = "false"
os.environ.setdefault("DJANGO_SECRET_KEY", "test-secret-key-" + "x" * 40)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ["DJANGO_DEBUG"] = "false"
os.environ.setdefault("DJANGO_DEMO", "true")  # seed_demo is the suite's main fixture
os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "false"
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Tasks run in process unless a test starts a real worker (tests/league/test_worker.py).
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"
# The suite's clients all share one address; the throttling test sets its own low rate.
os.environ.setdefault("API_THROTTLE_RATE", "100000/min")
os.environ.setdefault("PUBLICATION_WARM_SECONDS", "0")  # the warming tests turn it on
