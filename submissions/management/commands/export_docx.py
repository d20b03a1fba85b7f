"""``python manage.py export_docx ID -o FILE``: the Word copy of a milestone's latest
snapshot.

The snapshot's stored Word copy is written as it is (made once from the frozen content,
it never changes); ``--draft`` renders the milestone's current content instead, marked
"DRAFT — not submitted".
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from submissions.models import MilestoneSubmission, Snapshot
from submissions.snapshot import milestone_content, snapshot_render_docx
from submissions.word import render_docx


class Command(BaseCommand):
    help = (
        "Write the Word copy (.docx) of a milestone's latest submitted snapshot, or with "
        "--draft the current draft marked DRAFT."
    )

    def add_arguments(self, parser):
        parser.add_argument("milestone_id", type=int, help="the milestone's id")
        parser.add_argument(
            "-o", "--output", required=True, help="the file to write, e.g. milestone.docx"
        )
        parser.add_argument(
            "--draft",
            action="store_true",
            help="render the current content (not a snapshot), marked DRAFT",
        )

    def handle(self, *args, milestone_id, output, draft, **options):
        milestone = (
            MilestoneSubmission.objects.select_related("practice", "cycle", "instrument")
            .filter(pk=milestone_id)
            .first()
        )
        if milestone is None:
            raise CommandError(f"Milestone {milestone_id} does not exist.")
        if draft:
            data = render_docx(milestone_content(milestone), draft=True)
            described = "current draft"
        else:
            snapshot = Snapshot.objects.filter(milestone=milestone).order_by("-version").first()
            if snapshot is None:
                raise CommandError(
                    f"Milestone {milestone_id} has not been submitted yet; use --draft to "
                    "render the current draft."
                )
            data = snapshot_render_docx(snapshot)
            described = f"version {snapshot.version}"
        path = Path(output)
        try:
            path.write_bytes(data)
        except OSError as error:
            raise CommandError(f"Could not write {path}: {error.strerror}.") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote the Word copy of milestone {milestone_id} ({milestone.practice.name}, "
                f"{milestone.cycle.name}, {described}) to {path} ({len(data):,} bytes)."
            )
        )
