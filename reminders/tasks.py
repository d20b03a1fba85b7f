"""The daily sweep as a periodic job: ``sweep_reminders`` sends the day's reminders and
queues itself for the next morning. ``sweep_schedule`` starts the chain (the
``send_reminders --schedule`` command); only one sweep ever waits in the queue."""

from datetime import datetime, time, timedelta

from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from reminders.services import reminders_send

# The local time of day the sweep runs.
SWEEP_AT = time(6, 0)


def next_sweep_at(now=None):
    """The next local SWEEP_AT after ``now``."""
    now = timezone.localtime(now)
    day = now.date() if now.time() < SWEEP_AT else now.date() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, SWEEP_AT))


def sweep_waiting():
    """Whether a sweep is already queued and not yet run (the one running is not)."""
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    return waiting.filter(task_path=sweep_reminders.module_path).exists()


def sweep_schedule(now=None):
    """Queue the next sweep unless one waits already (or the queue cannot wait);
    returns when it will run, or None."""
    if not sweep_reminders.get_backend().supports_defer or sweep_waiting():
        return None
    run_after = next_sweep_at(now)
    sweep_reminders.using(run_after=run_after).enqueue()
    return run_after


@task()
def sweep_reminders():
    sent = reminders_send(timezone.localdate())
    sweep_schedule()
    return len(sent)
