"""The forms of section B. Drafts: every field may be left empty; only values that can
never be right (a maturity of 7, an unknown priority, the same capability twice) are
refused. What is still missing is listed by ``gap_analysis.completeness``."""

from django import forms

from accounts.bounded_text import BoundedTextForm, bounded_formfield
from gap_analysis import completeness
from gap_analysis.models import MATURITY_RUBRIC, PRIORITY_RUBRIC, Capability, DomainRating, Priority

MATURITY_CHOICES = [("", "Choose a maturity (0-5)")] + [
    (level, f"{level} = {text}") for level, text in MATURITY_RUBRIC.items()
]
PRIORITY_CHOICES = [("", "Choose high, medium or low")] + [
    (priority.value, f"{priority.label} = {PRIORITY_RUBRIC[priority]}") for priority in Priority
]


def rating_prefix(domain):
    return f"rating-{domain.code}"


def capability_prefix(position):
    return f"capability-{position}"


class DomainRatingForm(BoundedTextForm, forms.ModelForm):
    """One row of the gap-analysis table (prefix ``rating-<domain code>``)."""

    nouns = {"current_state": "current state", "gaps": "capability gaps"}

    maturity = forms.TypedChoiceField(
        label="VBP domain maturity (0-5)",
        choices=MATURITY_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={
            "invalid_choice": "Choose a maturity from 0 to 5; “%(value)s” is not on the scale."
        },
    )
    priority = forms.ChoiceField(
        label="Priority for action",
        choices=PRIORITY_CHOICES,
        required=False,
        error_messages={
            "invalid_choice": "Choose high, medium or low; “%(value)s” is not a priority."
        },
    )

    class Meta:
        model = DomainRating
        formfield_callback = bounded_formfield
        fields = ["current_state", "maturity", "gaps", "priority", "rationale"]
        labels = {
            "current_state": "Current state (brief description of existing capabilities)",
            "gaps": "Specific capability gaps",
            "rationale": "Rationale",
        }
        widgets = {
            "current_state": forms.Textarea(attrs={"rows": 4}),
            "gaps": forms.Textarea(attrs={"rows": 4}),
            "rationale": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, domain, suggestion=None, read_only=False, **kwargs):
        super().__init__(*args, prefix=rating_prefix(domain), **kwargs)
        self.domain = domain
        self.suggestion = suggestion
        # Until the practice saves a maturity of its own, offer the VaPCAT's suggestion.
        self.prefilled = (
            not read_only
            and not self.is_bound
            and suggestion is not None
            and self.instance.maturity is None
        )
        if self.prefilled:
            self.initial["maturity"] = suggestion
        widget = self.fields["maturity"].widget
        widget.attrs["aria-describedby"] = f"maturity-basis-{domain.code}"
        if suggestion is not None:
            # Lets static/js/gap_analysis.js show the warning as soon as the value changes.
            widget.attrs["data-suggested"] = suggestion
            widget.attrs["data-warning"] = f"maturity-warning-{domain.code}"
        if read_only:
            for field in self.fields.values():
                field.disabled = True

    def full_clean(self):
        super().full_clean()
        if "maturity" in self.errors:
            # Described by the basis of the suggestion and, now, by its error too.
            widget = self.fields["maturity"].widget
            widget.attrs["aria-describedby"] = (
                f"maturity-basis-{self.domain.code} {self['maturity'].auto_id}_error"
            )

    def chosen_maturity(self):
        """The maturity the form shows now (typed, prefilled or stored), or None."""
        value = self["maturity"].value()
        try:
            return int(value)
        except (TypeError, ValueError):
            return None


class DomainChoiceField(forms.ChoiceField):
    """The milestone's instrument domains, from a list loaded once for every form."""

    def __init__(self, domains, **kwargs):
        self.domains = {str(domain.pk): domain for domain in domains}
        choices = [("", "Choose a domain")] + [(str(domain.pk), domain.name) for domain in domains]
        super().__init__(choices=choices, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        return self.domains.get(value) if value else None


class CapabilityForm(BoundedTextForm, forms.ModelForm):
    """One capability (prefix ``capability-<position>``)."""

    nouns = {"why_priority": "reason this is a priority", "partner_name": "partner's name"}

    delivery = forms.ChoiceField(
        label="Built internally or provided by a partner",
        choices=Capability.Delivery.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Choose built internally or provided by a partner."},
    )
    partner_type = forms.ChoiceField(
        label="Type of partner",
        choices=[("", "Choose the type of partner")] + Capability.PartnerType.choices,
        required=False,
        error_messages={"invalid_choice": "Choose one of the partner types listed."},
    )

    class Meta:
        model = Capability
        formfield_callback = bounded_formfield
        fields = ["domain", "name", "why_priority", "delivery", "partner_type", "partner_name"]
        labels = {
            "name": "Specific capability",
            "why_priority": "Why this is a priority for your practice",
            "partner_name": "Name of the partner",
        }
        help_texts = {
            "name": "The specific capability you want to develop or improve.",
            "partner_name": "Needed when the partner is not one of the types listed.",
        }
        widgets = {"why_priority": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, domains, read_only=False, **kwargs):
        instance = kwargs["instance"]
        super().__init__(*args, prefix=capability_prefix(instance.position), **kwargs)
        self.fields["domain"] = DomainChoiceField(
            domains,
            label="Domain",
            required=False,
            error_messages={"invalid_choice": "Choose one of the domains listed."},
        )
        self.position = instance.position
        if read_only:
            for field in self.fields.values():
                field.disabled = True


class CapabilityForms:
    """The capability forms of one page, validated together: no capability twice."""

    def __init__(self, capabilities, data=None, *, domains, read_only=False, skip=None):
        self.forms = [
            CapabilityForm(data, instance=capability, domains=domains, read_only=read_only)
            for capability in capabilities
            if capability.position != skip
        ]

    def __iter__(self):
        return iter(self.forms)

    def is_valid(self):
        valid = all([form.is_valid() for form in self.forms])
        named = [
            (form.position, form.cleaned_data.get("name", ""))
            for form in self.forms
            if "name" in form.cleaned_data
        ]
        by_position = {form.position: form for form in self.forms}
        for position, earlier in completeness.duplicates(named).items():
            by_position[position].add_error(
                "name", completeness.duplicate_message(position, earlier)
            )
            valid = False
        return valid

    def save(self):
        for form in self.forms:
            form.save()
