from django.core.management.base import BaseCommand, CommandError

from exports import cohort_data
from practices.models import Practice
from submissions.models import Cycle


class Command(BaseCommand):
    help = (
        "Write the cohort export of a cycle (every practice): XLSX with every sheet and "
        "a README sheet, or CSV of the practices sheet."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cycle", required=True, help='The cycle\'s name, e.g. "May 2026".')
        parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
        parser.add_argument("-o", "--output", required=True, help="The file to write.")

    def handle(self, *args, cycle, format, output, **options):
        try:
            chosen = Cycle.objects.get(name=cycle)
        except Cycle.DoesNotExist:
            names = ", ".join(Cycle.objects.values_list("name", flat=True)) or "none"
            raise CommandError(f'No cycle is named "{cycle}". The cycles are: {names}.') from None
        sheets = cohort_data.frames(chosen, Practice.objects.all())
        body = cohort_data.to_xlsx(sheets) if format == "xlsx" else cohort_data.to_csv(sheets)
        try:
            with open(output, "wb") as file:
                file.write(body)
        except OSError as error:
            raise CommandError(f"Could not write {output}: {error.strerror}.") from None
        self.stdout.write(
            f"Wrote {output}: {len(sheets['Practices'])} practices of {chosen.name} ({format})."
        )
