"""The page of reminders a user was sent, the command and the daily job."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reminders.models import Reminder, ReminderSchedule
from reminders.services import reminders_send
from reminders.tasks import next_sweep_at, sweep_reminders, sweep_schedule

SEVEN_DAYS_BEFORE = date(2026, 5, 24)


def test_user_sees_only_their_reminders(cast, login, django_assert_num_queries):
    reminders_send(SEVEN_DAYS_BEFORE)
    client = login(cast.lead)
    with django_assert_num_queries(8):  # as the notices page: the layout's own and 2
        page = client.get(reverse("reminders:list"))
    text = page.content.decode()
    assert "VBP milestone for May 2026: 7 days left" in text
    assert f'href="/milestones/{cast.milestone.pk}/"' in text
    assert "Your VaPCAT answers" not in text  # the respondent's
    assert "Your practices" not in text  # the coach's


def test_user_without_reminders_is_told_so(cast, login):
    page = login(cast.admin).get(reverse("reminders:list"))
    assert "You have not been sent any reminder yet." in page.content.decode()


def test_page_needs_a_login(client):
    page = client.get(reverse("reminders:list"))
    assert page.status_code == 302 and "/login/" in page["Location"]


def test_notices_page_links_to_the_reminders(cast, login):
    page = login(cast.lead).get(reverse("submissions:notices"))
    assert 'href="/reminders/"' in page.content.decode()


def test_administrator_edits_a_schedule_and_bad_days_are_explained(cast, login):
    client = login(cast.admin)
    url = reverse("admin:reminders_reminderschedule_add")
    page = client.post(url, {"cycle": cast.cycle.pk, "days": "14, fourteen"})
    assert page.status_code == 200
    assert "&#x27;fourteen&#x27; is not a number of days" in page.content.decode()
    assert "14, fourteen" in page.content.decode()  # nothing typed is lost
    page = client.post(url, {"cycle": cast.cycle.pk, "days": "7, 21"})
    assert page.status_code == 302
    assert ReminderSchedule.objects.get(cycle=cast.cycle).days == "21, 7"


def test_command_sends_once(cast):
    out = StringIO()
    call_command("send_reminders", "--date", "2026-05-24", stdout=out)
    assert f"{cast.lead.email}\tlead\t7d" in out.getvalue()
    count = Reminder.objects.count()
    assert count and len(mail.outbox) == count
    out = StringIO()
    call_command("send_reminders", "--date", "2026-05-24", stdout=out)
    assert "0 reminder(s) sent." in out.getvalue()
    assert Reminder.objects.count() == count and len(mail.outbox) == count


def test_command_dry_run_lists_and_sends_nothing(cast):
    out = StringIO()
    call_command("send_reminders", "--date", "2026-05-24", "--dry-run", stdout=out)
    listing = out.getvalue()
    assert f"{cast.respondent.email}\trespondent\t7d" in listing
    assert f"{cast.coach.email}\tcoach\t7d" in listing
    assert "nothing was sent" in listing
    assert Reminder.objects.count() == 0 and mail.outbox == []


def test_command_refuses_a_bad_date(cast):
    with pytest.raises(CommandError, match="'24/05/2026' is not a date: write it as YYYY-MM-DD"):
        call_command("send_reminders", "--date", "24/05/2026")


def test_next_sweep_is_the_next_morning():
    evening = timezone.make_aware(timezone.datetime(2026, 5, 23, 18, 0))
    assert timezone.localtime(next_sweep_at(evening)).isoformat().startswith("2026-05-24T06:00")
    early = timezone.make_aware(timezone.datetime(2026, 5, 23, 5, 0))
    assert timezone.localtime(next_sweep_at(early)).isoformat().startswith("2026-05-23T06:00")


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


def test_only_one_sweep_waits_in_the_queue(cast, database_queue):
    assert sweep_schedule() is not None
    assert sweep_schedule() is None
    waiting = DBTaskResult.objects.filter(status="READY", task_path=sweep_reminders.module_path)
    assert waiting.count() == 1
    assert waiting.get().run_after > timezone.now()


def test_the_sweep_job_sends_and_queues_the_next(cast, database_queue):
    sweep_reminders.call()
    waiting = DBTaskResult.objects.filter(status="READY", task_path=sweep_reminders.module_path)
    assert waiting.count() == 1
    assert waiting.get().run_after - timezone.now() <= timedelta(days=1)
