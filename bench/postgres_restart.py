"""PostgreSQL restarted under load: errors only while it is down, full recovery after.

    .venv/bin/python bench/postgres_restart.py [--seconds 20] [--connections 8]

Starts gunicorn with production settings against a scratch PostgreSQL database, sends
uncached requests (a search for a random word needs the database every time) from several
threads, restarts the PostgreSQL cluster (`pg_ctlcluster … restart`, so it needs the rights to do
that) a few seconds in, and prints, second by second, how many requests succeeded and failed.
Exits non-zero if any request fails before the restart or in the last five seconds.
It disturbs everything else using this PostgreSQL server: run it on its own.
"""

import argparse
import http.client
import os
import random
import string
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DB = "restartbench"
PORT = 8097


def _env() -> dict:
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "restart-bench-" + "s" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_STATIC_MANIFEST": "false",
        "CELERY_TASK_ALWAYS_EAGER": "true",
        "REDIS_URL": "",
    }


def _psql(sql: str) -> None:
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", sql], check=True)


def _load(stop: threading.Event, results: list, start: float) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
    while not stop.is_set():
        word = "".join(random.choices(string.ascii_lowercase, k=8))
        second = int(time.monotonic() - start)
        try:
            connection.request("GET", f"/search/?q={word}")
            response = connection.getresponse()
            response.read()
            results.append((second, response.status < 500))
        except (OSError, http.client.HTTPException):
            results.append((second, False))
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
            time.sleep(0.05)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--restart-at", type=int, default=5)
    options = parser.parse_args()
    cluster = os.listdir("/etc/postgresql")[0]
    _psql(f"DROP DATABASE IF EXISTS {DB}")
    _psql(f"CREATE DATABASE {DB}")
    env = _env()
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    demo = {**env, "DJANGO_DEMO": "true"}  # a tool that loads data, not a production app
    subprocess.run([python, "manage.py", "seed_demo", "-v0"], cwd=ROOT, env=demo, check=True)
    server = subprocess.Popen(
        [
            str(Path(python).parent / "gunicorn"),
            "config.wsgi",
            "--workers",
            "3",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        time.sleep(3)
        stop, results = threading.Event(), []
        start = time.monotonic()
        threads = [
            threading.Thread(target=_load, args=(stop, results, start))
            for _ in range(options.connections)
        ]
        for thread in threads:
            thread.start()
        time.sleep(options.restart_at)
        began = time.monotonic() - start
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "restart"], check=True
        )
        ended = time.monotonic() - start
        time.sleep(max(0, options.seconds - ended))
        stop.set()
        for thread in threads:
            thread.join()
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
        _psql(f"DROP DATABASE IF EXISTS {DB}")
    ok, failed = Counter(), Counter()
    for second, success in results:
        (ok if success else failed)[second] += 1
    print(
        f"PostgreSQL restart from {began:.1f} s to {ended:.1f} s; "
        f"{options.connections} connections, uncached search requests:"
    )
    for second in range(options.seconds + 1):
        print(f"  {second:3d} s: {ok[second]:5d} ok, {failed[second]:4d} failed")
    before = sum(failed[s] for s in range(int(began)))
    last = sum(failed[s] for s in range(options.seconds - 4, options.seconds + 1))
    total_failed = sum(failed.values())
    print(
        f"failed before the restart: {before}; failed in the last 5 s: {last}; "
        f"total {sum(ok.values())} ok, {total_failed} failed"
    )
    sys.exit(1 if before or last else 0)


if __name__ == "__main__":
    main()
