"""Prove the multi-machine layout on loopback: two web processes and two Celery workers sharing
one PostgreSQL database and one Redis. Exits non-zero when the two web processes disagree.

    .venv/bin/python bench/two_web_two_workers.py [--web-workers 2] [--keep]

Starts, with production settings (DEBUG off, secret key, DJANGO_ALLOWED_HOSTS=127.0.0.1,
localhost, no SSL redirect on plain HTTP, unhashed static files), on an EMPTY database
(BENCH_DATABASE, default `bench_two_web`, dropped and created) and Redis database 6 (flushed):
gunicorn A and gunicorn B on their own ports and workers W1 and W2 (concurrency 1 each). Then:

1. signs in to the Django admin on A through its login form (a superuser made for the run);
2. uploads NHS England's MH&C trust data file (Q1-Q4 2025/26) to A's admin import, previews and
   confirms it, and waits until the four queued recomputes have succeeded (polling
   RecomputeRun), each worker having run at least one;
3. loads A's public non-acute league page before publication (so the "not published" page is
   in the shared cache), then publishes Q4 on B's admin publish page with the same session
   (sessions live in PostgreSQL, so a second web machine knows the user);
4. checks A and B serve the same /api/league/non-acute/?period=2025-26-q4 JSON and the same
   trusts in the same order on the HTML league page, that this order is the recomputed one in
   the database, and that A shows the published table at once (the cache is keyed on the data
   version in Redis).

Every process started is stopped (its process group) and the database dropped, whatever
happens; --keep leaves the database for inspection.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import sys
import tempfile
import time
from pathlib import Path

from _serve import (
    ROOT,
    Client,
    Processes,
    csrf_token,
    drop_database,
    flush_redis,
    manage,
    production_env,
    recreate_database,
    setup_django,
)

OFFICIAL = ROOT.parent / "shared" / "data" / "nof-official"
MH_DATA = OFFICIAL / "mh-community-trust-data-q1-q4-2025-26.csv"
REDIS_DB = 6
USERNAME = "bench-admin"
PASSWORD = secrets.token_urlsafe(24)
PERIODS = ["Q1 2025/26", "Q2 2025/26", "Q3 2025/26", "Q4 2025/26"]
Q4 = "2025-26-q4"
STARTED = time.perf_counter()


def step(text: str) -> None:
    print(f"[{time.perf_counter() - STARTED:6.1f} s] {text}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn workers per web")
    parser.add_argument("--timeout", type=float, default=300, help="seconds for the recomputes")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    if not MH_DATA.exists():
        raise SystemExit(f"{MH_DATA} is missing")
    name = os.environ.get("BENCH_DATABASE", "bench_two_web")
    with tempfile.TemporaryDirectory(prefix="bench-two-web-") as tmp_name:
        tmp = Path(tmp_name)
        database = recreate_database(name)
        env = production_env(tmp, database, REDIS_DB)
        flush_redis(env["REDIS_URL"])
        processes = Processes(tmp)
        try:
            problems = run(args, env, processes)
        finally:
            processes.stop_all()
            flush_redis(env["REDIS_URL"])
            if not args.keep:
                drop_database(name)
            step(f"stopped every process; database {name} {'kept' if args.keep else 'dropped'}")
    if problems:
        print("FAILED:\n- " + "\n- ".join(problems))
        sys.exit(1)
    print("OK: both web processes serve the same recomputed, published table")


def run(args, env: dict[str, str], processes: Processes) -> list[str]:
    manage(env, "migrate", "--noinput", "-v0")
    manage({**env, "DJANGO_SUPERUSER_PASSWORD": PASSWORD}, "createsuperuser", "--noinput",
           "--username", USERNAME, "--email", "bench@example.org")  # fmt: skip
    step(f"migrated an empty database; superuser {USERNAME}")
    web_env = {**env, "DJANGO_LOG_LEVEL": "WARNING"}
    worker_env = {**env, "DJANGO_LOG_LEVEL": "INFO"}
    for worker in ("W1", "W2"):
        processes.celery_worker(worker, worker_env)
    a = processes.gunicorn("A", web_env, args.web_workers)
    b = processes.gunicorn("B", web_env, args.web_workers)
    wait_until(lambda: all("ready." in processes.log(w) for w in ("W1", "W2")), 60, "workers")
    step(f"web A {a}, web B {b} ({args.web_workers} gunicorn workers each); workers W1, W2 ready")
    setup_django(env)
    from league.models import Assessment, Period, RecomputeRun, RunState

    admin_a = Client(a)
    sign_in(admin_a)
    started = time.perf_counter()
    batch_url = admin_import(admin_a)
    step(f"imported {MH_DATA.name} through A's admin in {time.perf_counter() - started:.2f} s")
    status, _, page = admin_a.get(batch_url)
    step(f"A: import batch page {status}: {message(page)}")

    def recomputed() -> bool:
        runs = list(RecomputeRun.objects.filter(period__label__in=PERIODS).select_related("period"))
        failed = [run for run in runs if run.state == RunState.FAILED]
        if failed:
            raise SystemExit(f"recompute failed: {[(r.period.label, r.error) for r in failed]}")
        return len(runs) >= len(PERIODS) and all(r.state == RunState.SUCCEEDED for r in runs)

    started = time.perf_counter()
    wait_until(recomputed, args.timeout, "the four recomputes")
    done = {w: len(re.findall(r"recompute_period\[[^\]]+\] succeeded", processes.log(w)))
            for w in ("W1", "W2")}  # fmt: skip
    step(f"recomputes succeeded {time.perf_counter() - started:.2f} s after the import; "
         f"tasks run: {done}")  # fmt: skip
    problems = [f"worker {w} ran no recompute" for w, n in done.items() if n == 0]

    public_a, public_b = Client(a), Client(b)
    before = trust_order(public_a, "/league/non-acute/")
    status_b, _, _ = public_b.get(f"/api/league/non-acute/?period={Q4}")
    if before or status_b != 404:
        problems.append(f"Q4 public before publication (A rows {len(before)}, B API {status_b})")
    step(f"before publication: A's league page lists {len(before)} trusts; B's API {status_b}")

    admin_b = Client(b)
    admin_b.cookies = dict(admin_a.cookies)  # the same browser, sent to the other machine
    period = Period.objects.get(slug=Q4)
    started = time.perf_counter()
    publish(admin_b, period.pk)
    step(f"published Q4 through B's admin in {time.perf_counter() - started:.2f} s")

    api = {name: api_json(client, base) for name, client, base in
           (("A", public_a, a), ("B", public_b, b))}  # fmt: skip
    html = {name: trust_order(client, f"/league/non-acute/?period={Q4}&show=all")
            for name, client in (("A", public_a), ("B", public_b))}  # fmt: skip
    latest_a = trust_order(public_a, "/league/non-acute/?show=all")
    database = list(
        Assessment.objects.filter(release__period=period, league="non-acute")
        .order_by("rank", "trust__name")
        .values_list("trust__ods_code", flat=True)
    )
    api_order = [row["trust_code"] for row in api["A"]["results"]]
    step(f"A and B: API {len(api_order)} rows, HTML {len(html['A'])} and {len(html['B'])} rows; "
         f"database {len(database)} assessments")  # fmt: skip
    if api["A"] != api["B"]:
        problems.append("the API JSON differs between A and B")
    if html["A"] != html["B"]:
        problems.append("the HTML league pages list different trusts or orders on A and B")
    if not (api_order == html["A"] == database) or len(database) != 61:
        problems.append(f"API/HTML/database orders differ or not 61 trusts ({len(database)})")
    if latest_a != html["A"]:
        problems.append("A's unqualified league page does not show the new publication at once")
    print("top five on both:", ", ".join(api_order[:5]))
    return problems


def wait_until(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    raise SystemExit(f"timed out after {seconds:.0f} s waiting for {what}")


def expect(status: int, wanted: int, what: str, content: bytes = b"") -> None:
    if status != wanted:
        raise SystemExit(f"{what}: HTTP {status}, expected {wanted}\n{content[:2000]!r}")


def sign_in(client: Client) -> None:
    status, _, page = client.get("/admin/login/?next=/admin/")
    expect(status, 200, "admin login page", page)
    fields = {"csrfmiddlewaretoken": csrf_token(page), "next": "/admin/"}
    status, response, page = client.post_form(
        "/admin/login/?next=/admin/", {**fields, "username": USERNAME, "password": PASSWORD}
    )
    expect(status, 302, "admin sign-in", page)
    step(f"signed in to A's admin as {USERNAME} (redirected to {response.getheader('Location')})")


def admin_import(client: Client) -> str:
    path = "/admin/league/importbatch/import/"
    status, _, page = client.get(path)
    expect(status, 200, "import page", page)
    fields = {"csrfmiddlewaretoken": csrf_token(page), "period": ""}
    status, _, page = client.post_multipart(path, fields, {"files": MH_DATA})
    expect(status, 200, "import preview", page)
    token = re.search(rb'name="token" value="([0-9a-f]{32})"', page)
    if token is None:
        raise SystemExit(f"the preview offers no confirmation:\n{page[:4000]!r}")
    step("A: preview shows the files can be imported")
    confirm = {"csrfmiddlewaretoken": csrf_token(page), "token": token[1].decode()}
    status, response, page = client.post_form(path + "confirm/", confirm)
    expect(status, 302, "import confirmation", page)
    location = response.getheader("Location")
    if "/change/" not in location:
        raise SystemExit(f"the confirmation went to {location}, not the import batch")
    return location


def publish(client: Client, period_pk: int) -> None:
    path = f"/admin/league/period/{period_pk}/publish/"
    status, _, page = client.get(path)
    expect(status, 200, "B: publish page (same session as A)", page)
    summary = re.search(rb"Reconciliation[^<]*</h2>\s*<p>(.*?)</p>", page, re.S)
    step(f"B: publish page; reconciliation: {summary[1].decode().strip() if summary else '?'}")
    status, response, page = client.post_form(path, {"csrfmiddlewaretoken": csrf_token(page)})
    expect(status, 302, "B: publish", page)
    status, _, page = client.get(response.getheader("Location"))
    step(f"B: {message(page)}")


def message(page: bytes) -> str:
    found = re.search(rb'<li class="(?:success|warning|error)">(.*?)</li>', page, re.S)
    return re.sub(r"\s+", " ", found[1].decode()).strip() if found else "(no message)"


def api_json(client: Client, base: str) -> dict:
    status, _, content = client.get(f"/api/league/non-acute/?period={Q4}")
    expect(status, 200, f"{base} API league", content)
    return json.loads(content.replace(base.split("//")[1].encode(), b"HOST"))


def trust_order(client: Client, path: str) -> list[str]:
    status, _, page = client.get(path)
    expect(status, 200, path, page)
    table = re.search(rb"<table.*?</table>", page, re.S)
    return [m.decode() for m in re.findall(rb'href="/trusts/([^/"]+)/"', table[0])] if table else []


if __name__ == "__main__":
    main()
