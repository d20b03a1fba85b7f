from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.forms import InvitationForm
from accounts.invitations import (
    InvitationError,
    invitation_cancel,
    invitation_create,
    invitation_resend,
)
from accounts.models import Invitation
from practices import services
from practices.filters import PracticeFilter
from practices.forms import PracticeForm
from practices.models import CoachAssignment, Membership, Practice
from practices.next_page import next_page
from submissions import access, deadlines
from submissions.exceptions import TransitionError
from submissions.forms import ExtensionForm, MoveForm
from submissions.lifecycle import extension_grant, milestone_move, milestone_start
from submissions.models import Cycle, MilestoneSubmission

PRACTICES_PER_PAGE = 50
OPEN_STATUSES = [
    MilestoneSubmission.Status.DRAFT,
    MilestoneSubmission.Status.SUBMITTED,
    MilestoneSubmission.Status.CHANGES_REQUESTED,
]


@login_required
def home(request):
    """Send each person to their place."""
    user = request.user
    if user.is_administrator:
        return redirect("practices:list")
    if user.is_coach:
        return redirect("practices:coaching")
    practices = list(access.practices_for(user))
    if len(practices) == 1:
        practice = practices[0]
        milestone = practice.milestones.filter(status__in=OPEN_STATUSES).first()
        if milestone is not None:
            return redirect(milestone)
        return redirect("practices:detail", practice.pk)
    return render(request, "practices/choose.html", {"practices": practices})


def _milestones_prefetch():
    # Lists, not managers: a table reads them once per cycle column. Only what the
    # status cell shows, in no order (the default one joins the cycle and the practice).
    milestones = MilestoneSubmission.objects.order_by().only(
        "practice_id", "cycle_id", "status", "version", "submitted_at"
    )
    return Prefetch("milestones", queryset=milestones, to_attr="milestone_list")


# What the practice list shows of each practice.
LIST_COLUMNS = ("name", "ept_id", "organisation_type", "size_band", "county", "cohort__name")


@login_required
def practice_list(request):
    access.require_administrator(request.user)
    practices = Practice.objects.select_related("cohort").only(*LIST_COLUMNS)
    cycles = list(Cycle.objects.all())
    practice_filter = PracticeFilter(request.GET or None, queryset=practices, cycles=cycles)
    page = Paginator(practice_filter.qs, PRACTICES_PER_PAGE).get_page(request.GET.get("page"))
    shown = list(page)
    # Plain rows, not model instances: fifty practices have a hundred of each.
    ids = [practice.pk for practice in shown]
    coaches = defaultdict(list)
    assignments = CoachAssignment.objects.filter(practice__in=ids).order_by("coach__email")
    for practice_id, full_name, email in assignments.values_list(
        "practice_id", "coach__full_name", "coach__email"
    ):
        coaches[practice_id].append(full_name or email)  # as User.__str__
    milestones = defaultdict(dict)
    for milestone in (
        MilestoneSubmission.objects.filter(practice__in=ids)
        .order_by()
        .values("pk", "practice_id", "cycle_id", "status", "version")
    ):
        milestones[milestone["practice_id"]][milestone["cycle_id"]] = milestone
    type_labels = dict(Practice.OrganisationType.choices)
    size_labels = dict(Practice.SizeBand.choices)
    rows = [
        {
            "practice": practice,
            "type": type_labels.get(practice.organisation_type, ""),
            "size": size_labels.get(practice.size_band, ""),
            "coaches": coaches[practice.pk],
            "milestones": [milestones[practice.pk].get(cycle.pk) for cycle in cycles],
        }
        for practice in shown
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "practices/list.html",
        {
            "filter_form": practice_filter.form,
            "rows": rows,
            "cycles": cycles,
            "columns": len(cycles) + 7,
            "page": page,
            "query": query.urlencode(),
        },
    )


def _milestones_by_cycle(practice, cycles):
    """The practice's milestone in each of ``cycles`` (None where it has none)."""
    by_cycle = {milestone.cycle_id: milestone for milestone in practice.milestone_list}
    return [by_cycle.get(cycle.pk) for cycle in cycles]


@login_required
def coaching(request):
    """A coach's practices with the status and due date of each milestone."""
    if not request.user.is_coach:
        access.require_administrator(request.user)
    practices = access.practices_for(request.user, (access.COACH,)).prefetch_related(
        _milestones_prefetch()
    )
    cycles = list(Cycle.objects.all())
    rows = [(p, _milestones_by_cycle(p, cycles)) for p in practices]
    return render(request, "practices/coaching.html", {"rows": rows, "cycles": cycles})


@login_required
def practice_create(request):
    access.require_administrator(request.user)
    form = PracticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        practice = form.save()
        messages.success(request, f"{practice.name} was created. Invite its lead next.")
        return redirect("practices:invitations", practice.pk)
    return render(request, "practices/form.html", {"form": form})


@login_required
def practice_edit(request, pk):
    access.require_administrator(request.user)
    practice = get_object_or_404(Practice, pk=pk)
    form = PracticeForm(request.POST or None, instance=practice)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "The practice details were saved.")
        return redirect("practices:detail", practice.pk)
    return render(request, "practices/form.html", {"form": form, "practice": practice})


def _people(practice):
    """The practice's members and coaches, as lists."""
    return (
        list(practice.memberships.select_related("user")),
        list(practice.coach_assignments.select_related("coach")),
    )


@login_required
def practice_detail(request, pk):
    practice, role = access.get_practice_for_member(request.user, pk)
    milestones = {m.cycle_id: m for m in practice.milestones.select_related("cycle")}
    all_cycles = list(Cycle.objects.all())
    cycles = [
        (cycle, milestones.get(cycle.pk), due)
        for cycle, due in zip(
            all_cycles, deadlines.practice_deadlines(practice, all_cycles), strict=True
        )
    ]
    has_accepted = any(m.status == MilestoneSubmission.Status.ACCEPTED for m in milestones.values())
    # One VBP milestone across the cycles: once started, no cycle offers another start.
    first = next(iter(milestones.values()), None)
    shows_people = role != access.RESPONDENT
    members, coaches = _people(practice) if shows_people else ([], [])
    return render(
        request,
        "practices/detail.html",
        {
            "practice": practice,
            "cycles": cycles,
            "can_start": role in access.EDITORS and first is None,
            "first": first,
            "can_invite": role in access.EDITORS,
            "can_edit_details": role == access.ADMIN,
            "is_administrator": role == access.ADMIN,
            "shows_people": shows_people,
            "has_accepted": has_accepted,
            "members": members,
            "coaches": coaches,
        },
    )


@login_required
@require_POST
def milestone_create(request, pk, cycle_pk):
    practice, _ = access.get_practice_for_lead(request.user, pk)
    cycle = get_object_or_404(Cycle, pk=cycle_pk)
    try:
        milestone = milestone_start(practice, cycle, request.user)
    except TransitionError as error:
        messages.error(request, str(error))
        return redirect("practices:detail", practice.pk)
    messages.success(request, f"The VBP milestone for {cycle.name} was started.")
    return redirect(milestone)


@login_required
def extension(request, pk, cycle_pk):
    """An administrator grants the practice a later due date in one cycle."""
    practice, _ = access.get_practice(request.user, pk, (access.ADMIN,))
    cycle = get_object_or_404(Cycle, pk=cycle_pk)
    current = deadlines.deadline(practice, cycle)
    form = ExtensionForm(request.POST or None, current=current, today=deadlines.today())
    if request.method == "POST" and form.is_valid():
        try:
            granted = extension_grant(
                practice,
                cycle,
                form.cleaned_data["due_on"],
                form.cleaned_data["reason"],
                request.user,
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"{practice.name} now has until {granted.due_on:%B} {granted.due_on.day}, "
                f"{granted.due_on.year} in {cycle.name}.",
            )
            return redirect("practices:detail", practice.pk)
    history = practice.extensions.filter(cycle=cycle).select_related("granted_by")
    return render(
        request,
        "practices/extension.html",
        {
            "practice": practice,
            "cycle": cycle,
            "current": current,
            "form": form,
            "history": history,
        },
    )


@login_required
def milestone_move_view(request, pk, milestone_pk):
    """An administrator moves the practice's milestone, never submitted, to another cycle."""
    milestone, _ = access.get_milestone(request.user, milestone_pk, (access.ADMIN,))
    if milestone.practice_id != pk:
        raise Http404
    form = MoveForm(request.POST or None, milestone=milestone)
    if request.method == "POST" and form.is_valid():
        source = milestone.cycle.name
        try:
            milestone_move(
                milestone, form.cleaned_data["cycle"], form.cleaned_data["reason"], request.user
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"The milestone moved from {source} to {milestone.cycle.name}."
            )
            return redirect("practices:detail", pk)
    return render(
        request,
        "practices/move.html",
        {"practice": milestone.practice, "milestone": milestone, "form": form},
    )


def _invitable_roles(user):
    if user.is_administrator:
        return [Invitation.Role.LEAD, Invitation.Role.RESPONDENT, Invitation.Role.COACH]
    return [Invitation.Role.LEAD, Invitation.Role.RESPONDENT]


INVITATION_SENT = "An invitation was sent to {email}. The link works once and expires in 7 days."


@login_required
def invitations(request, pk):
    """A practice's people: members, coaches, and invitations (leads and administrators)."""
    practice, _ = access.get_practice_for_lead(request.user, pk)
    form = InvitationForm(
        request.POST or None,
        roles=_invitable_roles(request.user),
        practice=practice,
        initial={"role": Invitation.Role.RESPONDENT},
    )
    if request.method == "POST" and form.is_valid():
        try:
            invitation, assigned = invitation_create(
                request.user, form.cleaned_data["email"], form.cleaned_data["role"], practice
            )
        except ValidationError as refusal:
            form.add_error("email", refusal)
            return _invitations_page(request, practice, form)
        if assigned is not None:  # an administrator assigned an existing coach
            messages.success(
                request,
                f"{assigned.email} already has an account; they now have access as "
                f"{invitation.get_role_display().lower()}.",
            )
        else:
            messages.success(request, INVITATION_SENT.format(email=invitation.email))
        return redirect("practices:invitations", practice.pk)
    return _invitations_page(request, practice, form)


def _invitations_page(request, practice, form):
    members, coaches = _people(practice)
    invitations = list(practice.invitations.select_related("invited_by"))
    if not form.is_bound and _needs_lead(members, invitations):
        form.initial["role"] = Invitation.Role.LEAD
    return render(
        request,
        "practices/invitations.html",
        {
            "practice": practice,
            "form": form,
            "members": members,
            "coaches": coaches,
            "invitations": invitations,
        },
    )


def _needs_lead(members, invitations):
    """No lead yet, nor a lead invited whose link still works: the next person invited is
    most likely its lead (as right after the practice is created)."""
    return not any(m.role == Membership.Role.LEAD for m in members) and not any(
        i.role == Invitation.Role.LEAD and i.status == "pending" for i in invitations
    )


def _back(request, practice):
    """Where a button of an invitation returns: the page it was pressed on, when that is
    one of ours, else the practice's people page."""
    return redirect(next_page(request, reverse("practices:invitations", args=[practice.pk])))


@login_required
@require_POST
def invitation_send_again(request, pk, invitation_pk):
    practice, _ = access.get_practice_for_lead(request.user, pk)
    invitation = get_object_or_404(practice.invitations, pk=invitation_pk)
    # Read the request before writing: a body too big to read must leave nothing done.
    back = _back(request, practice)
    try:
        invitation_resend(invitation, request.user)
    except InvitationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"A new invitation was sent to {invitation.email}; the link in the earlier "
            "e-mail no longer works.",
        )
    return back


@login_required
@require_POST
def invitation_withdraw(request, pk, invitation_pk):
    practice, _ = access.get_practice_for_lead(request.user, pk)
    invitation = get_object_or_404(practice.invitations, pk=invitation_pk)
    # Read the request before writing: a body too big to read must leave nothing done.
    back = _back(request, practice)
    try:
        invitation_cancel(invitation)
    except InvitationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"The invitation to {invitation.email} was cancelled; its link no longer works.",
        )
    return back


@login_required
@require_POST
def membership_remove(request, pk, membership_pk):
    practice, _ = access.get_practice_for_lead(request.user, pk)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=membership_pk, practice=practice
    )
    try:
        services.membership_remove(membership, request.user)
    except services.MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{membership.user} no longer has access to {practice.name}.")
    return redirect("practices:invitations", practice.pk)
