"""Benchmark a recompute with its database reads and writes: prints timings, asserts nothing.

    .venv/bin/python bench/recompute_db.py [--repeat 5]

One quarter of the 205 demonstration trusts (134 acute, 61 mental health and community,
10 ambulance) with 1,000 bootstrap replicates, in a fresh SQLite database (or DATABASE_URL's
server with --use-database-url). Goals: the engine under 0.5 s, the whole recompute (read
inputs, compute, write assessments and scores in one transaction) under 2 s.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--use-database-url", action="store_true")
    options = parser.parse_args()
    folder = tempfile.mkdtemp()
    if not options.use_database_url:
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-" + "k" * 40)
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost")
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"
    os.environ["DJANGO_DEMO"] = "true"  # seed_demo
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from league.methodology import compute_period
    from league.models import Period
    from league.services.engine_inputs import period_inputs
    from league.services.recompute import period_recompute
    from league.services.releases import release_revise

    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    period = Period.objects.get(label="Q4 2025/26")
    # A correction: a draft release holding a copy of the published inputs, recomputed here.
    draft = release_revise(period=period, reason="Benchmark")

    reads, engine, total = [], [], []
    for _ in range(options.repeat):
        start = time.perf_counter()
        inputs = period_inputs(draft)
        reads.append(time.perf_counter() - start)
        start = time.perf_counter()
        compute_period(inputs, replicates=1000)
        engine.append(time.perf_counter() - start)
        start = time.perf_counter()
        computation = period_recompute(period=period, replicates=1000)
        total.append(time.perf_counter() - start)
    print(
        f"{computation.trusts} trusts, 1,000 replicates, {options.repeat} runs "
        f"({'DATABASE_URL' if options.use_database_url else 'SQLite'}):"
    )
    print(f"  read inputs       median {statistics.median(reads):.3f} s")
    print(f"  engine            median {statistics.median(engine):.3f} s (goal < 0.5 s)")
    print(
        f"  whole recompute   median {statistics.median(total):.3f} s, max {max(total):.3f} s "
        "(goal < 2 s, reads + engine + writes in one transaction)"
    )


if __name__ == "__main__":
    main()
