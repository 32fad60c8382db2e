"""Seed the framework versions, domains and the 2025/26 metric catalogue.

The 2025/26 catalogue is the one recovered from NHS England's published files
(league/methodology/catalogue_2025_26.py). The 2026/27 framework uses fixed thresholds whose
values NHS England has not yet published: staff set them in admin.
"""

import json

from django.db import migrations

ENGINE_TO_LEAGUE = {"acute": "acute", "mh_community": "non-acute", "ambulance": "ambulance"}


def _plain(value):
    # Tuples in the catalogue become JSON lists.
    return json.loads(json.dumps(value))


def seed(apps, schema_editor):
    from league.methodology import catalogue_2025_26 as catalogue

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
            "notes": "Fixed thresholds replace quartiles. NHS England has not yet published "
            "the values: set them here before computing a 2026/27 period.",
        },
    )
    domains = {}
    for order, definition in enumerate(catalogue.DOMAINS):
        domains[definition.name], _ = Domain.objects.update_or_create(
            score_id=definition.score_id,
            defaults={"name": definition.name, "segment_id": definition.segment_id, "order": order},
        )
    for metric in catalogue.METRICS:
        Metric.objects.update_or_create(
            framework=framework,
            metric_id=metric.metric_id,
            defaults={
                "score_id": metric.score_id,
                "description": metric.description.strip(),
                "domain": domains[metric.domain],
                "sub_domain": metric.sub_domain,
                "unit": metric.unit,
                "higher_is_better": metric.higher_is_better,
                "rule": metric.rule,
                "params": _plain(metric.params),
                "leagues": [ENGINE_TO_LEAGUE[league] for league in metric.leagues],
                "counts_in_average": metric.counts_in_average,
                "average_group": metric.average_group or "",
            },
        )


class Migration(migrations.Migration):
    dependencies = [("league", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
