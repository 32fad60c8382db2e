"""Redis unreachable: pages are still served and imports still commit.

The services the suite shares are not stopped: the settings point at a port where nothing listens,
which is what the service sees when Redis is down.
"""

import pytest
from celery import current_app
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from kombu import pools

from league.models import ImportBatch, RecomputeRun, RunState
from league.services.runs import periods_recompute_stale
from tests.league import factories
from tests.league.official import MH_DATA, official

DEAD_REDIS = "redis://127.0.0.1:6390/0"


@pytest.fixture
def cache_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.TolerantRedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }


@pytest.fixture
def broker_down():
    conf = current_app.conf
    saved = (
        conf.broker_url,
        conf.task_always_eager,
        conf.broker_connection_timeout,
        conf.task_publish_retry_policy,
    )
    conf.broker_url, conf.task_always_eager = DEAD_REDIS, False
    conf.broker_connection_timeout = 0.5
    conf.task_publish_retry_policy = {"max_retries": 1, "interval_start": 0, "interval_step": 0.1}
    _new_connections()
    yield
    (
        conf.broker_url,
        conf.task_always_eager,
        conf.broker_connection_timeout,
        conf.task_publish_retry_policy,
    ) = saved
    _new_connections()


def _new_connections() -> None:
    """Make the app connect afresh, to the broker now configured. kombu keeps its connection
    pools in a registry keyed by broker address: closing one without clearing the registry
    would leave a closed pool for the next task sent to that broker, even an eager one."""
    app = current_app._get_current_object()
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.mark.django_db
def test_public_pages_are_served_while_the_cache_is_unreachable(cache_down):
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)
    assert cache.get("anything", "missing") == "missing"
    for path in ("/", "/api/league/acute/", "/api/periods/"):
        assert Client().get(path).status_code == 200, path


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_import_commits_while_the_queue_is_unreachable_and_runs_once_it_is_back(
    shared_data, broker_down, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    importer = Client()
    importer.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(MH_DATA, official(shared_data, MH_DATA).read_bytes())
    preview = importer.post(reverse("admin:league_importbatch_import"), {"files": [upload]})
    assert preview.context["problem_count"] == 0
    [folder] = (settings.MEDIA_ROOT / "nof-staging").iterdir()
    token = folder.name
    done = importer.post(
        reverse("admin:league_importbatch_import_confirm"), {"token": token}, follow=True
    )

    assert ImportBatch.objects.get().outcome == "imported"
    assert "task queue cannot be reached" in done.text
    waiting = RecomputeRun.objects.filter(state=RunState.QUEUED, enqueued=False)
    assert waiting.count() == 4

    # The queue is back: the daily check hands the runs over and they run.
    current_app.conf.task_always_eager = True
    periods_recompute_stale()

    assert set(RecomputeRun.objects.values_list("state", flat=True)) == {RunState.SUCCEEDED}
