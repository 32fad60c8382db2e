"""Load the production layout with a publication-day mix of public pages; exits non-zero on any
error (a status of 400 or more, or a failed connection).

    .venv/bin/python bench/load_publication_day.py [--seconds 60] [--connections 64]
        [--workers 4] [--publish-at SECONDS | --bump-at SECONDS] [--seed 1] [--keep]

gunicorn (--workers sync workers, --max-requests 5000 as `make serve-prod`) on loopback with
production settings (DEBUG off, secret key, collectstatic into a temporary STATIC_ROOT with
hashed names, no SSL redirect on plain HTTP), PostgreSQL (BENCH_DATABASE, default
`bench_publication_day`, dropped and created, then dropped again unless --keep) seeded with the
demonstration data, and the Redis cache (database 5, flushed before the run, as publication
leaves the page cache cold). Each of --connections client threads sends requests one after
another on its own keep-alive HTTP/1.1 connection (gunicorn's sync workers close each one, so
the client reconnects) for --seconds, choosing by weight (MIX): league tables (some filtered,
sorted, paged, or earlier quarters), trust profiles (random demonstration trusts), metric
pages, compare, csv/xlsx/json downloads, feeds, the API, search, methodology, improvement and
the stylesheet. At --publish-at seconds (default half-way; 0 = never) a correction of the latest
quarter, prepared before the load, is published by `release_publish` in this process, as staff
would: its pages are prepared (league/warming.py) before the publication is announced; the
script then prints p99 latency in the minute before the publication started and in the minute
after it was announced. Or at --bump-at seconds only the public data version is bumped, so every
stored page goes stale at once with nothing prepared (the cold case). Prints per page type the
requests, errors and p50/p99 latency, and overall requests/s. The client shares the machine's
CPUs with the server.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote_plus

import redis
from _serve import (
    ROOT,
    Client,
    Processes,
    drop_database,
    flush_redis,
    manage,
    production_env,
    recreate_database,
    setup_django,
)

REDIS_DB = 5
LEAGUES = ("acute", "non-acute", "ambulance")
# Page type: weight (share of requests on a publication day).
MIX = {
    "home": 10,
    "league": 13,
    "league filtered": 9,
    "trust": 22,
    "metric": 7,
    "compare": 5,
    "download csv": 3,
    "download xlsx": 2,
    "download json": 2,
    "feed": 5,
    "api": 9,
    "search": 4,
    "methodology/improvement": 6,
    "static": 3,
}


class Site:
    """What the demonstration data offers, found through the public API and home page."""

    def __init__(self, base: str) -> None:
        client = Client(base)
        self.trusts: dict[str, list[str]] = defaultdict(list)
        self.regions: dict[str, set[str]] = defaultdict(set)
        self.subtypes: dict[str, set[str]] = defaultdict(set)
        self.names: list[str] = []
        path = "/api/trusts/"
        while path:
            page = get_json(client, path)
            for trust in page["results"]:
                league = trust["league"]
                self.trusts[league].append(trust["ods_code"])
                self.regions[league].add(trust["region"]["code"])
                self.subtypes[league].add(trust["subtype"])
                self.names.append(trust["short_name"])
            path = page["next"] and re.sub(r"^https?://[^/]+", "", page["next"])
        self.metrics = [m["metric_id"] for m in get_json(client, "/api/metrics/")["results"]]
        self.periods = [p["slug"] for p in get_json(client, "/api/periods/")["results"]]
        home = client.get("/")[2]
        self.stylesheet = re.search(rb'href="(/static/[^"]+\.css)"', home)[1].decode()

    def path(self, kind: str, rng: random.Random) -> str:
        league = rng.choices(LEAGUES, weights=(6, 3, 1))[0]
        code = rng.choice(self.trusts[league])
        if kind == "home":
            return "/"
        if kind == "league":
            return f"/league/{league}/"
        if kind == "league filtered":
            return f"/league/{league}/?" + rng.choice(
                [
                    f"region={rng.choice(sorted(self.regions[league]))}",
                    f"segment={rng.randint(1, 4)}",
                    f"sort={rng.choice(['-average', 'average', 'trust', '-rank', 'segment'])}",
                    "page=2" if league == "acute" else "show=all",
                    f"period={rng.choice(self.periods)}",
                    f"subtype={quote_plus(rng.choice(sorted(self.subtypes[league])))}",
                ]
            )
        if kind == "trust":
            return f"/trusts/{code}/"
        if kind == "metric":
            return f"/metrics/{rng.choice(self.metrics)}/"
        if kind == "compare":
            others = rng.sample(self.trusts[league], min(3, len(self.trusts[league])))
            return "/compare/?trusts=" + ",".join(others[: rng.randint(2, 3)])
        if kind.startswith("download"):
            extra = rng.choice(["", f"&segment={rng.randint(1, 4)}"])
            return f"/league/{league}/?download={kind.split()[1]}{extra}"
        if kind == "feed":
            return rng.choice(["/feeds/releases/", f"/trusts/{code}/feed/"])
        if kind == "api":
            return rng.choice(
                [f"/api/league/{league}/", "/api/trusts/", f"/api/trusts/{code}/", "/api/"]
            )
        if kind == "search":
            name = rng.choice(self.names)
            return "/search/?q=" + quote_plus(name[: rng.randint(3, len(name))])
        if kind == "methodology/improvement":
            return rng.choice(["/methodology/", "/improvement/"])
        return self.stylesheet


def get_json(client: Client, path: str) -> dict:
    status, _, content = client.get(path)
    if status != 200:
        raise SystemExit(f"{path}: HTTP {status}")
    return json.loads(content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--publish-at", type=float, help="seconds; default half-way, 0 = never")
    parser.add_argument("--bump-at", type=float, default=0, help="seconds; 0 = never")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    publish_at = args.seconds / 2 if args.publish_at is None else args.publish_at
    if args.bump_at:
        publish_at = 0
    name = os.environ.get("BENCH_DATABASE", "bench_publication_day")
    with tempfile.TemporaryDirectory(prefix="bench-publication-day-") as tmp_name:
        tmp = Path(tmp_name)
        database = recreate_database(name)
        env = production_env(tmp, database, REDIS_DB, DJANGO_STATIC_MANIFEST="true")
        env["DJANGO_LOG_LEVEL"] = "WARNING"
        env["API_THROTTLE_RATE"] = "100000000/min"  # every client here shares one address
        processes = Processes(tmp)
        try:
            started = time.perf_counter()
            manage(env, "migrate", "--noinput", "-v0")
            manage(
                {**env, "CELERY_TASK_ALWAYS_EAGER": "true", "DJANGO_DEMO": "true"},
                "seed_demo",
                "-v0",
            )
            manage(env, "collectstatic", "--noinput", "-v0")
            setup = time.perf_counter() - started
            print(f"migrated, seeded demonstration data, collected static files in {setup:.1f} s")
            extra = ("--max-requests=5000", "--max-requests-jitter=500")
            base = processes.gunicorn("web", env, args.workers, *extra)
            site = Site(base)
            setup_django(env)
            draft = prepare_correction() if publish_at else None
            flush_redis(env["REDIS_URL"])  # the run starts with nothing stored
            print(f"{base}: {args.workers} gunicorn sync workers, PostgreSQL {name}, Redis "
                  f"/{REDIS_DB}; {sum(map(len, site.trusts.values()))} trusts, "
                  f"{len(site.metrics)} metrics; {args.connections} connections for "
                  f"{args.seconds:g} s; " + (f"publication at {publish_at:g} s" if publish_at
                  else f"data version bumped at {args.bump_at:g} s"))  # fmt: skip
            server = processes.started[-1][1].pid
            cpu, client_cpu = group_cpu_seconds(server), sum(os.times()[:2])
            results, elapsed, moments = load(site, base, args, publish_at, draft, env)
            cpu, client_cpu = group_cpu_seconds(server) - cpu, sum(os.times()[:2]) - client_cpu
            processes.check_alive()
            keys = redis.Redis.from_url(env["REDIS_URL"]).dbsize()
            warnings = [line for line in processes.log("web").splitlines() if " WARNING " in line]
        finally:
            processes.stop_all()
            flush_redis(env["REDIS_URL"])
            if not args.keep:
                drop_database(name)
    errors = report(results, elapsed)
    if "published" in moments:
        compare_minutes(results, moments)
    print(f"gunicorn used {cpu:.1f} CPU-seconds ({cpu / elapsed:.2f} CPUs on average): "
          f"{len(results) / cpu:,.0f} requests per gunicorn CPU-second; the load generator "
          f"used {client_cpu:.1f} CPU-seconds")  # fmt: skip
    print(f"cache: {keys:,} keys in Redis db {REDIS_DB} at the end; server log: "
          f"{len(warnings)} warnings")  # fmt: skip
    for line in warnings[:5]:
        print(f"  {line}")
    sys.exit(1 if errors else 0)


def group_cpu_seconds(group: int) -> float:
    """CPU time (user + system) of a process group's processes and of the children they have
    reaped (gunicorn replaces a worker after --max-requests), from /proc."""
    ticks = 0
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == group:
            ticks += sum(int(field) for field in fields[11:15])
    return ticks / os.sysconf("SC_CLK_TCK")


def load(site: Site, base: str, args, publish_at: float, draft, env: dict[str, str]):
    kinds, weights = list(MIX), list(MIX.values())
    results: list[list[tuple[str, int, float, str, float]]] = []
    start = time.monotonic()
    deadline = start + args.seconds

    def client(number: int) -> None:
        rng = random.Random(args.seed * 1000 + number)
        connection = Client(base, timeout=30)
        mine: list[tuple[str, int, float, str, float]] = []
        results.append(mine)
        while time.monotonic() < deadline:
            kind = rng.choices(kinds, weights)[0]
            path = site.path(kind, rng)
            began = time.perf_counter()
            try:
                status = connection.get(path)[0]
            except (OSError, http.client.HTTPException) as error:
                status, path = 0, f"{path} ({error})"
                connection = Client(base, timeout=30)
            ms = (time.perf_counter() - began) * 1000
            mine.append((kind, status, ms, path, time.monotonic() - start))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(args.connections)]
    for thread in threads:
        thread.start()
    moments = {}
    if args.bump_at:
        time.sleep(max(0, start + args.bump_at - time.monotonic()))
        bump_data_version()
    elif publish_at:
        time.sleep(max(0, start + publish_at - time.monotonic()))
        moments["started"] = time.monotonic() - start
        moments["prepared"] = publish(draft, env)
        moments["published"] = time.monotonic() - start
    for thread in threads:
        thread.join()
    return [row for rows in results for row in rows], time.monotonic() - start, moments


def prepare_correction():
    """A correction of the latest published quarter, computed and ready to publish."""
    from django.db import connection

    from league.selectors import published_periods
    from league.services.recompute import period_recompute
    from league.services.releases import release_revise

    period = published_periods().first()
    draft = release_revise(period=period, reason="A late file for one trust.")
    period_recompute(period=period, replicates=50)
    draft.period = period
    connection.close()
    return draft


def publish(draft, env: dict[str, str]) -> str:
    """Publish as staff do, with the `publish` command in its own process (its warming must
    not share this process's CPU time with the load); returns what warming logged."""
    command = [sys.executable, str(ROOT / "manage.py"), "publish", "--period", draft.period.label]
    command += ["--note", "One trust's late data added."]
    done = subprocess.run(
        command, env={**env, "DJANGO_LOG_LEVEL": "INFO"}, cwd=ROOT, capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(f"publish failed:\n{done.stderr}")
    warmed = [line.split(" league.warming ", 1)[-1] for line in done.stderr.splitlines()]
    return "; ".join(line for line in warmed if "pages ready" in line)


def compare_minutes(results: list, moments: dict) -> None:
    before = [r[2] for r in results if moments["started"] - 60 <= r[4] < moments["started"]]
    after = [r[2] for r in results if moments["published"] <= r[4] < moments["published"] + 60]
    p99_before, p99_after = percentile(before, 0.99), percentile(after, 0.99)
    errors_after = sum(1 for r in results if r[4] >= moments["started"] and not 200 <= r[1] < 400)
    print(f"publication: started at {moments['started']:.1f} s, announced at "
          f"{moments['published']:.1f} s ({moments['prepared']})")  # fmt: skip
    print(f"p99 in the minute before: {p99_before:.1f} ms ({len(before):,} requests); in the "
          f"minute after: {p99_after:.1f} ms ({len(after):,} requests); ratio "
          f"{p99_after / p99_before:.2f} (goal <= 2); {errors_after} errors from the start of "
          "the publication")  # fmt: skip


def bump_data_version() -> None:
    from django.db import connection, transaction

    from league.services.releases import data_version_bump

    with transaction.atomic():
        data_version_bump()
    connection.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def report(results: list[tuple[str, int, float, str, float]], elapsed: float) -> int:
    by_kind: dict[str, list[tuple[str, int, float, str, float]]] = defaultdict(list)
    for row in results:
        by_kind[row[0]].append(row)
    print(f"{'page type':24} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p99 ms':>8}")
    failed = [row for row in results if not 200 <= row[1] < 400]
    for kind in MIX:
        rows = by_kind.get(kind, [])
        latencies = [row[2] for row in rows]
        errors = sum(1 for row in rows if not 200 <= row[1] < 400)
        p50, p99 = percentile(latencies, 0.50), percentile(latencies, 0.99)
        print(f"{kind:24} {len(rows):8,} {errors:6,} {p50:8.1f} {p99:8.1f}")
    latencies = [row[2] for row in results]
    print(
        f"{'all':24} {len(results):8,} {len(failed):6,} {percentile(latencies, 0.5):8.1f} "
        f"{percentile(latencies, 0.99):8.1f}"
    )
    print(f"{len(results) / elapsed:,.0f} requests/s over {elapsed:.1f} s; {len(failed)} errors")
    load_1, _, _ = os.getloadavg()
    print(f"machine: {os.cpu_count()} CPUs, load average {load_1:.1f} at the end (client included)")
    distinct = len({row[3] for row in results})
    print(f"{distinct:,} distinct addresses requested (each one a cache miss after a publication)")
    windows = [0] * (int(elapsed // 10) + 1)
    for row in results:
        windows[int(row[4] // 10)] += 1
    print("requests/s per 10 s:", " ".join(f"{n / 10:.0f}" for n in windows[: int(elapsed // 10)]))
    for _kind, status, _ms, path, _at in failed[:10]:
        print(f"  error {status}: {path}")
    return len(failed)


if __name__ == "__main__":
    main()
