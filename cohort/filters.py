"""The cohort board's filters: cohort, status, coach, organisation type and "behind"."""

from datetime import timedelta

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from practices.models import Cohort, Practice
from submissions.models import MilestoneSubmission

NOT_STARTED = "none"
# "Behind": rules still unmet (or nothing started) with fewer days than this left.
BEHIND_WITHIN_DAYS = 14
UNSUBMITTED = (MilestoneSubmission.Status.DRAFT, MilestoneSubmission.Status.CHANGES_REQUESTED)
STATUS_CHOICES = [(NOT_STARTED, "Not started"), *MilestoneSubmission.Status.choices]


class BoardFilter(django_filters.FilterSet):
    """Filters the board's rows: practices annotated by ``cohort.board`` with their
    milestone in the cycle (``status``, ``unmet``, ``due_on``)."""

    cohort = django_filters.ModelChoiceFilter(queryset=Cohort.objects.all(), empty_label="Any")
    status = django_filters.ChoiceFilter(
        choices=STATUS_CHOICES, method="with_status", label="Status", empty_label="Any"
    )
    coach = django_filters.ModelChoiceFilter(
        queryset=User.objects.filter(is_coach=True).order_by("full_name", "email"),
        field_name="coach_assignments__coach",
        label="Coach",
        empty_label="Any",
        distinct=True,
    )
    organisation_type = django_filters.ChoiceFilter(
        choices=Practice.OrganisationType.choices, label="Organisation type", empty_label="Any"
    )
    behind = django_filters.BooleanFilter(
        method="only_behind",
        label=f"Behind (unmet rules, under {BEHIND_WITHIN_DAYS} days left)",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Practice
        fields = ["cohort", "status", "coach", "organisation_type", "behind"]

    def with_status(self, queryset, name, value):
        if value == NOT_STARTED:
            return queryset.filter(milestone_id__isnull=True)
        return queryset.filter(status=value)

    def only_behind(self, queryset, name, value):
        if not value:
            return queryset
        soon = timezone.localdate() + timedelta(days=BEHIND_WITHIN_DAYS)
        unfinished = Q(milestone_id__isnull=True) | Q(status__in=UNSUBMITTED, unmet__gt=0)
        return queryset.filter(unfinished, due_on__lt=soon)
