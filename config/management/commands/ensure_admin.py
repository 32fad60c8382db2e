from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Say how to sign in to Django admin, creating no account by itself."

    def handle(self, *args, **options) -> None:
        if get_user_model().objects.filter(is_superuser=True).exists():
            self.stdout.write("Admin: sign in at http://127.0.0.1:8000/admin/")
            return
        self.stdout.write(
            "No admin account yet. Create one with:\n"
            "    .venv/bin/python manage.py createsuperuser\n"
            "then sign in at http://127.0.0.1:8000/admin/"
        )
