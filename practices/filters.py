import django_filters
from django.db.models import Q

from practices.models import Cohort, Practice
from submissions.models import MilestoneSubmission


class PracticeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    organisation_type = django_filters.ChoiceFilter(
        choices=Practice.OrganisationType.choices, label="Organisation type", empty_label="Any"
    )
    size_band = django_filters.ChoiceFilter(
        choices=Practice.SizeBand.choices, label="Size", empty_label="Any"
    )
    cohort = django_filters.ModelChoiceFilter(queryset=Cohort.objects.all(), empty_label="Any")
    # Choices from the cycles the list shows as columns (``cycles``): read once.
    cycle = django_filters.ChoiceFilter(method="in_cycle", label="Cycle", empty_label="Any")
    status = django_filters.ChoiceFilter(
        choices=[("none", "Not started"), *MilestoneSubmission.Status.choices],
        method="with_status",
        label="Milestone status",
        empty_label="Any",
    )

    class Meta:
        model = Practice
        fields = ["q", "organisation_type", "size_band", "cohort", "cycle", "status"]

    def __init__(self, data=None, *args, cycles, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.cycles = {str(cycle.pk): cycle for cycle in cycles}
        self.filters["cycle"].extra["choices"] = [(pk, str(c)) for pk, c in self.cycles.items()]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(ept_id__iexact=value) | Q(county__icontains=value)
        )

    def in_cycle(self, queryset, name, value):
        # Read together with ``status``: the status filter looks inside this cycle.
        return queryset

    def with_status(self, queryset, name, value):
        cycle = self.cycles.get(self.form.cleaned_data.get("cycle"))
        milestones = MilestoneSubmission.objects.all()
        if cycle is not None:
            milestones = milestones.filter(cycle=cycle)
        if value == "none":
            return queryset.exclude(pk__in=milestones.values("practice"))
        return queryset.filter(pk__in=milestones.filter(status=value).values("practice"))
