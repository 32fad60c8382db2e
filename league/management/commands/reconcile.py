from django.core.management.base import BaseCommand, CommandError

from league.models import Period
from league.services.reconcile import period_reconcile


class Command(BaseCommand):
    help = "Compare a period's computed figures with NHS England's published ones."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--period", required=True)
        parser.add_argument("--limit", type=int, default=0, help="Show at most N differences.")

    def handle(self, *args, period, limit, **options) -> None:
        target = Period.objects.filter(label=period).first()
        if target is None:
            raise CommandError(f"There is no period “{period}”.")
        report = period_reconcile(period=target)
        for note in report.notes:
            self.stdout.write(f"Note: {note}")
        for check in report.checks:
            self.stdout.write(f"{check.name}: {check.matched}/{check.compared} ({check.rate:.1%})")
        shown = report.differences[:limit] if limit else report.differences
        for d in shown:
            self.stdout.write(
                f"  {d.trust_code} {d.figure}: computed {d.computed}, "
                f"published {d.published}  ({d.trust_name})"
            )
        if len(shown) < len(report.differences):
            self.stdout.write(f"  … {len(report.differences) - len(shown)} more")
        self.stdout.write(report.summary)
