import io

from django.core.management.base import BaseCommand

from trusts.demo import demo_register_csv
from trusts.models import Trust
from trusts.services import trust_register_import


class Command(BaseCommand):
    help = (
        "Load the demonstration data (fictional trusts and their results) into an empty "
        "database. Does nothing when trusts are already loaded."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--seed", type=int, default=2025, help="Random seed (default 2025).")

    def handle(self, *args, seed: int, **options) -> None:
        if Trust.objects.exists():
            self.stdout.write("Trusts are already loaded: demonstration data not added.")
            return
        result = trust_register_import(stream=io.BytesIO(demo_register_csv(seed)), demo=True)
        self.stdout.write(f"Demonstration register: {len(result.created)} fictional trusts.")
