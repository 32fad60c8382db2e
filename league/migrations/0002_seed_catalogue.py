"""Seed the framework versions, domains and the 2025/26 metric catalogue.

The 2025/26 catalogue is the one recovered from NHS England's published files, kept as data in
league/frameworks/nof-2025-26-metrics.csv (the layout of docs/framework-catalogue.md). This
migration reads that file with its own frozen copy of the reading, so it never depends on live
code. The 2026/27 framework uses fixed thresholds whose values NHS England has not yet
published: staff set them in admin or with `import_framework`.
"""

import csv
from pathlib import Path

from django.db import migrations

CATALOGUE = Path(__file__).resolve().parents[1] / "frameworks" / "nof-2025-26-metrics.csv"
DIRECTION = {"higher is better": True, "lower is better": False, "": None}


def _split(text):
    return [part.strip() for part in text.split(";") if part.strip()]


def _params(row):
    params = {}
    if row["population"]:
        params["population"] = row["population"]
    if row["threshold"]:
        params["threshold"] = float(row["threshold"])
        params["threshold_inclusive"] = row["threshold_inclusive"] != "no"
    if row["rank_decimals"]:
        params["rank_decimals"] = int(row["rank_decimals"])
    if row["bands"]:
        params["band_cuts"] = [float(cut) for cut in _split(row["bands"])]
        params["band_inclusive"] = [flag == "yes" for flag in _split(row["bands_inclusive"])]
    if row["count_unit"]:
        params["count_unit"] = row["count_unit"]
        if row["count_score_cap"]:
            params["count_score_cap"] = int(row["count_score_cap"])
    if row["matrix_inputs"]:
        params["matrix_inputs"] = _split(row["matrix_inputs"])
        params["matrix"] = [[int(c) for c in r.split()] for r in row["matrix"].split("/")]
    if row["absent_pool_members"]:
        pool = (part.split("=") for part in _split(row["absent_pool_members"]))
        params["absent_pool_members"] = {league.strip(): int(n) for league, n in pool}
    return params


def seed(apps, schema_editor):
    FrameworkVersion = apps.get_model("league", "FrameworkVersion")
    Domain = apps.get_model("league", "Domain")
    Metric = apps.get_model("league", "Metric")

    framework, _ = FrameworkVersion.objects.update_or_create(
        code="2025/26",
        defaults={"name": "NHS Oversight Framework 2025/26", "segment_rule": "quartiles"},
    )
    FrameworkVersion.objects.update_or_create(
        code="2026/27",
        defaults={
            "name": "NHS Oversight Framework 2026/27",
            "segment_rule": "thresholds",
            "notes": "Fixed thresholds replace the quartiles of 2025/26. NHS England has not "
            "yet published their values.",
        },
    )
    with CATALOGUE.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    domains = {}
    for row in rows:
        name = row["domain"].strip()
        if name not in domains:
            domains[name], _ = Domain.objects.update_or_create(
                score_id=row["domain_score_id"].strip(),
                defaults={
                    "name": name,
                    "segment_id": row["domain_segment_id"].strip(),
                    "order": len(domains),
                },
            )
    for row in rows:
        row = {key: value if key == "description" else value.strip() for key, value in row.items()}
        Metric.objects.update_or_create(
            framework=framework,
            metric_id=row["metric_id"],
            defaults={
                "score_id": row["score_id"],
                "description": row["description"].strip(),
                "domain": domains[row["domain"]],
                "sub_domain": row["sub_domain"],
                "unit": row["unit"],
                "higher_is_better": DIRECTION[row["direction"]],
                "rule": row["rule"],
                "params": _params(row),
                "leagues": _split(row["leagues"]),
                "counts_in_average": row["counts_in_average"] != "no",
                "average_group": row["average_group"],
            },
        )


class Migration(migrations.Migration):
    dependencies = [("league", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
