"""``manage.py load_instrument PATH``: load a VaPCAT instrument file as a new version, or
replace a version no milestone uses yet."""

from django.core.management.base import BaseCommand, CommandError

from assessments.instrument_file import InstrumentFileError
from assessments.instruments import InstrumentInUse, instrument_load
from assessments.models import Item


class Command(BaseCommand):
    help = (
        "Load a VaPCAT instrument file (see fixtures/instruments/). A new version becomes "
        "the current one; loading the same file again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the instrument YAML file")

    def handle(self, *args, path, **options):
        try:
            instrument, outcome = instrument_load(path)
        except InstrumentFileError as exc:
            problems = "\n".join(f"  - {message}" for message in exc.messages)
            raise CommandError(f"{path} was not loaded:\n{problems}") from exc
        except InstrumentInUse as exc:
            raise CommandError(str(exc)) from exc

        domains = instrument.domains.count()
        items = Item.objects.filter(domain__instrument=instrument).count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {instrument.name} version {instrument.version}: "
                f"{domains} domains, {items} items ({outcome})."
            )
        )
