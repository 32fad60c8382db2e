"""Background recompute against a real Redis and real Celery workers.

Skipped (saying why) without REDIS_URL; the worker-death test also needs PostgreSQL, because a
separate worker process must reach the test database.
"""

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from threading import Thread

import pytest
from celery import Celery
from django.core.management import call_command
from django.db import connection

from league.models import (
    Assessment,
    Period,
    PeriodStatus,
    RecomputeRun,
    Release,
    RunState,
)
from league.services.imports import NofImportRefused, nof_import
from league.services.recompute import period_recompute
from league.services.releases import release_publish, release_revise
from league.services.runs import recompute_request
from tests.league.official import MH_DATA, MH_LEAGUE, edited_copy, nof_files, official

ROOT = Path(__file__).resolve().parents[2]
BROKER = os.environ.get("CELERY_TEST_REDIS_URL") or (
    os.environ.get("REDIS_URL", "").rsplit("/", 1)[0] + "/2" if os.environ.get("REDIS_URL") else ""
)

# The worker-death test uses its own Redis database, away from the in-process session worker.
SEPARATE_BROKER = BROKER.rsplit("/", 1)[0] + "/3" if BROKER else ""

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not BROKER, reason="REDIS_URL is not set: no Redis for a real worker"),
    # serialized_rollback: the catalogue seeded by migrations survives each test's flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(scope="session")
def celery_config():
    return {
        "broker_url": BROKER,
        "result_backend": BROKER,
        "task_always_eager": False,
        "task_acks_late": True,
        "worker_prefetch_multiplier": 1,
    }


@pytest.fixture(scope="session")
def celery_includes():
    return ["league.tasks"]


def _wait_for(condition, timeout: float = 60.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.2)
    runs = list(RecomputeRun.objects.values_list("period__label", "state", "attempts", "error"))
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}; runs: {runs}")


def _table(period: Period) -> list[tuple]:
    return list(
        Assessment.objects.filter(release__period=period, release__number=1)
        .order_by("trust__ods_code")
        .values_list("trust__ods_code", "rank", "adjusted_segment", "average_2dp")
    )


def _import_q4(shared_data) -> Period:
    nof_import(files=nof_files(shared_data, MH_DATA, MH_LEAGUE))
    return Period.objects.get(label="Q4 2025/26")


def test_an_import_queues_a_recompute_that_a_worker_completes(
    shared_data, celery_session_app, celery_session_worker
):
    period_labels = ["Q1 2025/26", "Q2 2025/26", "Q3 2025/26", "Q4 2025/26"]

    nof_import(files=nof_files(shared_data, MH_DATA))

    def all_done():
        runs = RecomputeRun.objects.filter(period__label__in=period_labels)
        return runs.count() == 4 and all(r.state == RunState.SUCCEEDED for r in runs)

    _wait_for(all_done, what="four recomputes")
    for run in RecomputeRun.objects.all():
        assert run.trigger == "import" and run.trusts_written == 61
        assert run.duration is not None and run.duration.total_seconds() > 0
    assert Assessment.objects.filter(period__label="Q4 2025/26").count() == 61


def test_recompute_from_the_command_line_is_handed_to_a_worker_and_waited_for(
    shared_data, celery_session_app, celery_session_worker
):
    period = _import_q4(shared_data)
    _wait_for(
        lambda: not RecomputeRun.objects.exclude(state=RunState.SUCCEEDED).exists(),
        what="the import's recomputes",
    )
    release_publish(release=period.releases.get(number=1))
    release_revise(period=period, reason="Recompute check")
    out = io.StringIO()
    call_command("recompute", period=period.label, queue=True, wait=60, stdout=out)
    assert "succeeded, 61 trusts written" in out.getvalue()
    assert Assessment.objects.filter(release__period=period, release__number=2).count() == 61
    assert RecomputeRun.objects.filter(period=period).latest("pk").state == RunState.SUCCEEDED


def test_ten_requests_at_once_give_at_most_two_runs(
    shared_data, celery_session_app, celery_session_worker
):
    period = _import_q4(shared_data)
    _wait_for(
        lambda: not RecomputeRun.objects.exclude(state=RunState.SUCCEEDED).exists(),
        what="the import's recomputes",
    )
    single = _table(period)
    before = RecomputeRun.objects.filter(period=period).count()

    threads = [Thread(target=_request, args=(period.pk,)) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    _wait_for(
        lambda: not RecomputeRun.objects.exclude(state=RunState.SUCCEEDED).exists(),
        what="the requested recomputes",
    )
    assert 1 <= RecomputeRun.objects.filter(period=period).count() - before <= 2
    assert _table(period) == single


def _request(period_id: int) -> None:
    try:
        recompute_request(period=Period.objects.get(pk=period_id), trigger="admin")
    finally:
        connection.close()


def test_a_recompute_that_raises_is_recorded_and_the_old_results_stay(
    shared_data, celery_session_app, celery_session_worker, monkeypatch
):
    period = _import_q4(shared_data)
    _wait_for(
        lambda: not RecomputeRun.objects.exclude(state=RunState.SUCCEEDED).exists(),
        what="the import's recomputes",
    )
    before = _table(period)

    def broken(*args, **kwargs):
        raise ZeroDivisionError("engine fault injected by the test")

    monkeypatch.setattr("league.services.recompute.compute_period", broken)
    run = recompute_request(period=period, trigger="admin")

    failed = _wait_for(
        lambda: RecomputeRun.objects.filter(pk=run.pk, state=RunState.FAILED).first(),
        what="the failed run",
    )
    assert "engine fault injected" in failed.error
    assert _table(period) == before


def _worker(env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
            "-n",
            f"killtest-{time.monotonic_ns()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("sqlite") or not os.environ.get("DATABASE_URL"),
    reason="a worker process needs the PostgreSQL test database",
)
def test_a_worker_killed_mid_recompute_leaves_the_old_table_and_the_task_is_redelivered(
    shared_data,
):
    nof_import(files=nof_files(shared_data, MH_DATA, MH_LEAGUE))
    period = Period.objects.get(label="Q4 2025/26")
    _wait_for(
        lambda: not RecomputeRun.objects.exclude(state=RunState.SUCCEEDED).exists(),
        what="the import's recomputes",
    )
    before = _table(period)
    assert len(before) == 61
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}"
        f"/{db['NAME']}",
        "REDIS_URL": SEPARATE_BROKER,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_VISIBILITY_TIMEOUT": "3",
        "CELERY_UNACKED_RESTORE_INTERVAL": "1",
        "CELERY_UNACKED_RESTORE_THROTTLE": "1",
        "DJANGO_DEBUG": "false",
    }
    run = RecomputeRun.objects.create(period=period, trigger="command")
    sender = Celery(broker=SEPARATE_BROKER, set_as_current=False)
    slow = _worker({**env, "RECOMPUTE_REPLICATES": "300000"})
    try:
        sender.send_task("league.tasks.recompute_period", args=[run.pk])
        _wait_for(
            lambda: RecomputeRun.objects.filter(pk=run.pk, state=RunState.RUNNING).exists(),
            what="the slow worker to start the run",
        )
        time.sleep(1.0)
        slow.send_signal(signal.SIGKILL)
        slow.wait(timeout=30)
        assert _table(period) == before  # the previous complete table, never a mix
        assert RecomputeRun.objects.get(pk=run.pk).state == RunState.RUNNING
    finally:
        if slow.poll() is None:
            slow.kill()
    fresh = _worker(env)
    try:
        done = _wait_for(
            lambda: RecomputeRun.objects.filter(pk=run.pk, state=RunState.SUCCEEDED).first(),
            timeout=120,
            what="the redelivered task on a new worker",
        )
    finally:
        fresh.terminate()
        fresh.wait(timeout=30)
    assert done.attempts == 2 and done.trusts_written == 61
    assert _table(period) == before


def test_corrections_go_through_a_revision_and_keep_the_old_release(shared_data, tmp_path):
    nof_import(files=nof_files(shared_data, MH_DATA))
    period = Period.objects.get(label="Q4 2025/26")
    _wait_for(
        lambda: not RecomputeRun.objects.exclude(state=RunState.SUCCEEDED).exists(),
        what="the import's recomputes",
    )
    release_publish(release=period.releases.get())
    first = _table(period)

    with pytest.raises(NofImportRefused):
        nof_import(files=nof_files(shared_data, MH_DATA))

    revision = release_revise(period=period, reason="NHS England corrected a value")
    period.refresh_from_db()
    assert period.status == PeriodStatus.REVISING

    def worse(rows):
        header = rows[0]
        for row in rows[1:]:
            if (
                row[header.index("Quarter")],
                row[header.index("Trust_code")],
                row[header.index("Metric_ID")],
            ) == ("Q4 2025/26", "RYY", "OF1084"):
                row[header.index("Value")] = "4.0"

    corrected = edited_copy(official(shared_data, MH_DATA), tmp_path / MH_DATA, worse)
    from league.nof_files import NofFile

    nof_import(files=[NofFile(corrected, MH_DATA)])
    _wait_for(
        lambda: not RecomputeRun.objects.exclude(state=RunState.SUCCEEDED).exists(),
        what="the correction's recomputes",
    )
    period_recompute(period=period)
    release_publish(release=revision, correction_note="RYY's staff survey score was corrected.")

    assert _table(period) == first  # release 1 is still readable as it was
    revision.refresh_from_db()
    assert revision.state == "published"
    assert Release.objects.get(period=period, number=1).state == "superseded"
    moved = {change["trust"] for change in revision.changes}
    assert "RYY" in moved
