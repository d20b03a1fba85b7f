"""One person holds one role per practice: a coach of a practice is not made its lead or
respondent, and a member of a practice is not assigned to coach it. Refused on every
path: the forms, the admin site, the services and the database itself."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.invitations import invitation_accept_as, invitation_create
from accounts.models import Invitation, User
from practices.models import CoachAssignment, Membership
from practices.services import RoleConflict, coach_assign, membership_grant
from tests import factories


def roles_of(user, practice):
    return (
        list(Membership.objects.filter(user=user, practice=practice).values_list("role")),
        CoachAssignment.objects.filter(coach=user, practice=practice).exists(),
    )


def make_lead_a_coach(cast):
    cast.lead.is_coach = True
    cast.lead.save()
    return cast.lead


# The services ----------------------------------------------------------------------


def test_the_services_refuse_a_second_role(cast):
    with pytest.raises(RoleConflict) as refused:
        membership_grant(cast.coach, cast.practice, Membership.Role.RESPONDENT)
    assert str(refused.value) == (
        "Cora Coach already coaches Alder Family Medicine, so they cannot also be a lead or "
        "respondent of it: one person holds one role per practice."
    )
    with pytest.raises(RoleConflict) as refused:
        coach_assign(make_lead_a_coach(cast), cast.practice)
    assert str(refused.value) == (
        "Lena Lead is already a practice lead of Alder Family Medicine, so they cannot also "
        "coach it: one person holds one role per practice."
    )
    assert roles_of(cast.coach, cast.practice) == ([], True)
    assert roles_of(cast.lead, cast.practice) == ([("lead",)], False)
    # Another practice is another matter.
    coach_assign(cast.lead, cast.other_practice)
    membership_grant(cast.coach, cast.other_practice, Membership.Role.RESPONDENT)
    assert roles_of(cast.coach, cast.other_practice) == ([("respondent",)], False)


def test_a_respondent_made_a_lead_keeps_one_membership(cast):
    membership = membership_grant(cast.respondent, cast.practice, Membership.Role.LEAD)
    assert membership.role == "lead"
    membership_grant(cast.respondent, cast.practice, Membership.Role.RESPONDENT)
    assert roles_of(cast.respondent, cast.practice) == ([("lead",)], False)


def test_inviting_someone_to_a_second_role_creates_nothing(cast, mailoutbox):
    with pytest.raises(RoleConflict):
        invitation_create(cast.lead, cast.coach.email, "respondent", cast.practice)
    with pytest.raises(RoleConflict):
        invitation_create(cast.admin, make_lead_a_coach(cast).email, "coach", cast.practice)
    assert not Invitation.objects.exists() and mailoutbox == []
    assert roles_of(cast.coach, cast.practice) == ([], True)
    assert roles_of(cast.lead, cast.practice) == ([("lead",)], False)


def test_accepting_an_invitation_to_a_second_role_is_refused(cast):
    invitation, _ = invitation_create(cast.admin, "late@program.test", "coach", cast.practice)
    # Before the invitation is accepted, the person joins the practice another way.
    user = factories.make_user("late@program.test", full_name="Lee Late")
    factories.add_member(cast.practice, user, Membership.Role.RESPONDENT)
    with pytest.raises(RoleConflict):
        invitation_accept_as(invitation, user)
    invitation.refresh_from_db()
    assert not invitation.is_used
    assert roles_of(user, cast.practice) == ([("respondent",)], False)


# The database ----------------------------------------------------------------------


def test_the_database_refuses_a_membership_of_a_coached_practice(cast):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=cast.coach, practice=cast.practice, role="respondent")
    membership = Membership.objects.create(
        user=cast.coach, practice=cast.other_practice, role="respondent"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(pk=membership.pk).update(practice=cast.practice)
    assert roles_of(cast.coach, cast.practice) == ([], True)


def test_the_database_refuses_coaching_a_practice_one_belongs_to(cast):
    with pytest.raises(IntegrityError), transaction.atomic():
        CoachAssignment.objects.create(coach=cast.lead, practice=cast.practice)
    assignment = CoachAssignment.objects.get(coach=cast.other_coach)
    with pytest.raises(IntegrityError), transaction.atomic():
        CoachAssignment.objects.filter(pk=assignment.pk).update(coach=cast.other_lead)
    with pytest.raises(IntegrityError), transaction.atomic():
        CoachAssignment.objects.filter(pk=assignment.pk).update(
            coach=cast.lead, practice=cast.practice
        )
    assert roles_of(cast.lead, cast.practice) == ([("lead",)], False)
    # Changing a member's role is no second role.
    Membership.objects.filter(user=cast.respondent).update(role="lead")


# The models' own validation (the admin site, model forms) ----------------------------


def test_model_validation_names_the_person_and_the_practice(cast):
    with pytest.raises(ValidationError, match="Cora Coach already coaches Alder Family"):
        Membership(user=cast.coach, practice=cast.practice, role="lead").full_clean()
    with pytest.raises(ValidationError, match="Rafael Respondent is already a respondent of"):
        CoachAssignment(coach=cast.respondent, practice=cast.practice).full_clean()
    Membership(user=cast.coach, practice=cast.other_practice, role="lead").full_clean()


def test_the_admin_site_refuses_a_membership_for_a_coach(cast, login):
    response = login(cast.admin).post(
        reverse("admin:practices_membership_add"),
        {"user": cast.coach.pk, "practice": cast.practice.pk, "role": "lead"},
    )
    assert response.status_code == 200
    assert "Cora Coach already coaches Alder Family Medicine" in response.content.decode()
    assert roles_of(cast.coach, cast.practice) == ([], True)


def test_the_admin_site_refuses_to_assign_a_member_as_coach(cast, login):
    lead = make_lead_a_coach(cast)
    client = login(cast.admin)
    response = client.post(
        reverse("admin:practices_coachassignment_add"),
        {"coach": lead.pk, "practice": cast.practice.pk},
    )
    assert response.status_code == 200
    assert (
        "Lena Lead is already a practice lead of Alder Family Medicine" in response.content.decode()
    )
    # Nor may an existing assignment be moved onto a practice its coach belongs to.
    assignment = CoachAssignment.objects.get(coach=cast.other_coach)
    factories.add_member(cast.practice, cast.other_coach, "respondent")
    response = client.post(
        reverse("admin:practices_coachassignment_change", args=[assignment.pk]),
        {"coach": cast.other_coach.pk, "practice": cast.practice.pk},
    )
    assert response.status_code == 200
    assert "Otto Coach is already a respondent of Alder Family Medicine" in (
        response.content.decode()
    )
    assignment.refresh_from_db()
    assert assignment.practice == cast.other_practice
    assert roles_of(lead, cast.practice) == ([("lead",)], False)


def test_the_admin_practice_page_refuses_a_coach_as_member(cast, login):
    practice = cast.practice
    prefix_m, prefix_c = "memberships", "coach_assignments"
    members = list(practice.memberships.all())
    coaches = list(practice.coach_assignments.all())
    data = {
        "name": practice.name,
        "organisation_type": practice.organisation_type,
        "size_band": practice.size_band,
        "county": practice.county,
        "address": "",
        f"{prefix_m}-TOTAL_FORMS": len(members) + 1,
        f"{prefix_m}-INITIAL_FORMS": len(members),
        f"{prefix_c}-TOTAL_FORMS": len(coaches),
        f"{prefix_c}-INITIAL_FORMS": len(coaches),
    }
    for n, m in enumerate(members):
        data.update({f"{prefix_m}-{n}-id": m.pk, f"{prefix_m}-{n}-practice": practice.pk})
        data.update({f"{prefix_m}-{n}-user": m.user_id, f"{prefix_m}-{n}-role": m.role})
    n = len(members)
    data.update({f"{prefix_m}-{n}-user": cast.coach.pk, f"{prefix_m}-{n}-role": "respondent"})
    for n, a in enumerate(coaches):
        data.update({f"{prefix_c}-{n}-id": a.pk, f"{prefix_c}-{n}-practice": practice.pk})
        data.update({f"{prefix_c}-{n}-coach": a.coach_id})
    response = login(cast.admin).post(
        reverse("admin:practices_practice_change", args=[practice.pk]), data
    )
    assert response.status_code == 200
    assert "Cora Coach already coaches Alder Family Medicine" in response.content.decode()
    assert roles_of(cast.coach, practice) == ([], True)


# The pages -------------------------------------------------------------------------


def invite(client, practice, email, role):
    return client.post(
        reverse("practices:invitations", args=[practice.pk]), {"email": email, "role": role}
    )


def test_a_lead_cannot_invite_the_coach_as_a_respondent(cast, login, mailoutbox):
    response = invite(login(cast.lead), cast.practice, "COACH@program.test", "respondent")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Cora Coach already coaches Alder Family Medicine" in body
    assert 'href="#id_email"' in body  # the error summary links to the field
    assert 'value="COACH@program.test"' in body
    assert not Invitation.objects.exists() and mailoutbox == []
    assert roles_of(cast.coach, cast.practice) == ([], True)


def test_an_administrator_cannot_invite_a_member_as_coach(cast, login, mailoutbox):
    response = invite(login(cast.admin), cast.practice, cast.respondent.email, "coach")
    assert response.status_code == 200
    assert "Rafael Respondent is already a respondent of Alder Family Medicine" in (
        response.content.decode()
    )
    assert not Invitation.objects.exists() and mailoutbox == []
    cast.respondent.refresh_from_db()
    assert not cast.respondent.is_coach


def test_the_acceptance_page_refuses_a_second_role(cast, client, mailoutbox):
    invitation_create(cast.lead, "late@alder.test", "respondent", cast.practice)
    url = re.search(r"/account/invitation/[^\s]+/", mailoutbox[0].body).group(0)
    # Meanwhile the program gives that person an account and the practice to coach.
    user = factories.make_user("late@alder.test", full_name="Lee Late", is_coach=True)
    factories.assign_coach(cast.practice, user)
    client.force_login(user)
    response = client.post(url, {"accept": "1"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Lee Late already coaches Alder Family Medicine" in body
    assert roles_of(user, cast.practice) == ([], True)
    assert not Invitation.objects.get().is_used
    assert User.objects.filter(email="late@alder.test").count() == 1


def test_the_admin_practice_page_refuses_one_person_added_twice(cast, login):
    newcomer = factories.make_user("new@program.test", full_name="Nina New", is_coach=True)
    data = {
        "name": "Cedar Clinic",
        "organisation_type": "rural",
        "size_band": "small",
        "county": "Modoc",
        "address": "",
        "memberships-TOTAL_FORMS": 1,
        "memberships-INITIAL_FORMS": 0,
        "memberships-0-user": newcomer.pk,
        "memberships-0-role": "lead",
        "coach_assignments-TOTAL_FORMS": 1,
        "coach_assignments-INITIAL_FORMS": 0,
        "coach_assignments-0-coach": newcomer.pk,
    }
    response = login(cast.admin).post(reverse("admin:practices_practice_add"), data)
    assert response.status_code == 200
    assert "Nina New cannot be both a member and a coach of" in response.content.decode()
    assert not Membership.objects.filter(user=newcomer).exists()
    assert not CoachAssignment.objects.filter(coach=newcomer).exists()
    data["coach_assignments-0-DELETE"] = "on"
    response = login(cast.admin).post(reverse("admin:practices_practice_add"), data)
    assert response.status_code == 302
    assert Membership.objects.get(user=newcomer).practice.name == "Cedar Clinic"
