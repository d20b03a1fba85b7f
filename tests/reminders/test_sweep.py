"""The daily sweep: who is reminded of what, at which step, and only once."""

from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from assessments.models import Response
from reminders.models import Reminder, ReminderSchedule, parse_days, schedule_days
from reminders.services import current_step, reminders_due, reminders_send
from submissions.models import Extension, MilestoneSubmission, SectionRevision, Transition
from tests import factories

DUE = date(2026, 5, 31)  # the May 2026 cycle of the cast


def sent_to(user, kind=None):
    reminders = Reminder.objects.filter(recipient=user)
    return list(reminders.filter(kind=kind) if kind else reminders)


def test_schedule_defaults_to_30_14_7_1_days(cast):
    assert schedule_days(cast.cycle) == [30, 14, 7, 1]


def test_schedule_of_a_cycle_replaces_the_defaults(cast):
    ReminderSchedule.objects.create(cycle=cast.cycle, days="3, 10")
    assert schedule_days(cast.cycle) == [10, 3]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("30, x", "'x' is not a number of days"),
        ("30, 0", "'0' is not a number of days"),
        ("7, 7", "7 days appears twice"),
        (" , ", "at least one number"),
    ],
)
def test_bad_schedule_is_refused_with_a_clear_message(cast, text, message):
    with pytest.raises(ValidationError, match=message):
        parse_days(text)
    schedule = ReminderSchedule(cycle=cast.cycle, days=text)
    with pytest.raises(ValidationError, match=message):
        schedule.full_clean()


def test_step_is_the_latest_whose_day_has_come():
    days = [30, 14, 7, 1]
    assert current_step(days, DUE, DUE - timedelta(days=31)) is None
    assert current_step(days, DUE, DUE - timedelta(days=30)) == 30
    assert current_step(days, DUE, DUE - timedelta(days=20)) == 30
    assert current_step(days, DUE, DUE - timedelta(days=5)) == 7
    assert current_step(days, DUE, DUE) == 1
    assert current_step(days, DUE, DUE + timedelta(days=1)) is None


def test_nothing_is_sent_while_the_due_date_is_far(cast):
    assert reminders_send(DUE - timedelta(days=40)) == []
    assert Reminder.objects.count() == 0
    assert mail.outbox == []


def test_lead_gets_the_unmet_rules_per_part_with_links(cast):
    reminders_send(DUE - timedelta(days=30))
    [reminder] = sent_to(cast.lead, Reminder.Kind.LEAD)
    assert reminder.step == "30d"
    assert reminder.milestone == cast.milestone
    assert reminder.link == f"/milestones/{cast.milestone.pk}/"
    assert "30 days left" in reminder.subject
    assert "A. " in reminder.body and "not met yet" in reminder.body
    assert f"/milestones/{cast.milestone.pk}/vapcat/" in reminder.body
    assert any(
        message.to == [cast.lead.email] and message.subject == reminder.subject
        for message in mail.outbox
    )


def test_a_rerun_sends_nothing_twice(cast):
    first = reminders_send(DUE - timedelta(days=30))
    outbox = len(mail.outbox)
    assert first
    assert reminders_send(DUE - timedelta(days=30)) == []
    assert reminders_send(DUE - timedelta(days=20)) == []  # still the 30-day step
    assert len(mail.outbox) == outbox
    assert len(sent_to(cast.lead, Reminder.Kind.LEAD)) == 1


def test_the_next_step_is_sent_once_its_day_comes(cast):
    reminders_send(DUE - timedelta(days=30))
    reminders_send(DUE - timedelta(days=14))
    steps = [reminder.step for reminder in sent_to(cast.lead, Reminder.Kind.LEAD)]
    assert sorted(steps) == ["14d", "30d"]


def test_a_late_joiner_gets_only_the_latest_step(cast):
    reminders_send(DUE - timedelta(days=3))
    assert [reminder.step for reminder in sent_to(cast.lead, Reminder.Kind.LEAD)] == ["7d"]


def test_an_extension_moves_the_reminders(cast):
    Extension.objects.create(
        practice=cast.practice,
        cycle=cast.cycle,
        due_on=DUE + timedelta(days=60),
        reason="Staff turnover",
        granted_by=cast.admin,
    )
    reminders_send(DUE - timedelta(days=7))
    assert sent_to(cast.lead, Reminder.Kind.LEAD) == []
    assert sent_to(cast.other_lead, Reminder.Kind.LEAD)  # no extension: reminded


def test_the_database_refuses_a_second_reminder_of_one_step(cast):
    fields = {
        "recipient": cast.lead,
        "cycle": cast.cycle,
        "kind": Reminder.Kind.COACH,
        "step": "7d",
        "subject": "s",
        "body": "b",
        "link": "/",
    }
    Reminder.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Reminder.objects.create(**fields)
    Reminder.objects.create(**fields, milestone=cast.milestone)
    with pytest.raises(IntegrityError), transaction.atomic():
        Reminder.objects.create(**fields, milestone=cast.milestone)


def test_submitted_milestone_leads_are_not_reminded(cast):
    MilestoneSubmission.objects.filter(pk=cast.milestone.pk).update(
        status=MilestoneSubmission.Status.SUBMITTED
    )
    reminders_send(DUE - timedelta(days=7))
    assert sent_to(cast.lead, Reminder.Kind.LEAD) == []
    assert sent_to(cast.respondent) == []


def test_respondent_who_has_not_submitted_gets_their_link(cast):
    reminders_send(DUE - timedelta(days=7))
    [reminder] = sent_to(cast.respondent)
    assert reminder.kind == Reminder.Kind.RESPONDENT
    assert reminder.link == f"/milestones/{cast.milestone.pk}/vapcat/"
    assert f"/milestones/{cast.milestone.pk}/vapcat/" in reminder.body


def test_respondent_who_submitted_is_not_reminded(cast):
    factories.answer_all(cast.milestone, cast.respondent)
    reminders_send(DUE - timedelta(days=7))
    assert sent_to(cast.respondent) == []


def test_respondent_with_answers_in_progress_is_reminded(cast):
    factories.answer_all(cast.milestone, cast.respondent, submit=False)
    assert Response.objects.get(respondent=cast.respondent).status == Response.Status.IN_PROGRESS
    reminders_send(DUE - timedelta(days=7))
    assert sent_to(cast.respondent, Reminder.Kind.RESPONDENT)


def test_each_coach_gets_a_digest_of_their_practices_only(cast):
    factories.answer_all(cast.milestone, cast.respondent)
    reminders_send(DUE - timedelta(days=7))
    [digest] = sent_to(cast.coach)
    assert digest.kind == Reminder.Kind.COACH and digest.milestone is None
    assert "Alder Family Medicine: Draft;" in digest.body
    assert "VaPCAT respondents submitted 1 of 1" in digest.body
    assert "7 days left" in digest.body
    assert "unmet rule" in digest.body
    assert "Birch" not in digest.body
    [other] = sent_to(cast.other_coach)
    assert "Birch Community Health" in other.body and "Alder" not in other.body
    reminders_send(DUE - timedelta(days=6))
    assert len(sent_to(cast.coach)) == 1


def _request_changes(milestone, coach, at):
    MilestoneSubmission.objects.filter(pk=milestone.pk).update(
        status=MilestoneSubmission.Status.CHANGES_REQUESTED, version=1
    )
    transition = Transition.objects.create(
        milestone=milestone,
        actor=coach,
        from_status=MilestoneSubmission.Status.SUBMITTED,
        to_status=MilestoneSubmission.Status.CHANGES_REQUESTED,
        note="Tighten the risks",
    )
    Transition.objects.filter(pk=transition.pk).update(at=at)
    SectionRevision.objects.filter(milestone=milestone).update(updated_at=at - timedelta(hours=1))
    return transition


def _at(day):
    return timezone.make_aware(datetime.combine(day, datetime.min.time().replace(hour=10)))


def test_lead_is_reminded_when_nothing_moves_7_days_after_a_request(cast):
    request_day = date(2026, 3, 10)  # far from the due date: no scheduled step
    transition = _request_changes(cast.milestone, cast.coach, _at(request_day))
    reminders_send(request_day + timedelta(days=6))
    assert sent_to(cast.lead, Reminder.Kind.STALLED) == []
    reminders_send(request_day + timedelta(days=7))
    [reminder] = sent_to(cast.lead, Reminder.Kind.STALLED)
    assert reminder.step == f"stalled-{transition.pk}"
    assert "nothing has moved" in reminder.body and "Tighten the risks" in reminder.body
    reminders_send(request_day + timedelta(days=12))
    assert len(sent_to(cast.lead, Reminder.Kind.STALLED)) == 1  # once per request


def test_a_content_save_after_the_request_counts_as_a_move(cast):
    request_day = date(2026, 3, 10)
    _request_changes(cast.milestone, cast.coach, _at(request_day))
    SectionRevision.objects.create(milestone=cast.milestone, section="risks", updated_by=cast.lead)
    SectionRevision.objects.filter(milestone=cast.milestone, section="risks").update(
        updated_at=_at(request_day + timedelta(days=2))
    )
    reminders_send(request_day + timedelta(days=8))
    assert sent_to(cast.lead, Reminder.Kind.STALLED) == []


def test_a_second_request_is_reminded_again(cast):
    first = _request_changes(cast.milestone, cast.coach, _at(date(2026, 3, 1)))
    reminders_send(date(2026, 3, 9))
    second = _request_changes(cast.milestone, cast.coach, _at(date(2026, 3, 20)))
    reminders_send(date(2026, 3, 28))
    steps = sorted(reminder.step for reminder in sent_to(cast.lead, Reminder.Kind.STALLED))
    assert steps == sorted([f"stalled-{first.pk}", f"stalled-{second.pk}"])


def test_dry_run_lists_without_recording(cast):
    due = reminders_due(DUE - timedelta(days=7))
    assert {item.recipient.email for item in due} >= {
        cast.lead.email,
        cast.respondent.email,
        cast.coach.email,
    }
    assert Reminder.objects.count() == 0
    assert mail.outbox == []
