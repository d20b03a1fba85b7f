from datetime import date

from django.core.management.base import BaseCommand, CommandError

from reminders.services import reminders_due, reminders_send
from reminders.tasks import sweep_schedule


class Command(BaseCommand):
    help = "Send the reminders due on a date (today by default), each once per person and step."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The date of the sweep, YYYY-MM-DD (default: today).")
        parser.add_argument(
            "--dry-run", action="store_true", help="List who would get what; send nothing."
        )
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Also queue the daily sweep job (once; it then queues itself each day).",
        )

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(
                    f"--date {options['date']!r} is not a date: write it as YYYY-MM-DD."
                ) from None
        if options["dry_run"]:
            due = reminders_due(today)
            for item in due:
                self.stdout.write(
                    f"{item.recipient.email}\t{item.kind}\t{item.step}\t{item.subject}"
                )
            self.stdout.write(f"{len(due)} reminder(s) would be sent; nothing was sent.")
            return
        sent = reminders_send(today)
        for item in sent:
            self.stdout.write(f"{item.recipient.email}\t{item.kind}\t{item.step}\t{item.subject}")
        self.stdout.write(f"{len(sent)} reminder(s) sent.")
        if options["schedule"]:
            run_after = sweep_schedule()
            if run_after:
                self.stdout.write(f"The daily sweep is queued for {run_after:%Y-%m-%d %H:%M}.")
            else:
                self.stdout.write("The daily sweep is already queued.")
