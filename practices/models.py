"""Practices, who belongs to them, and which coaches look after them.

One person holds one role per practice: a member (lead or respondent) of a practice
does not coach it, and its coaches are not its members. ``Membership.clean`` and
``CoachAssignment.clean`` say so on forms, ``practices.services`` refuses it, and
database triggers (migration 0002) refuse any row that would break it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

from accounts.bounded_text import ENTRY, NAME, length_checks

COUNTY = 80
COHORT = 120
EPT_ID = 40


class Cohort(models.Model):
    """A named group of practices (for example a learning-community cohort)."""

    name = models.CharField(max_length=COHORT, unique=True)

    class Meta:
        ordering = ["name"]
        constraints = length_checks("cohort", ("name", COHORT))

    def __str__(self):
        return self.name


class Practice(models.Model):
    class OrganisationType(models.TextChoices):
        INDEPENDENT = "independent", "Independent practice"
        FQHC = "fqhc", "FQHC or community health center"
        RURAL = "rural", "Rural health clinic"
        LARGE_SYSTEM = "large_system", "Large health system"
        TRIBAL = "tribal", "Tribal health program"
        OTHER = "other", "Other"

    class SizeBand(models.TextChoices):
        SMALL = "small", "Small (1-5 clinicians)"
        MEDIUM = "medium", "Medium (6-20 clinicians)"
        LARGE = "large", "Large (21+ clinicians)"

    name = models.CharField(max_length=NAME, unique=True)
    ept_id = models.CharField(
        "EPT identifier",
        max_length=EPT_ID,
        blank=True,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9][A-Za-z0-9-]*$",
                "Use letters, digits and hyphens only, as the EPT program writes the "
                "identifier (for example EPT-0123).",
            )
        ],
        help_text="The practice's identifier in the EPT program, printed on its deliverable.",
    )
    organisation_type = models.CharField(
        "organisation type", max_length=20, choices=OrganisationType.choices
    )
    size_band = models.CharField("size", max_length=10, choices=SizeBand.choices)
    in_accountable_care_entity = models.BooleanField(
        "participates in an accountable care entity",
        default=False,
        # The template's footnote word for word (submissions.template_words.ACE_FOOTNOTE;
        # practices lies below submissions, so it cannot import it).
        help_text="An ACE is a provider-led entity that enables primary care practices to "
        "take accountability for total cost of care and quality under value-based payment "
        "arrangements, while providing shared infrastructure (e.g., analytics, care "
        "management, contracting support) to help practices succeed.",
    )
    county = models.CharField(max_length=COUNTY)
    address = models.TextField(blank=True, max_length=ENTRY)
    cohort = models.ForeignKey(
        Cohort, on_delete=models.SET_NULL, null=True, blank=True, related_name="practices"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            *length_checks(
                "practice",
                ("name", NAME),
                ("ept_id", EPT_ID),
                ("county", COUNTY),
                ("address", ENTRY),
            ),
            models.UniqueConstraint(
                fields=["ept_id"],
                condition=~models.Q(ept_id=""),
                name="one_practice_per_ept_id",
                violation_error_message="Another practice already has this EPT identifier.",
            ),
        ]

    def __str__(self):
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", "Practice lead"
        RESPONDENT = "respondent", "Respondent"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["practice__name", "role", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "practice"], name="one_membership_per_practice")
        ]

    def __str__(self):
        return f"{self.user} - {self.get_role_display()} of {self.practice}"

    def clean(self):
        if self.user_id and self.practice_id:
            problem = membership_conflict(self.user_id, self.practice_id)
            if problem:
                raise ValidationError(problem, code="one_role_per_practice")


class CoachAssignment(models.Model):
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="coach_assignments",
        limit_choices_to={"is_coach": True},
    )
    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="coach_assignments"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["practice__name", "coach__email"]
        constraints = [
            models.UniqueConstraint(fields=["coach", "practice"], name="one_assignment_per_coach")
        ]

    def __str__(self):
        return f"{self.coach} coaches {self.practice}"

    def clean(self):
        if self.coach_id and self.practice_id:
            problem = assignment_conflict(self.coach_id, self.practice_id)
            if problem:
                raise ValidationError(problem, code="one_role_per_practice")


def membership_conflict(user_id, practice_id):
    """Why the user may not become a member of the practice (they coach it), or None."""
    assignment = (
        CoachAssignment.objects.filter(coach_id=user_id, practice_id=practice_id)
        .select_related("coach", "practice")
        .first()
    )
    if assignment is None:
        return None
    return (
        f"{assignment.coach} already coaches {assignment.practice}, so they cannot also be "
        "a lead or respondent of it: one person holds one role per practice."
    )


def assignment_conflict(coach_id, practice_id):
    """Why the user may not coach the practice (they belong to it), or None."""
    membership = (
        Membership.objects.filter(user_id=coach_id, practice_id=practice_id)
        .select_related("user", "practice")
        .first()
    )
    if membership is None:
        return None
    return (
        f"{membership.user} is already a {membership.get_role_display().lower()} of "
        f"{membership.practice}, so they cannot also coach it: one person holds one role "
        "per practice."
    )
