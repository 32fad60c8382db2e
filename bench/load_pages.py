"""Load-test public pages under gunicorn: prints figures, asserts nothing.

    .venv/bin/python bench/load_pages.py [--seconds 8] [--workers 2] [--connections 32]
                                         [--threads 2] [--rounds 3] [--path /league/acute/ ...]

Runs gunicorn (sync workers) on loopback with the production settings (DEBUG off, a random
secret key, DJANGO_ALLOWED_HOSTS=127.0.0.1, no SSL redirect, unhashed static files, LocMem cache
as without REDIS_URL) on a fresh SQLite database (or DATABASE_URL's: a disposable one), loads
the demonstration data, then loads each --path (default: the acute league table, a trust
profile and the API's acute table, served throttled at a rate the load never reaches) for
--seconds per case with `wrk` (or a Python load generator without wrk) and prints requests/s
and p50/p99 latency:

- cached: served by the front door (league.page_cache.PublicCacheMiddleware, warmed in every
  worker), alternating --rounds times with
- static: the same bytes as a static file, served by WhiteNoise in the same server;
- uncached: whole-page caches off (LEAGUE_PAGE_CACHE = False): each request runs the view and
  renders the page; what publication leaves unchanged (periods, filter choices, the table
  fragment, the row count) stays cached under the data version;
- cold: no cache at all (DummyCache): every query and the whole page, every time.

For each path it prints the median of the rounds' cached/static ratios. Goals: cached >= 0.9 x
static; uncached >= 300 requests/s.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PATHS = ["/league/acute/", "/trusts/ZFQ/", "/api/league/acute/"]
STATIC = "/static/bench/{name}.html"
SETTINGS = """from config.settings import *  # noqa: F403

STATIC_ROOT = {static_root!r}  # the benchmark's copy of the page, served by WhiteNoise
"""
DUMMY_CACHE = "django.core.cache.backends.dummy.DummyCache"
VARIANTS = {
    "bench_settings": "",
    "bench_uncached": "LEAGUE_PAGE_CACHE = False\n",
    "bench_cold": f"CACHES = {{'default': {{'BACKEND': {DUMMY_CACHE!r}}}}}\n",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2, help="wrk's threads")
    parser.add_argument("--rounds", type=int, default=3, help="cached/static alternations")
    parser.add_argument("--python-client", action="store_true", help="never use wrk")
    parser.add_argument("--path", action="append", help=f"an address (default {PATHS})")
    parser.add_argument("--no-uncached", action="store_true", help="skip uncached and cold")
    args = parser.parse_args()
    paths = args.path or PATHS
    load = wrk_load if shutil.which("wrk") and not args.python_client else python_load
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as name:
        tmp = Path(name)
        env = environment(tmp)
        manage(env, "migrate", "--noinput", "-v0")
        manage({**env, "DJANGO_DEMO": "true"}, "seed_demo", "-v0")
        ratios: dict[str, float] = {}
        with gunicorn(env, "bench_settings", args.workers) as (base, server):
            statics = {}
            for number, path in enumerate(paths):
                statics[path] = STATIC.format(name=f"page{number}")
                body = fetch(base + path)
                (tmp / "static" / statics[path].removeprefix("/static/")).write_bytes(body)
            reload_workers(base, server, statics.values())  # new workers index the copies
            print(f"{args.workers} gunicorn workers; {load.__name__}, {args.connections}", end="")
            print(f" connections, {args.seconds} s per case, {args.rounds} rounds")
            for path in paths:
                if fetch(base + statics[path]) != fetch(base + path):
                    raise SystemExit(f"the static copy of {path} differs from it")
                warm(base + path, args.workers)
                print(f"{path}: {len(fetch(base + path)):,} bytes")
                rounds = []
                for _ in range(args.rounds):
                    cached = report("cached", load(base + path, args))
                    static = report("static", load(base + statics[path], args))
                    rounds.append(cached[0] / static[0])
                ratios[path] = statistics.median(rounds)
        uncached = {}
        if not args.no_uncached:
            for case, settings in (("uncached", "bench_uncached"), ("cold", "bench_cold")):
                with gunicorn(env, settings, args.workers) as (base, _server):
                    for path in paths:
                        warm(base + path, args.workers)
                        print(f"{path}:", end=" ")
                        uncached[case, path] = report(case, load(base + path, args))[0]
    for path, ratio in ratios.items():
        print(f"{path}: cached/static ratio {ratio:.2f} (median of {args.rounds}; goal >= 0.9)")
    for (case, path), rps in uncached.items():
        if case == "uncached":
            print(f"{path}: uncached {rps:.0f} requests/s (goal >= 300)")


def environment(tmp: Path) -> dict[str, str]:
    (tmp / "static" / "bench").mkdir(parents=True)
    for module, extra in VARIANTS.items():
        text = SETTINGS.format(static_root=str(tmp / "static")) + extra
        (tmp / f"{module}.py").write_text(text)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("REDIS_URL", None)  # LocMem cache, as in a deployment without Redis
    env.update(
        DJANGO_SETTINGS_MODULE="bench_settings",
        PYTHONPATH=os.pathsep.join([str(tmp), str(ROOT)]),
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_STATIC_MANIFEST="false",
        DATABASE_URL=os.environ.get("DATABASE_URL") or f"sqlite:///{tmp / 'bench.sqlite3'}",
        API_THROTTLE_RATE="100000000/min",  # counted on every request, never reached
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True)


@contextlib.contextmanager
def gunicorn(env: dict[str, str], settings: str, workers: int):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = [str(Path(sys.executable).with_name("gunicorn")), "config.wsgi"]
    command += [f"--bind=127.0.0.1:{port}", f"--workers={workers}", "--log-level=warning"]
    server = subprocess.Popen(command, env={**env, "DJANGO_SETTINGS_MODULE": settings}, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/")
        yield base, server
    finally:
        server.terminate()
        server.wait(timeout=30)


def wait_for(url: str) -> None:
    for _ in range(150):
        try:
            fetch(url)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} is not served")


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


def reload_workers(base: str, server: subprocess.Popen, statics) -> None:
    """WhiteNoise indexes STATIC_ROOT when a worker starts: HUP makes gunicorn start new ones."""
    server.send_signal(signal.SIGHUP)
    time.sleep(1)
    for static in statics:
        wait_for(base + static)


def warm(url: str, workers: int) -> None:
    for _ in range(workers * 20):  # every worker's LocMem cache
        fetch(url)


def report(name: str, result: tuple[float, float, float]) -> tuple[float, float, float]:
    rps, p50, p99 = result
    print(f"{name:9} {rps:8.0f} requests/s   p50 {p50:7.2f} ms   p99 {p99:7.2f} ms")
    return result


def wrk_load(url: str, args) -> tuple[float, float, float]:
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.seconds}s"]
    command += ["--latency", url]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in out:
        raise SystemExit(f"errors while loading {url}:\n{out}")
    if "Socket errors" in out:  # wrk gives up on a request after 2 s: say so, go on
        print("  " + re.search(r"Socket errors:.*", out)[0])
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])
    return rps, _latency(out, "50%"), _latency(out, "99%")


def _latency(out: str, percentile: str) -> float:
    value, unit = re.search(rf"{percentile}\s+([\d.]+)(us|ms|s)", out).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def python_load(url: str, args) -> tuple[float, float, float]:
    """Threads sending GETs, one connection per request (sync workers close each one)."""
    host, port, path = re.match(r"http://([^:]+):(\d+)(/.*)", url).groups()
    latencies: list[float] = []
    deadline = time.monotonic() + args.seconds

    def client() -> None:
        while time.monotonic() < deadline:
            started = time.perf_counter()
            connection = http.client.HTTPConnection(host, int(port), timeout=30)
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            connection.close()
            if response.status != 200:
                raise SystemExit(f"{url}: {response.status}")
            latencies.append((time.perf_counter() - started) * 1000)

    threads = [threading.Thread(target=client) for _ in range(args.connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cuts = statistics.quantiles(latencies, n=100)
    return len(latencies) / args.seconds, cuts[49], cuts[98]


if __name__ == "__main__":
    main()
