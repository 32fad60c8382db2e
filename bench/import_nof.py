"""Benchmark the NOF import: prints timings and peak memory, asserts nothing.

    .venv/bin/python bench/import_nof.py [--rows 1000000]

Cases, each in a fresh SQLite database (or DATABASE_URL's server when --use-database-url):
NHS England's acute Q1 2025/26 file (7,265 rows; goal < 2 s), read from ../shared/data, and a
generated file in the same layout with a Quarter column (goal: 1,000,000 rows in < 60 s with
peak memory < 1 GB; the upload size limit is raised for it). Each import runs
`manage.py import_nof` in a child process so its peak resident memory is measured on its own.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OFFICIAL = ROOT.parent / "shared" / "data" / "nof-official" / "acute-trust-data-q1-2025-26.csv"
sys.path.insert(0, str(ROOT))
from league.nof_files.columns import DATA_COLUMNS  # noqa: E402

HEADER = ["Quarter", *DATA_COLUMNS]
REGIONS = [
    "London",
    "Midlands",
    "North West",
    "North East and Yorkshire",
    "South East",
    "South West",
    "East of England",
]


sys.path.insert(0, str(ROOT))


def generated_file(path: Path, rows: int, seed: int = 1) -> None:
    """Acute-trust rows for enough fictional trusts and four quarters to reach `rows`.

    Each trust-quarter has every id NHS England's files use (raw values, metric scores, domain
    scores and segments, summary rows), as in the real files, so about 3,300 trusts give a
    million rows.
    """
    sys.path.insert(0, str(ROOT))
    from league.frameworks import shipped_catalogue
    from league.nof_files.summary_ids import SUMMARY_IDS

    catalogue = shipped_catalogue("2025/26")
    DOMAINS, METRICS = catalogue.domains, catalogue.metrics

    ids = [
        (m.metric_id, m.description, m.domain, m.sub_domain, m.unit)
        for m in METRICS
        if "acute" in m.leagues and m.rule != "published"
    ]
    ids += [
        (m.score_id, m.description, m.domain, m.sub_domain, "score")
        for m in METRICS
        if "acute" in m.leagues
    ]
    ids += [(d.score_id, f"{d.name} domain score", d.name, "Summary", "score") for d in DOMAINS]
    ids += [(d.segment_id, f"{d.name} segment", d.name, "Summary", "segment") for d in DOMAINS]
    ids += [(i, name, "Summary", "Summary", "score") for name, i in SUMMARY_IDS.items()]
    trusts = -(-rows // (4 * len(ids)))
    rng = random.Random(seed)
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
    written = 0
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        for number in range(trusts):
            code = "Z" + "".join(
                alphabet[(number // len(alphabet) ** i) % len(alphabet)] for i in range(4)
            )
            region = REGIONS[number % len(REGIONS)]
            for quarter in range(1, 5):
                for metric_id, description, domain, sub_domain, unit in ids:
                    if written == rows:
                        return
                    writer.writerow(
                        [
                            f"Q{quarter} 2025/26",
                            region,
                            "Acute trust",
                            "Acute - Medium",
                            code,
                            f"Benchmark Trust {code}",
                            domain,
                            sub_domain,
                            metric_id,
                            description,
                            "Jun-25",
                            unit,
                            f"{rng.uniform(0, 100):.2f}",
                            "50.0",
                            "25.0",
                            "75.0",
                            f"{rng.randint(1, trusts)}.0",
                        ]
                    )
                    written += 1


def run_import(database_url: str, *args: str) -> tuple[float, float, str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "true",
        "NOF_IMPORT_MAX_BYTES": str(1024 * 1024 * 1024),
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "manage.py", "import_nof", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if result.returncode:
        raise SystemExit(result.stderr[-2000:])
    # ru_maxrss is the largest child so far (KiB on Linux): report it when this child set it.
    return elapsed, max(peak, before) / 1024, result.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--use-database-url", action="store_true")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:

        def database(name: str) -> str:
            if options.use_database_url:
                return os.environ["DATABASE_URL"]
            return f"sqlite:///{folder}/{name}.sqlite3"

        if OFFICIAL.is_file():
            seconds, peak, summary = run_import(
                database("acute"), str(OFFICIAL), "--period", "Q1 2025/26"
            )
            print(
                f"acute Q1 2025/26 file (7,265 rows): {seconds:.2f} s including start-up, "
                f"peak RSS {peak:.0f} MB (goal < 2 s)\n  {summary}"
            )
        else:
            print(f"{OFFICIAL} not found: official-file case skipped")
        big = Path(folder) / "generated.csv"
        start = time.perf_counter()
        generated_file(big, options.rows)
        print(
            f"generated {options.rows:,} rows ({big.stat().st_size / 1e6:.0f} MB) in "
            f"{time.perf_counter() - start:.1f} s"
        )
        seconds, peak, summary = run_import(database("large"), str(big))
        print(
            f"{options.rows:,}-row file: {seconds:.1f} s, peak RSS {peak:.0f} MB "
            f"(goal < 60 s, < 1,024 MB)\n  {summary}"
        )


if __name__ == "__main__":
    main()
