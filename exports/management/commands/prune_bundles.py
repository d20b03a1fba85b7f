from django.core.management.base import BaseCommand

from exports.bundle import bundles_prune


class Command(BaseCommand):
    help = "Delete the zips of export bundles older than 7 days (each bundle write does it too)."

    def handle(self, *args, **options):
        self.stdout.write(f"Pruned {bundles_prune()} expired bundle(s).")
