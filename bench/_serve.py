"""Shared helpers of the multi-process benchmarks: a disposable PostgreSQL database and Redis
database, the production environment, gunicorn and Celery processes in their own process
groups (always stopped), and a small HTTP client that keeps its connection and cookies.

Everything runs on loopback. BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/
postgres) names the server whose databases are created and dropped; BENCH_REDIS_URL (default
redis://127.0.0.1:6379) the Redis server, whose numbered database each script flushes.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import psycopg
import redis
from psycopg import sql

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379")
SETTINGS = """from config.settings import *  # noqa: F403

MEDIA_ROOT = {media!r}  # uploads staged by this run only
STATIC_ROOT = {static!r}
"""


def database_url(name: str) -> str:
    return POSTGRES.rsplit("/", 1)[0] + "/" + name


def recreate_database(name: str) -> str:
    with psycopg.connect(POSTGRES, autocommit=True) as connection:
        drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        connection.execute(drop)
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return database_url(name)


def drop_database(name: str) -> None:
    with psycopg.connect(POSTGRES, autocommit=True) as connection:
        drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        connection.execute(drop)


def flush_redis(url: str) -> None:
    client = redis.Redis.from_url(url)
    client.flushdb()
    client.close()


def production_env(tmp: Path, database: str, redis_db: int, **extra: str) -> dict[str, str]:
    """The variables of a production web or worker machine, on loopback over plain HTTP."""
    (tmp / "media").mkdir(exist_ok=True)
    (tmp / "static").mkdir(exist_ok=True)
    text = SETTINGS.format(media=str(tmp / "media"), static=str(tmp / "static"))
    (tmp / "bench_prod_settings.py").write_text(text)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="bench_prod_settings",
        PYTHONPATH=os.pathsep.join([str(tmp), str(ROOT)]),
        DATABASE_URL=database,
        REDIS_URL=f"{REDIS}/{redis_db}",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="false",  # loopback is plain HTTP
        DJANGO_STATIC_MANIFEST="false",
        DJANGO_LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str) -> None:
    command = [sys.executable, str(ROOT / "manage.py"), *args]
    subprocess.run(command, env=env, cwd=ROOT, check=True)


def setup_django(env: dict[str, str]) -> None:
    """Django in this process, with the servers' settings (to read or change the database)."""
    os.environ.update(env)
    sys.path[:0] = env["PYTHONPATH"].split(os.pathsep)
    import django

    django.setup()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Processes:
    """Started processes, each in its own session (process group); `stop_all` ends them all."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.started: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, command: list[str], env: dict[str, str]) -> subprocess.Popen:
        log = open(self.logs / f"{name}.log", "wb")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()
        self.started.append((name, process))
        return process

    def gunicorn(self, name: str, env: dict[str, str], workers: int, *extra: str) -> str:
        port = free_port()
        command = [str(BIN / "gunicorn"), "config.wsgi", f"--bind=127.0.0.1:{port}"]
        command += [f"--workers={workers}", "--log-level=warning", *extra]
        self.start(name, command, env)
        base = f"http://127.0.0.1:{port}"
        wait_for(base, self, name)
        return base

    def celery_worker(self, name: str, env: dict[str, str], concurrency: int = 1) -> None:
        command = [str(BIN / "celery"), "-A", "config", "worker", "--loglevel=INFO"]
        command += [f"--concurrency={concurrency}", "-n", f"{name}-{uuid.uuid4().hex[:6]}@%h"]
        self.start(name, command, env)

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(errors="replace")

    def check_alive(self) -> None:
        for name, process in self.started:
            if process.poll() is not None:
                tail = "\n".join(self.log(name).splitlines()[-20:])
                raise SystemExit(f"{name} exited with {process.returncode}:\n{tail}")

    def stop_all(self) -> None:
        for _name, process in self.started:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 30
        for _name, process in self.started:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        for _name, process in self.started:  # children left behind by a master
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
        self.started.clear()


def wait_for(base: str, processes: Processes, name: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        processes.check_alive()
        try:
            Client(base).get("/api/")
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{name} does not answer at {base}")


class Client:
    """One keep-alive HTTP connection with a cookie jar that, like a browser on localhost,
    sends Secure cookies over plain HTTP (production settings mark every cookie Secure)."""

    def __init__(self, base: str, timeout: float = 60) -> None:
        host, port = re.match(r"http://([^:/]+):(\d+)", base).groups()
        self.connection = http.client.HTTPConnection(host, int(port), timeout=timeout)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            self.connection.close()  # the server closed a kept-alive connection: once more
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        content = response.read()
        for header in response.msg.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        if response.will_close:
            self.connection.close()
        return response.status, response, content

    def get(self, path: str):
        return self.request("GET", path)

    def post_form(self, path: str, fields: dict[str, str]):
        body = urlencode(fields).encode()
        return self.request(
            "POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"}
        )

    def post_multipart(self, path: str, fields: dict[str, str], files: dict[str, Path]):
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in fields.items():
            head = f'Content-Disposition: form-data; name="{name}"\r\n\r\n'
            parts.append(f"--{boundary}\r\n{head}".encode() + value.encode() + b"\r\n")
        for name, path_ in files.items():
            head = f'Content-Disposition: form-data; name="{name}"; filename="{path_.name}"\r\n'
            head += "Content-Type: text/csv\r\n\r\n"
            parts.append(f"--{boundary}\r\n{head}".encode() + path_.read_bytes() + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        content_type = f"multipart/form-data; boundary={boundary}"
        return self.request("POST", path, body, {"Content-Type": content_type})


def csrf_token(html: bytes) -> str:
    found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not found:
        raise SystemExit("no CSRF token in the page")
    return found[1].decode()
