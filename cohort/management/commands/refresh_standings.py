from django.core.management.base import BaseCommand

from cohort.standing import standing_refresh
from submissions.models import MilestoneSubmission


class Command(BaseCommand):
    help = "Count the standing of every milestone (of one cycle with --cycle) again."

    def add_arguments(self, parser):
        parser.add_argument("--cycle", type=int, help="the cycle's id")

    def handle(self, *args, cycle=None, **options):
        milestones = MilestoneSubmission.objects.select_related("practice", "cycle", "instrument")
        if cycle is not None:
            milestones = milestones.filter(cycle_id=cycle)
        count = 0
        for milestone in milestones.iterator():
            standing_refresh(milestone)
            count += 1
        self.stdout.write(f"Counted {count} milestone{'s' if count != 1 else ''}.")
