"""``manage.py load_instrument PATH...``: load a VaPCAT instrument version from a YAML file,
an XLSX workbook, or the CSV files of its sheets (or their directory), as a new version
or to replace a version no milestone uses yet."""

from django.core.management.base import BaseCommand, CommandError

from assessments.instrument_file import InstrumentFileError
from assessments.instruments import InstrumentInUse, instrument_load
from assessments.models import Item
from submissions.models import Cycle


class Command(BaseCommand):
    help = (
        "Load a VaPCAT instrument: a YAML file (see fixtures/instruments/), an XLSX workbook, "
        "or the CSV files of its sheets instrument, scale, domains and items (or a directory "
        "holding them). It is published for the cycles given with --cycle (none: every cycle "
        "without a version of its own), or kept as a draft with --draft. Loading the same "
        "content again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="+",
            metavar="path",
            help="a .yaml/.yml or .xlsx file, the .csv files of the sheets, or their directory",
        )
        parser.add_argument(
            "--cycle",
            action="append",
            default=[],
            metavar="NAME",
            help="publish for this cycle (by name); repeat for several",
        )
        parser.add_argument(
            "--draft", action="store_true", help="load without publishing the version"
        )

    def handle(self, *args, paths, cycle, draft, **options):
        if draft and cycle:
            raise CommandError("--draft loads without publishing: it takes no --cycle")
        cycles = self.cycles(cycle)
        shown = " ".join(paths)
        try:
            instrument, outcome = instrument_load(paths, publish=not draft, cycles=cycles)
        except InstrumentFileError as exc:
            problems = "\n".join(f"  - {message}" for message in exc.messages)
            raise CommandError(f"{shown} was not loaded:\n{problems}") from exc
        except InstrumentInUse as exc:
            raise CommandError(str(exc)) from exc

        domains = instrument.domains.count()
        items = Item.objects.filter(domain__instrument=instrument).count()
        if draft:
            published = " Kept as a draft."
        elif cycles:
            published = " Published for " + ", ".join(c.name for c in cycles) + "."
        else:
            published = ""
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {instrument.name} version {instrument.version}: "
                f"{domains} domains, {items} items ({outcome}).{published}"
            )
        )

    def cycles(self, names):
        found = {cycle.name: cycle for cycle in Cycle.objects.filter(name__in=names)}
        unknown = [name for name in names if name not in found]
        if unknown:
            known = ", ".join(Cycle.objects.values_list("name", flat=True)) or "none yet"
            raise CommandError(
                f"no cycle named {', '.join(map(repr, unknown))} (the cycles: {known})"
            )
        return [found[name] for name in dict.fromkeys(names)]
