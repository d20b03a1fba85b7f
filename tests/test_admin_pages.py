"""Every page of the admin site answers, for an administrator: each registered model's
list, its add page (where adding is allowed) and the change page of one of its objects;
and a change made through the admin is saved."""

import re
from datetime import date

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.contrib.auth.forms import ReadOnlyPasswordHashWidget
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import RequestFactory
from django.urls import reverse
from django.utils.html import escape
from django.utils.text import capfirst
from django_tasks_db.models import DBTaskResult

from accounts.models import Invitation, MailDelivery
from assessments.models import ConsensusScore, Item
from exports.models import ExportBundle
from incentives.models import SavedEstimate
from practices.models import CoachAssignment, Cohort
from reminders.models import Reminder, ReminderSchedule
from submissions.models import (
    Attachment,
    CommentReply,
    Extension,
    Notice,
    ReviewComment,
    ReviewReading,
    SectionRevision,
    Snapshot,
    Transition,
)
from tests import factories


@pytest.fixture
def every_model(cast):
    """At least one object of every model the admin site shows."""
    # What django-axes records of log-ins.
    seen = {"username": cast.lead.email, "ip_address": "127.0.0.1", "user_agent": "test"}
    seen.update(http_accept="text/html", path_info="/login/")
    AccessAttempt.objects.create(**seen, get_data="", post_data="", failures_since_start=1)
    AccessLog.objects.create(**seen)
    AccessFailureLog.objects.create(**seen)
    factories.complete_milestone(cast.milestone, cast.respondent)
    milestone = cast.milestone
    cast.practice.cohort = Cohort.objects.create(name="Spring cohort")
    cast.practice.save()
    Transition.objects.create(
        milestone=milestone, actor=cast.lead, from_status="draft", to_status="submitted"
    )
    Snapshot.objects.create(
        milestone=milestone, version=1, content={}, pdf=b"%PDF", pdf_sha256="0" * 64
    )
    comment = ReviewComment.objects.create(
        milestone=milestone, section="general", body="More detail.", version=1, author=cast.coach
    )
    CommentReply.objects.create(comment=comment, author=cast.lead, body="See row C.")
    ReviewReading.objects.create(milestone=milestone, reader=cast.coach, seen_at=comment.created_at)
    Notice.objects.create(
        recipient=cast.coach,
        milestone=milestone,
        kind=Notice.Kind.REPLY,
        actor=cast.lead,
        subject="Lena Lead replied",
        note="See row C.",
        link=f"/milestones/{milestone.pk}/review/",
    )
    SectionRevision.objects.get_or_create(milestone=milestone, section="gap:A")
    ConsensusScore.objects.create(
        milestone=milestone, item=Item.objects.first(), score=2, set_by=cast.lead
    )
    invitation, _ = Invitation.new(
        email="new@alder.test", role="respondent", practice=cast.practice, invited_by=cast.lead
    )
    invitation.save()
    Group.objects.create(name="Program team")
    # The e-mail queue: one delivery, and the task that sends it.
    delivery = MailDelivery.objects.create(recipient=cast.lead.email, subject="Hello", body="Hi")
    DBTaskResult.objects.create(
        task_path="accounts.tasks.deliver_mail",
        args_kwargs={"args": [delivery.pk, 1], "kwargs": {}},
        backend_name="default",
    )
    Extension.objects.create(
        practice=cast.practice, cycle=cast.cycle, due_on=date(2026, 7, 15), reason="Flooding."
    )
    # A cycle's reminder schedule, and a reminder sent.
    ReminderSchedule.objects.create(cycle=cast.cycle, days="21, 7")
    Reminder.objects.create(
        recipient=cast.lead,
        cycle=cast.cycle,
        milestone=milestone,
        kind=Reminder.Kind.LEAD,
        step="7d",
        subject="VBP milestone for May 2026: 7 days left",
        body="What is left",
        link=f"/milestones/{milestone.pk}/",
    )
    # A saved VBP payment estimate.
    SavedEstimate.objects.create(milestone=milestone, name="Today", inputs={})
    # A supporting document.
    Attachment.objects.create(
        milestone=milestone,
        file=ContentFile(b"%PDF-1.7", name="minutes.pdf"),
        name="minutes.pdf",
        description="Board minutes",
        content_type="application/pdf",
        size=8,
        sha256="0" * 64,
        uploaded_by=cast.lead,
    )
    # An export bundle, with a file that could not be made.
    ExportBundle.objects.create(
        cycle=cast.cycle,
        requested_by=cast.admin,
        status="done",
        done=1,
        total=1,
        failures=[{"practice": "Alder Family Medicine", "file": "x.docx", "error": "broken"}],
    )
    return cast


def registered():
    return sorted(admin.site._registry.items(), key=lambda pair: pair[0]._meta.label)


def admin_url(model, page, *args):
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{page}", args=args)


def test_every_admin_page_answers(every_model, login):
    client = login(every_model.admin)
    request = RequestFactory().get("/admin/")
    request.user = every_model.admin
    for model, model_admin in registered():
        label = model._meta.label
        obj = model._default_manager.order_by("pk").first()
        assert obj is not None, f"no {label} to show: create one in the fixture"

        response = client.get(admin_url(model, "changelist"))
        assert response.status_code == 200, label
        assert escape(capfirst(str(model._meta.verbose_name_plural))) in response.content.decode()

        if model_admin.has_add_permission(request):
            response = client.get(admin_url(model, "add"))
            assert response.status_code == 200, label
            assert f"Add {escape(str(model._meta.verbose_name))}" in response.content.decode()

        response = client.get(admin_url(model, "change", obj.pk))
        assert response.status_code == 200, label
        body = response.content.decode()
        assert escape(str(obj)) in body, label
        form = model_admin.get_form(request, obj)
        editable = model_admin.has_change_permission(request, obj)
        readonly = model_admin.get_readonly_fields(request, obj)
        for name in admin.utils.flatten_fieldsets(model_admin.get_fieldsets(request, obj)):
            text = label_for_field(name, model, model_admin, form=form)
            assert escape(capfirst(str(text))) in body, f"{label}: no {name} on its change page"
            field = form.base_fields.get(name)
            if editable and name not in readonly and field is not None:
                if not isinstance(field.widget, ReadOnlyPasswordHashWidget):
                    # Date and time fields are two inputs, name_0 and name_1.
                    assert re.search(f'name="{name}(_0)?"', body), f"{label}: no {name} input"


def test_administrator_deactivates_a_user(cast, login):
    user = cast.respondent
    response = login(cast.admin).post(
        admin_url(type(user), "change", user.pk),
        {
            "email": user.email,
            "full_name": user.full_name,
            "job_title": "CFO",
            # is_active left unchecked: the account is switched off.
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user.refresh_from_db()
    assert not user.is_active and user.job_title == "CFO"
    assert login(user).get(cast.milestone.get_absolute_url()).status_code == 302


def test_administrator_moves_a_coach_assignment(cast, login):
    assignment = CoachAssignment.objects.get(coach=cast.other_coach)
    response = login(cast.admin).post(
        admin_url(CoachAssignment, "change", assignment.pk),
        {"coach": cast.other_coach.pk, "practice": cast.practice.pk},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assignment.refresh_from_db()
    assert assignment.practice == cast.practice


def test_instrument_versions_are_shown_not_changed_in_the_admin(cast, login):
    """A version's content is hashed: it changes only by loading a file as a new version."""
    unused = factories.make_instrument(version="unused-1")
    client = login(cast.admin)
    assert client.get(reverse("admin:assessments_instrument_add")).status_code == 403
    change_url = reverse("admin:assessments_instrument_change", args=[unused.pk])
    page = client.get(change_url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    client.post(change_url, {"name": "Changed", "version": "unused-1", "scale": "[]"})
    unused.refresh_from_db()
    assert unused.name != "Changed"
    # A version no milestone uses may go; the cast's (in use) may not.
    delete = "admin:assessments_instrument_delete"
    assert client.get(reverse(delete, args=[unused.pk])).status_code == 200
    assert client.get(reverse(delete, args=[cast.instrument.pk])).status_code == 403
