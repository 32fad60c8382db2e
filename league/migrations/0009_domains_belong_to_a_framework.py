import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("league", "0008_framework_rules_as_data")]

    operations = [
        migrations.AlterField(
            model_name="domain",
            name="framework",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="domains",
                to="league.frameworkversion",
            ),
        ),
        migrations.AddConstraint(
            model_name="domain",
            constraint=models.UniqueConstraint(
                fields=("framework", "name"), name="domain_unique_name"
            ),
        ),
        migrations.AddConstraint(
            model_name="domain",
            constraint=models.UniqueConstraint(
                fields=("framework", "score_id"), name="domain_unique_score_id"
            ),
        ),
        migrations.AddConstraint(
            model_name="domain",
            constraint=models.UniqueConstraint(
                fields=("framework", "segment_id"), name="domain_unique_segment_id"
            ),
        ),
        migrations.AddConstraint(
            model_name="frameworkversion",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("financial_cap__isnull", True),
                    models.Q(("financial_cap__gte", 1), ("financial_cap__lte", 4)),
                    _connector="OR",
                ),
                name="framework_financial_cap_1_to_4",
            ),
        ),
    ]
