"""``python manage.py export_pdf ID -o FILE``: the PDF of a milestone's latest snapshot.

The snapshot's stored bytes are written as they are (the PDF of a submitted version never
changes); ``--draft`` renders the milestone's current content instead, watermarked DRAFT.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from submissions.models import MilestoneSubmission, Snapshot
from submissions.pdf import render_pdf
from submissions.snapshot import milestone_content, snapshot_render


class Command(BaseCommand):
    """Also the Word copy's command (``export_docx``): a subclass names its document,
    its renderer and its stored copy."""

    help = (
        "Write the PDF of a milestone's latest submitted snapshot, or with --draft the "
        "current draft watermarked DRAFT."
    )
    document = "PDF"
    example = "milestone.pdf"
    draft_mark = "with a DRAFT watermark"

    def render(self, content):
        return render_pdf(content, draft=True)

    def stored(self, snapshot):
        return snapshot_render(snapshot)

    def add_arguments(self, parser):
        parser.add_argument("milestone_id", type=int, help="the milestone's id")
        parser.add_argument(
            "-o", "--output", required=True, help=f"the file to write, e.g. {self.example}"
        )
        parser.add_argument(
            "--draft",
            action="store_true",
            help=f"render the current content (not a snapshot) {self.draft_mark}",
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
            data = self.render(milestone_content(milestone))
            described = "current draft"
        else:
            snapshot = Snapshot.objects.filter(milestone=milestone).order_by("-version").first()
            if snapshot is None:
                raise CommandError(
                    f"Milestone {milestone_id} has not been submitted yet; use --draft to "
                    "render the current draft."
                )
            data = self.stored(snapshot)
            described = f"version {snapshot.version}"
        path = Path(output)
        try:
            path.write_bytes(data)
        except OSError as error:
            raise CommandError(f"Could not write {path}: {error.strerror}.") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote the {self.document} of milestone {milestone_id} ({milestone.practice.name}"
                f", {milestone.cycle.name}, {described}) to {path} ({len(data):,} bytes)."
            )
        )
