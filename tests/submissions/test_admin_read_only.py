"""The admin site shows the milestone's records without letting anyone rewrite them:
snapshots, transitions and the parts' history are read-only; a VaPCAT version in use is
read-only; a user who wrote anything is deactivated, never deleted."""

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from accounts.models import User
from assessments.models import Instrument
from gap_analysis.models import DomainRating
from submissions import lifecycle
from submissions.models import Snapshot, Transition
from tests import factories


@pytest.fixture(autouse=True)
def _no_pdf_after_submit(monkeypatch):
    monkeypatch.setattr(lifecycle, "snapshot_render_after_submit", lambda pk: None)


@pytest.fixture
def submitted(cast):
    factories.complete_milestone(cast.milestone, cast.respondent)
    return lifecycle.milestone_submit(cast.milestone, cast.lead)


def admin_url(obj, page, *args):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{page}", args=args)


@pytest.mark.parametrize("model", [Snapshot, Transition])
def test_records_of_a_submit_are_shown_and_never_changed(cast, submitted, login, model):
    client = login(cast.admin)
    obj = model.objects.get()
    page = client.get(admin_url(obj, "change", obj.pk))
    assert page.status_code == 200
    assert f"View {model._meta.verbose_name}" in page.content.decode()
    assert 'name="_save"' not in page.content.decode()
    assert client.post(admin_url(obj, "change", obj.pk), {}).status_code == 403
    assert client.get(admin_url(obj, "delete", obj.pk)).status_code == 403
    assert client.get(admin_url(obj, "add")).status_code == 403
    assert model.objects.filter(pk=obj.pk).exists()


def test_a_past_version_of_a_part_is_shown_and_never_written_back(cast, login):
    rating = DomainRating.objects.get(milestone=cast.milestone, domain__code="A")
    rating.current_state = "First words"
    rating.save()
    first = rating.history.latest()
    rating.current_state = "Second words"
    rating.save()
    client = login(cast.admin)
    url = reverse(
        "admin:gap_analysis_domainrating_simple_history", args=[rating.pk, first.history_id]
    )
    page = client.get(url)
    assert page.status_code == 200
    assert "Revert" not in page.content.decode()
    data = {"milestone": cast.milestone.pk, "domain": rating.domain_id}
    data["current_state"] = "First words"
    assert client.post(url, {**data, "_continue": "1"}).status_code == 403
    rating.refresh_from_db()
    assert rating.current_state == "Second words"


def test_a_user_with_content_cannot_be_deleted(cast, submitted, login):
    for user in (cast.lead, cast.respondent):
        with pytest.raises(ProtectedError):
            User.objects.get(pk=user.pk).delete()
    client = login(cast.admin)
    url = admin_url(cast.respondent, "delete", cast.respondent.pk)
    page = client.get(url).content.decode()
    assert "would require deleting the following protected related objects" in page
    client.post(url, {"post": "yes"})
    assert User.objects.filter(pk=cast.respondent.pk).exists()


def test_a_user_without_content_can_still_be_deleted(cast, login):
    stray = factories.make_user("typo@alder.test")
    response = login(cast.admin).post(admin_url(stray, "delete", stray.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=stray.pk).exists()


def test_the_administrator_deactivates_selected_users(cast, submitted, login):
    client = login(cast.admin)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "deactivate", "_selected_action": [cast.respondent.pk, cast.lead.pk]},
        follow=True,
    )
    assert "2 users were deactivated" in response.content.decode()
    assert not User.objects.filter(pk__in=[cast.respondent.pk, cast.lead.pk], is_active=True)
    assert User.objects.get(pk=cast.coach.pk).is_active
    assert login(cast.lead).get(cast.milestone.get_absolute_url()).status_code == 302


def test_an_instrument_version_in_use_is_read_only(cast, login):
    client = login(cast.admin)
    used = cast.instrument  # the cast's milestones were started with it
    page = client.get(admin_url(used, "change", used.pk)).content.decode()
    assert "View instrument" in page
    assert 'name="version"' not in page
    data = {"name": "Changed", "version": used.version, "scale": "[]", "description": ""}
    assert client.post(admin_url(used, "change", used.pk), data).status_code == 403
    assert client.get(admin_url(used, "delete", used.pk)).status_code == 403
    used.refresh_from_db()
    assert used.name == "VaPCAT"
    domain = used.domains.first()
    assert client.post(admin_url(domain, "change", domain.pk), {}).status_code == 403

    # A version no milestone uses is not changed here either (its content is hashed: it
    # changes by loading a file), but it may be deleted.
    unused = factories.make_instrument(version="test-2")
    page = client.get(admin_url(unused, "change", unused.pk)).content.decode()
    assert "View instrument" in page and 'name="version"' not in page
    assert client.get(admin_url(unused, "delete", unused.pk)).status_code == 200
    assert Instrument.objects.count() == 2
