"""Every URL pattern x every role -> the expected status code.

Out of scope is 404 (never 403), so nobody learns which practices exist. A new URL
pattern without a row here fails ``test_every_url_pattern_has_a_row``.
"""

from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import Invitation
from assessments.chart import chart_digest
from assessments.selectors import chart_rows, consensus_summary
from exports.models import ExportBundle
from gap_analysis.models import Capability
from incentives.models import SavedEstimate
from practices.models import CoachAssignment, Membership
from practices.services import RoleConflict, coach_assign, membership_grant
from submissions import access, attachments
from submissions.models import Attachment, MilestoneSubmission, ReviewComment, Snapshot
from submissions.snapshot import milestone_content

ROLES = ["anonymous", "respondent", "lead", "other_lead", "coach", "other_coach", "admin"]
EVERYONE = {role: 200 for role in ROLES}
LOGIN = 302  # anonymous visitors are sent to the log-in page


def only(allowed, ok=200, anonymous=LOGIN, others=404):
    expected = {role: (ok if role in allowed else others) for role in ROLES}
    expected["anonymous"] = anonymous
    return expected


def milestone_pk(cast):
    return {"pk": cast.milestone.pk}


def pending_invitation(cast):
    invitation = cast.practice.invitations.first()
    if invitation is None:
        invitation, _ = Invitation.new(
            email="new@alder.test", role="respondent", practice=cast.practice
        )
        invitation.save()
    return {"pk": cast.practice.pk, "invitation_pk": invitation.pk}


def a_comment(cast):
    """The first review comment of practice A's milestone (one is written if none is)."""
    return cast.milestone.comments.first() or ReviewComment.objects.create(
        milestone=cast.milestone, section="general", body="Please add detail.", version=1
    )


def a_saved_estimate(cast):
    """A saved VBP payment scenario of practice A's milestone."""
    saved, _ = SavedEstimate.objects.get_or_create(
        milestone=cast.milestone,
        name="Today",
        defaults={
            "inputs": {
                "practice_type": "adult",
                "members": 10,
                "incentive_pmpm": 1,
                "population_health_pmpm": 1,
            }
        },
    )
    return {"pk": cast.milestone.pk, "estimate_pk": saved.pk}


def an_expired_bundle(cast):
    """An export bundle of the May cycle, written and past its 7 days."""
    bundle, _ = ExportBundle.objects.get_or_create(
        cycle=cast.cycle,
        requested_by=cast.admin,
        defaults={"status": "done", "expires_at": timezone.now() - timedelta(minutes=1)},
    )
    return {"pk": bundle.pk}


def an_attachment(cast):
    """A supporting document of practice A's milestone (a one-page PDF stand-in)."""
    attachment = cast.milestone.attachments.filter(removed_at=None).first()
    if attachment is None:
        # Written directly: the pages are also walked once the milestone is submitted.
        upload = ContentFile(b"%PDF-1.7 board minutes", name="minutes.pdf")
        inspected = attachments.inspect(upload)
        attachment = Attachment.objects.create(
            milestone=cast.milestone,
            file=upload,
            name=inspected.name,
            description="Board minutes",
            content_type=inspected.kind.content_type,
            size=inspected.size,
            sha256=inspected.sha256,
            uploaded_by=cast.lead,
        )
    return {"pk": cast.milestone.pk, "attachment_pk": attachment.pk}


def a_submitted_attachment(cast):
    """A supporting document as a submitted version (a snapshot of its own) lists it."""
    kwargs = an_attachment(cast)
    latest = cast.milestone.snapshots.order_by("-version").first()
    snapshot = Snapshot.objects.create(
        milestone=cast.milestone,
        version=(latest.version if latest else 0) + 1,
        content=milestone_content(cast.milestone),
    )
    return {**kwargs, "version": snapshot.version}


# name: (method, kwargs(cast), expected status per role)
MATRIX = {
    "home": ("get", None, {**only(ROLES, ok=302)}),
    "login": ("get", None, {**{r: 302 for r in ROLES}, "anonymous": 200}),
    "logout": ("post", None, {r: 302 for r in ROLES}),
    "healthz": ("get", None, EVERYONE),
    "accounts:accept": ("get", lambda c: {"token": "not-a-real-token"}, {r: 404 for r in ROLES}),
    "accounts:password_change": ("get", None, only(ROLES[1:])),
    "accounts:password_change_done": ("get", None, only(ROLES[1:])),
    "accounts:password_reset": ("get", None, EVERYONE),
    "accounts:password_reset_done": ("get", None, EVERYONE),
    "accounts:password_reset_confirm": (
        "get",
        lambda c: {"uidb64": "MQ", "token": "set-password"},
        EVERYONE,
    ),
    "accounts:password_reset_complete": ("get", None, EVERYONE),
    "practices:list": ("get", None, only(["admin"])),
    "practices:create": ("get", None, only(["admin"])),
    "practices:coaching": ("get", None, only(["coach", "other_coach", "admin"])),
    "practices:detail": (
        "get",
        lambda c: {"pk": c.practice.pk},
        only(["respondent", "lead", "coach", "admin"]),
    ),
    "practices:edit": ("get", lambda c: {"pk": c.practice.pk}, only(["admin"])),
    "practices:invitations": ("get", lambda c: {"pk": c.practice.pk}, only(["lead", "admin"])),
    "practices:membership_remove": (
        "post",
        lambda c: {"pk": c.practice.pk, "membership_pk": c.respondent.memberships.get().pk},
        only(["lead", "admin"], ok=302),
    ),
    "practices:invitation_resend": (
        "post",
        pending_invitation,
        only(["lead", "admin"], ok=302),
    ),
    "practices:invitation_cancel": (
        "post",
        pending_invitation,
        only(["lead", "admin"], ok=302),
    ),
    "practices:start": (
        "post",
        lambda c: {"pk": c.practice.pk, "cycle_pk": c.other_cycle.pk},
        only(["lead", "admin"], ok=302),
    ),
    # Extensions and moves between cycles: administrators only.
    "practices:extension": (
        "get",
        lambda c: {"pk": c.practice.pk, "cycle_pk": c.cycle.pk},
        only(["admin"]),
    ),
    "practices:move": (
        "get",
        lambda c: {"pk": c.practice.pk, "milestone_pk": c.milestone.pk},
        only(["admin"]),
    ),
    "submissions:milestone": (
        "get",
        milestone_pk,
        only(["respondent", "lead", "coach", "admin"]),
    ),
    "submissions:submit": ("get", milestone_pk, only(["lead", "admin"])),
    "submissions:request_changes": ("post", milestone_pk, only(["coach", "admin"], ok=302)),
    "submissions:accept": ("post", milestone_pk, only(["coach", "admin"], ok=302)),
    # An empty reason is refused: the form again, on a page of its own.
    "submissions:reopen": ("post", milestone_pk, only(["admin"], ok=200)),
    "submissions:queue": ("get", None, only(["coach", "other_coach", "admin"])),
    "submissions:review": ("get", milestone_pk, only(["lead", "coach", "admin"])),
    # An empty comment is refused: the form again, on a page of its own.
    "submissions:comment_create": ("post", milestone_pk, only(["coach", "admin"], ok=200)),
    "submissions:comment_address": (
        "post",
        lambda c: {"pk": c.milestone.pk, "comment_pk": c.milestone.comments.get().pk},
        only(["lead", "admin"], ok=302),
    ),
    # An empty reply is refused: the form again, on a page of its own.
    "submissions:reply_create": (
        "post",
        lambda c: {"pk": c.milestone.pk, "comment_pk": a_comment(c).pk},
        only(["lead", "coach", "admin"], ok=200),
    ),
    "submissions:comment_reopen": (
        "post",
        lambda c: {"pk": c.milestone.pk, "comment_pk": a_comment(c).pk},
        only(["coach", "admin"], ok=302),
    ),
    # Everyone signed in has notices of their own.
    "submissions:notices": ("get", None, only(ROLES[1:])),
    # Everyone signed in sees the reminders they were sent.
    "reminders:list": ("get", None, only(ROLES[1:])),
    "submissions:history": ("get", milestone_pk, only(["lead", "coach", "admin"])),
    "submissions:pdf": ("get", milestone_pk, only(["lead", "coach", "admin"])),
    "submissions:pdf_version": (
        "get",
        lambda c: {"pk": c.milestone.pk, "version": 1},
        only(["lead", "coach", "admin"]),
    ),
    "submissions:draft_pdf": ("get", milestone_pk, only(["lead", "coach", "admin"])),
    "submissions:docx": ("get", milestone_pk, only(["lead", "coach", "admin"])),
    "submissions:docx_version": (
        "get",
        lambda c: {"pk": c.milestone.pk, "version": 1},
        only(["lead", "coach", "admin"]),
    ),
    "submissions:draft_docx": ("get", milestone_pk, only(["lead", "coach", "admin"])),
    # Supporting documents: readers see and download them; editors attach and remove.
    "submissions:attachments": ("get", milestone_pk, only(["lead", "coach", "admin"])),
    "submissions:attachment_download": (
        "get",
        an_attachment,
        only(["lead", "coach", "admin"]),
    ),
    "submissions:attachment_version": (
        "get",
        a_submitted_attachment,
        only(["lead", "coach", "admin"]),
    ),
    "submissions:attachment_remove": ("post", an_attachment, only(["lead", "admin"], ok=302)),
    # Administrators get a signpost: they do not answer the VaPCAT themselves.
    "assessments:overview": ("get", milestone_pk, only(["respondent", "lead", "admin"])),
    # An empty autosave names no item (400); only those who answer may post one.
    "assessments:autosave": ("post", milestone_pk, only(["respondent", "lead"], ok=400)),
    "assessments:respondents": ("get", milestone_pk, only(["lead", "admin"])),
    "assessments:response": (
        "get",
        lambda c: {
            "pk": c.milestone.pk,
            "response_pk": c.milestone.responses.get_or_create(respondent=c.respondent)[0].pk,
        },
        only(["lead", "coach", "admin"]),
    ),
    "assessments:reopen": (
        "post",
        lambda c: {
            "pk": c.milestone.pk,
            "response_pk": c.milestone.responses.get_or_create(
                respondent=c.respondent, defaults={"status": "submitted"}
            )[0].pk,
        },
        only(["lead", "admin"], ok=302),
    ),
    "assessments:results": ("get", milestone_pk, only(["lead", "coach", "admin"])),
    # An empty consensus form returns the item to its default score.
    "assessments:consensus": (
        "post",
        lambda c: {"pk": c.milestone.pk, "code": "A1"},
        only(["lead", "admin"], ok=302),
    ),
    # The chart's URL names a hash of the data it shows (the current data's).
    "assessments:chart": (
        "get",
        lambda c: {
            "pk": c.milestone.pk,
            "digest": chart_digest(chart_rows(consensus_summary(c.milestone))),
        },
        only(["lead", "coach", "admin"]),
    ),
    "gap_analysis:edit": ("get", milestone_pk, only(["lead", "coach", "admin"])),
    "gap_analysis:capabilities": ("get", milestone_pk, only(["lead", "coach", "admin"])),
    "gap_analysis:capability_remove": (
        "get",
        lambda c: {"pk": c.milestone.pk, "position": 1},
        only(["lead", "admin"]),
    ),
    "action_plans:process": ("get", milestone_pk, only(["lead", "coach", "admin"])),
    "action_plans:capability": (
        "get",
        lambda c: {"pk": c.milestone.pk, "position": 1},
        only(["lead", "coach", "admin"]),
    ),
    "action_plans:risks": ("get", milestone_pk, only(["lead", "coach", "admin"])),
    # The VBP payment estimator: coaches read; a scenario's writes are for editors.
    "incentives:estimate": ("get", milestone_pk, only(["lead", "coach", "admin"])),
    "incentives:scenario": ("post", a_saved_estimate, only(["lead", "admin"], ok=302)),
    "incentives:indicator": ("post", a_saved_estimate, only(["lead", "admin"], ok=302)),
    # The cohort board: coaches (their practices) and administrators (all).
    "cohort:board": ("get", None, only(["coach", "other_coach", "admin"])),
    # The cohort export: coaches (their practices) and administrators (all).
    "exports:index": ("get", None, only(["coach", "other_coach", "admin"])),
    "exports:cohort_xlsx": ("get", None, only(["coach", "other_coach", "admin"])),
    "exports:cohort_csv": ("get", None, only(["coach", "other_coach", "admin"])),
    # The bundles: administrators only; an expired bundle's zip is gone (410).
    "exports:bundle_new": ("get", None, only(["admin"])),
    "exports:bundle": ("get", an_expired_bundle, only(["admin"])),
    "exports:bundle_progress": ("get", an_expired_bundle, only(["admin"])),
    "exports:bundle_download": ("get", an_expired_bundle, only(["admin"], ok=410)),
    # The VaPCAT versions: administrators only. An empty upload is refused (the form
    # again); an empty publish form publishes for every cycle without a version of its own.
    "instruments:list": ("get", None, only(["admin"])),
    "instruments:upload": ("post", None, only(["admin"])),
    "instruments:detail": ("get", lambda c: {"pk": c.instrument.pk}, only(["admin"])),
    "instruments:publish": ("post", lambda c: {"pk": c.instrument.pk}, only(["admin"], ok=302)),
    "instruments:download": ("get", lambda c: {"pk": c.instrument.pk}, only(["admin"])),
}

# Django's own admin site has its own permission system (staff only); tested apart.
IGNORED_NAMESPACES = {"admin"}


def url_patterns(resolver=None, namespace=None):
    """(URL name, view, pattern) of every named pattern outside the ignored namespaces."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or namespace
            if inner not in IGNORED_NAMESPACES:
                yield from url_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, entry.callback, entry.pattern


def test_every_url_pattern_has_a_row():
    names = {name for name, _, _ in url_patterns()}
    assert names - MATRIX.keys() == set(), "add these URL names to the access matrix"
    assert MATRIX.keys() - names == set(), "these matrix rows name no URL pattern"


def _prepare(cast):
    """Give every page something to show: a capability, a snapshot, a comment."""
    for milestone in (cast.milestone, cast.other_milestone):
        Capability.objects.get_or_create(milestone=milestone, position=1)
        Snapshot.objects.create(
            milestone=milestone,
            version=1,
            content=milestone_content(milestone),
            pdf=b"%PDF-1.7 stand-in",
            pdf_sha256="0" * 64,
        )
        ReviewComment.objects.create(
            milestone=milestone, section="general", body="Please add detail.", version=1
        )


CASES = [(name, role) for name in MATRIX for role in ROLES]


@pytest.mark.parametrize(("name", "role"), CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_access(name, role, cast, login):
    method, kwargs, expected = MATRIX[name]
    _prepare(cast)
    if name in ("submissions:accept", "submissions:request_changes", "submissions:comment_create"):
        _make_submitted(cast)
    if name == "submissions:reopen":
        _make_accepted(cast)
    client = login(cast.by_role(role))
    url = reverse(name, kwargs=kwargs(cast) if kwargs else None)
    response = getattr(client, method)(url)
    assert response.status_code == expected[role], (
        f"{role} {method.upper()} {url}: expected {expected[role]}, got {response.status_code}"
    )


def _make_submitted(cast):
    MilestoneSubmission.objects.filter(pk=cast.milestone.pk).update(status="submitted", version=1)


def _make_accepted(cast):
    MilestoneSubmission.objects.filter(pk=cast.milestone.pk).update(status="accepted", version=1)


@pytest.mark.parametrize("role", ["lead", "respondent", "coach"])
def test_practice_b_pages_are_404_for_practice_a_people(role, cast, login):
    """A lead (or anyone) of practice A gets 404 for every page of practice B."""
    _prepare(cast)
    client = login(cast.by_role(role))
    other = cast.other_milestone
    for name, (method, kwargs, _) in MATRIX.items():
        if kwargs is None or name.startswith("accounts:"):
            continue
        args = kwargs(cast)
        if "pk" in args and args["pk"] == cast.practice.pk and "membership_pk" not in args:
            args = {**args, "pk": cast.other_practice.pk}
        elif "pk" in args and args["pk"] == cast.milestone.pk:
            args = {**args, "pk": other.pk}
        else:
            continue
        if "cycle_pk" in args:
            args["cycle_pk"] = cast.other_cycle.pk
        response = getattr(client, method)(reverse(name, kwargs=args))
        assert response.status_code == 404, f"{name} answered {response.status_code}"


def test_admin_site_is_for_administrators_only(cast, login):
    for role in ["lead", "coach"]:
        response = login(cast.by_role(role)).get("/admin/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert login(cast.admin).get("/admin/").status_code == 200


def test_admin_site_lists_every_model(cast, login):
    """Every model of the product has a page in the admin site, for administrators."""
    ours = {"accounts", "practices", "submissions", "assessments", "gap_analysis", "action_plans"}
    ours.add("incentives")
    missing = [
        f"{m._meta.app_label}.{m.__name__}"
        for m in apps.get_models()
        if m._meta.app_label in ours
        and not m.__name__.startswith("Historical")
        and not admin.site.is_registered(m)
    ]
    assert missing == []
    client = login(cast.admin)
    for model in ("submissions/snapshot", "practices/practice", "assessments/item"):
        assert client.get(f"/admin/{model}/").status_code == 200


CAST = [role for role in ROLES if role != "anonymous"]


@pytest.mark.parametrize("role", CAST)
def test_the_list_scopes_are_the_rule(role, cast):
    """For everyone of the cast and both practices: ``role_in`` gives a role exactly when
    ``practices_for`` lists the practice and ``milestones_for`` its milestone, for every
    set of roles a page asks for."""
    user = cast.by_role(role)
    scopes = [
        access.EVERYONE,
        access.READERS,
        access.EDITORS,
        access.REVIEWERS,
        access.ANSWERERS,
        (access.ADMIN,),
        (access.COACH,),
        (access.RESPONDENT,),
    ]
    for practice, milestone in (
        (cast.practice, cast.milestone),
        (cast.other_practice, cast.other_milestone),
    ):
        role_here = access.role_in(user, practice.pk)
        assert (role_here is not None) == access.practices_for(user).filter(
            pk=practice.pk
        ).exists(), (role, practice)
        assert (role_here is not None) == access.milestones_for(user).filter(
            pk=milestone.pk
        ).exists(), (role, milestone)
        for roles in scopes:
            listed = access.practices_for(user, roles).filter(pk=practice.pk).exists()
            assert (role_here in roles) == listed, (role, practice, roles)
            listed = access.milestones_for(user, roles).filter(pk=milestone.pk).exists()
            assert (role_here in roles) == listed, (role, milestone, roles)


@pytest.mark.parametrize("role", ["lead", "respondent"])
def test_a_member_is_never_also_a_coach_of_their_practice(role, cast, login):
    """The dual-role attempts: refused by the service, the admin site, the invitation
    page and the database; the member keeps exactly their one role."""
    member = cast.by_role(role)
    member.is_coach = True
    member.save()
    with pytest.raises(RoleConflict):
        coach_assign(member, cast.practice)
    response = login(cast.admin).post(
        reverse("admin:practices_coachassignment_add"),
        {"coach": member.pk, "practice": cast.practice.pk},
    )
    assert response.status_code == 200
    assert f"{member} is already a" in response.content.decode()
    response = login(cast.admin).post(
        reverse("practices:invitations", args=[cast.practice.pk]),
        {"email": member.email, "role": "coach"},
    )
    assert response.status_code == 200
    with pytest.raises(IntegrityError), transaction.atomic():
        CoachAssignment.objects.create(coach=member, practice=cast.practice)
    assert access.role_in(member, cast.practice.pk) == role
    assert not CoachAssignment.objects.filter(coach=member, practice=cast.practice).exists()


def test_a_coach_is_never_also_a_member_of_their_practice(cast, login):
    coach = cast.coach
    for wanted in ("lead", "respondent"):
        with pytest.raises(RoleConflict):
            membership_grant(coach, cast.practice, wanted)
        response = login(cast.admin).post(
            reverse("admin:practices_membership_add"),
            {"user": coach.pk, "practice": cast.practice.pk, "role": wanted},
        )
        assert response.status_code == 200
        assert f"{coach} already coaches {cast.practice}" in response.content.decode()
        response = login(cast.lead).post(
            reverse("practices:invitations", args=[cast.practice.pk]),
            {"email": coach.email, "role": wanted},
        )
        assert response.status_code == 200
        with pytest.raises(IntegrityError), transaction.atomic():
            Membership.objects.create(user=coach, practice=cast.practice, role=wanted)
    assert access.role_in(coach, cast.practice.pk) == "coach"
    assert not Membership.objects.filter(user=coach, practice=cast.practice).exists()
