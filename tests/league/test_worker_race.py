"""Two worker processes, one period, inputs that change between two recompute requests: the
older run (made slow with many bootstrap replicates) must not overwrite the newer inputs'
results, and a reader never sees a mixture of two runs.

Needs Redis and PostgreSQL: the workers are separate processes on the test database.
"""

import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from threading import Event, Thread

import pytest
import redis
from celery import Celery
from celery.contrib.testing.app import setup_default_app
from django.db import connection

import league.tasks  # noqa: F401  (registers the tasks before any test app is made)
from league.models import Assessment, Period, RecomputeRun, Release, RunState
from league.nof_files import NofFile
from league.services.imports import nof_import
from league.services.runs import recompute_request, recompute_run_execute
from tests.league.official import MH_DATA, MH_LEAGUE, edited_copy, nof_files, official

ROOT = Path(__file__).resolve().parents[2]
REDIS = os.environ.get("CELERY_TEST_REDIS_URL") or os.environ.get("REDIS_URL", "")
# A Redis database of its own, so no other test's worker takes these tasks.
RACE_BROKER = REDIS.rsplit("/", 1)[0] + "/4" if REDIS else ""
DATABASE = os.environ.get("DATABASE_URL", "")

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not REDIS, reason="REDIS_URL is not set: no Redis for real workers"),
    pytest.mark.skipif(
        not DATABASE.startswith("postgres"),
        reason="worker processes need the PostgreSQL test database (DATABASE_URL)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TRUST = "RYY"
CELERY = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo"]
CELERY += ["--without-gossip", "--without-mingle", "--loglevel=INFO"]


def _wait_for(condition, timeout: float = 120.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.1)
    runs = list(RecomputeRun.objects.values_list("pk", "state", "attempts", "error"))
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}; runs: {runs}")


@contextmanager
def _to_race_workers():
    """Tasks enqueued inside go to this test's Redis database (the suite runs tasks in process
    otherwise), as an import's recompute would reach the workers in production."""
    app = Celery(broker=RACE_BROKER, set_as_current=False)
    app.conf.task_always_eager = False
    with setup_default_app(app):
        app.set_current()
        app.set_default()
        yield


def _worker(name: str, replicates: int) -> subprocess.Popen:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}"
        f"/{db['NAME']}",
        "REDIS_URL": RACE_BROKER,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "DJANGO_DEBUG": "false",
        "RECOMPUTE_REPLICATES": str(replicates),
    }
    return subprocess.Popen(
        [*CELERY, "-n", f"{name}@%h"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _table(release: Release) -> tuple:
    return tuple(
        Assessment.objects.filter(release=release)
        .order_by("trust__ods_code")
        .values_list("trust__ods_code", "rank", "adjusted_segment", "average_2dp", "rank_low")
    )


def _corrected(shared_data, tmp_path) -> NofFile:
    def edit(rows):
        header = rows[0]
        quarter, code, metric, value = (
            header.index(name) for name in ("Quarter", "Trust_code", "Metric_ID", "Value")
        )
        for row in rows[1:]:
            if (row[quarter], row[code], row[metric]) == ("Q4 2025/26", TRUST, "OF1084"):
                row[value] = "4.0"

    return NofFile(edited_copy(official(shared_data, MH_DATA), tmp_path / MH_DATA, edit), MH_DATA)


def test_a_run_on_older_inputs_never_overwrites_the_newer_results(shared_data, tmp_path):
    queue = redis.Redis.from_url(RACE_BROKER)
    queue.flushdb()
    with _to_race_workers():
        nof_import(files=nof_files(shared_data, MH_DATA, MH_LEAGUE))
    queue.flushdb()  # the import's run of Q4 is run here, in process, for the first table
    period = Period.objects.get(label="Q4 2025/26")
    recompute_run_execute(run_id=RecomputeRun.objects.get(period=period).pk)
    release = period.releases.get()
    initial = _table(release)
    version_before = Period.objects.get(pk=period.pk).inputs_version

    seen: set[tuple] = set()
    stop = Event()

    def read_tables() -> None:
        try:
            while not stop.is_set():
                seen.add(_table(release))
                time.sleep(0.05)
        finally:
            connection.close()

    reader = Thread(target=read_tables)
    reader.start()
    slow = _worker("slow", replicates=200_000)
    fast = None
    try:
        with _to_race_workers():
            older = recompute_request(period=period, trigger="admin")
        _wait_for(
            lambda: RecomputeRun.objects.filter(pk=older.pk, state=RunState.RUNNING).exists(),
            what="the slow worker to start the older run",
        )
        with _to_race_workers():
            nof_import(files=[_corrected(shared_data, tmp_path)])  # new inputs, a newer run
        newer = RecomputeRun.objects.filter(period=period, state=RunState.QUEUED).get()
        fast = _worker("fast", replicates=1000)
        _wait_for(
            lambda: RecomputeRun.objects.filter(
                pk=newer.pk, state__in=[RunState.SUCCEEDED, RunState.FAILED]
            ).exists(),
            timeout=240,
            what="the newer run",
        )
        _wait_for(
            lambda: not RecomputeRun.objects.filter(pk=older.pk, state=RunState.RUNNING).exists(),
            what="the older run to end",
        )
    finally:
        stop.set()
        reader.join()
        for process in (slow, fast):
            if process is not None:
                process.terminate()
                process.wait(timeout=30)

    older.refresh_from_db()
    newer.refresh_from_db()
    final = _table(release)
    period.refresh_from_db()
    runs = RecomputeRun.objects.filter(period=period)
    print(
        f"\nrace: {runs.count()} runs of Q4 2025/26; superseded "
        f"{runs.filter(state=RunState.SUPERSEDED).count()}; older run read inputs version "
        f"{older.inputs_version}, newer run {newer.inputs_version}; period now at version "
        f"{period.inputs_version}"
    )
    assert older.state == RunState.SUPERSEDED, older.error
    assert older.inputs_version == version_before
    assert newer.state == RunState.SUCCEEDED
    assert newer.inputs_version == period.inputs_version == version_before + 1
    # The newer inputs' results: the corrected score moved the trust down the table.
    before = dict((row[0], row[1]) for row in initial)
    after = dict((row[0], row[1]) for row in final)
    assert after[TRUST] > before[TRUST]
    # Readers saw the first table or the final one, never a mixture or the stale run's.
    assert initial in seen and seen <= {initial, final}, f"{len(seen)} distinct tables seen"
