from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from submissions.demo import seed_demo


class Command(BaseCommand):
    help = "Create the demo practices, people and milestones (idempotent) and print the log-ins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Seed even with DEBUG off (the demo accounts share a published password).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "Refusing to create demo accounts with DEBUG off; pass --allow-production "
                "if this really is a demonstration server."
            )
        logins = seed_demo()
        self.stdout.write(
            self.style.SUCCESS(f"Demo data is ready. Log in at {settings.SITE_URL}/ as:")
        )
        width = max(len(role) for role, _, _ in logins)
        for role, email, password in logins:
            self.stdout.write(f"  {role.ljust(width)}  {email:<28} password: {password}")
