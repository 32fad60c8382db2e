from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Say how to sign in to Django admin, creating no account by itself."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--address", default="127.0.0.1:8000", help="Where the site is served (HOST:PORT)."
        )

    def handle(self, *args, address: str, **options) -> None:
        url = f"http://{address}/admin/"
        if get_user_model().objects.filter(is_superuser=True).exists():
            self.stdout.write(f"Admin: sign in at {url}")
            return
        self.stdout.write(
            "No admin account yet. Create one with:\n"
            "    .venv/bin/python manage.py createsuperuser\n"
            f"then sign in at {url}"
        )
