"""The forms of part C: the process summary, one capability's plan with its row
formsets, and the two risks with their mitigations.

Drafts save with parts missing: these forms refuse only values that cannot be right
(a month outside the bounds, a target that is not a number, a row with a date but no
description). The minimums are counted at completion by ``action_plans.completeness``;
both read their rules from ``action_plans.rules``.
"""

from decimal import Decimal

from django import forms
from django.forms.utils import ErrorList
from django.utils.text import capfirst

from accounts.bounded_text import BoundedTextField, BoundedTextForm, bounded_formfield
from action_plans import rules
from action_plans.catalogue import ActivitySuggestion
from action_plans.models import (
    ActionPlan,
    Activity,
    Indicator,
    KeyDecision,
    Mitigation,
    ProcessSummary,
    Risk,
    StructuralChange,
)
from submissions import template_words

MONTH_CHOICES = [("", "Month")] + [
    (number, name) for number, name in enumerate(rules.MONTH_NAMES, start=1)
]


class FieldErrors(ErrorList):
    """A field's errors as shown beside it, each starting with a capital ("Choose a month
    between …"); the error summary reads them as written (``_as_written``), after the
    name of the row: "Capability 2, activity 1: choose a month between …"."""

    def __getitem__(self, i):
        return capfirst(super().__getitem__(i))


def _as_written(errors):
    return [message for error in errors.as_data() for message in error]


class PartForm(BoundedTextForm, forms.ModelForm):
    """A form of part C (its fields are drawn with crispy-forms), alone or as a row of a
    formset (which would pass its own ``error_class``). Its texts are bounded
    (``accounts.bounded_text``); their messages start in lower case, as the others here
    do, since ``FieldErrors`` capitalises them beside the field."""

    def __init__(self, *args, **kwargs):
        kwargs["error_class"] = FieldErrors
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, BoundedTextField):
                field.error_messages = {
                    **field.error_messages,
                    **{
                        code: message[:1].lower() + message[1:]
                        for code, message in BoundedTextField.default_error_messages.items()
                    },
                }


def _textarea(rows=3):
    return forms.Textarea(attrs={"rows": rows})


class ProcessSummaryForm(PartForm):
    nouns = {
        "overview": "overview",
        "people_involved": "leadership and staff involved",
        "alignment": "alignment with other priorities",
    }

    class Meta:
        model = ProcessSummary
        formfield_callback = bounded_formfield
        fields = ["overview", "people_involved", "alignment"]
        labels = {
            "overview": "(a) Overview of activities and approach",
            "people_involved": "(b) Leadership and staff involved",
            "alignment": "(c) Alignment with other priorities",
        }
        help_texts = {
            "overview": "A brief overview of how you built this action plan and how you will "
            "carry it out.",
            "people_involved": "Who from leadership and staff took part, and their roles.",
            "alignment": "How this plan fits your practice's other priorities and programs "
            "(for example other EPT milestones or quality work).",
        }
        widgets = {name: _textarea(4) for name in fields}


class ActionPlanForm(PartForm):
    nouns = {
        "process_manager": "process manager",
        "other_staff": "other key staff",
        "leadership_engagement": "leadership engagement",
        "leadership_needs": "needs from leadership",
    }

    class Meta:
        model = ActionPlan
        formfield_callback = bounded_formfield
        fields = [
            "goals",
            "process_manager",
            "other_staff",
            "leadership_engagement",
            "leadership_needs",
        ]
        labels = {
            "goals": "Goals",
            "process_manager": template_words.STAFFING_QUESTIONS[0],
            "other_staff": template_words.STAFFING_QUESTIONS[1],
            "leadership_engagement": template_words.LEADERSHIP_QUESTIONS[0],
            "leadership_needs": template_words.LEADERSHIP_QUESTIONS[1],
        }
        help_texts = {
            "goals": template_words.COMPONENTS["goals"],
            "process_manager": "A name and role, e.g. “Maria Lopez, operations manager”.",
        }
        widgets = {
            "goals": _textarea(4),
            "other_staff": _textarea(2),
            "leadership_engagement": _textarea(3),
            "leadership_needs": _textarea(3),
        }


# --- rows ------------------------------------------------------------------------------


class RowForm(PartForm):
    """One row of a formset. An untouched extra row is ignored; a stored row cleared of
    everything is removed (see ``RowFormSet``); a row with anything in it needs the
    fields in ``needs`` (field name -> message naming what to do)."""

    needs = {}

    def __init__(self, *args, cycle=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.cycle = cycle
        for name in self.needs:
            # Checked in clean() only when the row has content, so that clearing a
            # row is a way to remove it rather than an error.
            self.fields[name].required = False

    def is_blank(self):
        """Nothing typed in the row (its hidden id and parent, and "Remove", aside)."""
        return not any(
            str(field.data or "").strip()
            for field in self.visible_fields()
            if field.name != forms.formsets.DELETION_FIELD_NAME
        )

    def clean(self):
        cleaned = super().clean()
        if not self.is_blank():
            for name, message in self.needs.items():
                if cleaned.get(name) in (None, "") and name not in self.errors:
                    self.add_error(name, message)
        return cleaned


class DatedRowForm(RowForm):
    """A row with a target completion month (a select of month names) and year."""

    target_month = forms.IntegerField(
        label="Target month",
        required=False,
        widget=forms.Select(choices=MONTH_CHOICES),
        error_messages={"invalid": "choose a month from the list"},
    )
    target_year = forms.IntegerField(
        label="Target year",
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "placeholder": "YYYY"}),
        error_messages={"invalid": "enter the year as a number, such as 2027"},
    )

    def clean(self):
        cleaned = super().clean()
        if "target_month" in self.errors or "target_year" in self.errors:
            return cleaned
        month, year = cleaned.get("target_month"), cleaned.get("target_year")
        # A draft may leave the month out (completeness asks for it); what is given
        # must be real and within the bounds.
        error = rules.target_value_error(self.cycle, month, year)
        if error:
            self.add_error("target_month" if month is not None else "target_year", error)
        return cleaned


class ActivityForm(DatedRowForm):
    nouns = {"description": "activity"}
    needs = {"description": "describe the activity or clear the row"}

    class Meta:
        model = Activity
        formfield_callback = bounded_formfield
        fields = ["description", "target_month", "target_year"]
        labels = {"description": "Description"}
        widgets = {"description": _textarea(2)}


class KeyDecisionForm(RowForm):
    nouns = {"description": "decision"}
    needs = {"description": "describe the decision or clear the row"}

    class Meta:
        model = KeyDecision
        formfield_callback = bounded_formfield
        fields = ["description"]
        labels = {"description": "Description"}
        widgets = {"description": _textarea(2)}


class StructuralChangeForm(RowForm):
    nouns = {"description": "structural change"}
    needs = {
        "category": "choose the kind of structural change",
        "description": "describe the structural change or clear the row",
    }

    class Meta:
        model = StructuralChange
        formfield_callback = bounded_formfield
        fields = ["category", "description"]
        labels = {"category": "Kind of change", "description": "Description"}
        widgets = {"description": _textarea(2)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "Choose…"), *StructuralChange.Category.choices]


NUMBER_EXAMPLE = "a number, such as 90 or 12.5"


class FiniteDecimalField(forms.DecimalField):
    """A decimal that refuses "NaN", "sNaN" and "Infinity" as it reads them.

    Django's own field refuses them only when validating, after ``has_changed`` has
    compared the value: a signalling NaN makes that comparison raise.
    """

    def to_python(self, value):
        number = super().to_python(value)
        if number is not None and not number.is_finite():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number

    def prepare_value(self, value):
        """A stored number as it was typed: 71, not 71.00 (the column keeps 2 places)."""
        if isinstance(value, Decimal) and value.is_finite():
            return format(value.normalize(), "f")
        return super().prepare_value(value)


class IndicatorForm(DatedRowForm):
    nouns = {"name": "indicator", "how_measured": "measure"}
    needs = {"name": "name the indicator or clear the row"}

    class Meta:
        model = Indicator
        formfield_callback = bounded_formfield
        fields = [
            "kind",
            "name",
            "how_measured",
            "baseline",
            "target",
            "unit",
            "target_month",
            "target_year",
        ]
        labels = {
            "kind": "Kind of indicator",
            "name": "Indicator",
            "how_measured": "How it is measured or verified",
            "baseline": "Baseline (numeric, optional)",
            "target": "Target (numeric)",
            "unit": "Unit (numeric)",
        }
        help_texts = {
            "kind": "Numeric: a target with its unit. Milestone: a checkable outcome "
            "achieved by the target month.",
            "name": "For a milestone, the outcome: e.g. “Signed roster-exchange agreement "
            "with the IPA”.",
        }
        widgets = {
            "how_measured": _textarea(2),
            # Text inputs, so that what was typed comes back with our message rather than
            # being blocked by the browser's own number check.
            "baseline": forms.TextInput(attrs={"inputmode": "decimal"}),
            "target": forms.TextInput(attrs={"inputmode": "decimal"}),
            "unit": forms.TextInput(attrs={"placeholder": "%, days, patients…"}),
        }
        field_classes = {"baseline": FiniteDecimalField, "target": FiniteDecimalField}
        error_messages = {
            "baseline": {"invalid": f"enter the baseline as {NUMBER_EXAMPLE}"},
            "target": {"invalid": f"enter the target as {NUMBER_EXAMPLE}"},
        }


class MitigationForm(RowForm):
    nouns = {"description": "mitigation"}
    needs = {"description": "describe the mitigation or clear the row"}

    class Meta:
        model = Mitigation
        formfield_callback = bounded_formfield
        fields = ["description"]
        labels = {"description": "Description"}
        widgets = {"description": _textarea(2)}


class RowFormSet(forms.BaseInlineFormSet):
    """Rows of one kind. ``row_label`` names a row in error messages ("Activity 3")."""

    row_label = "Row"
    # Blank rows offered on a fresh page: as many as the template's minimum asks for.
    at_least = 1

    def __init__(self, *args, cycle=None, **kwargs):
        kwargs.setdefault("form_kwargs", {})["cycle"] = cycle
        super().__init__(*args, **kwargs)
        self.error_messages["too_many_forms"] = (
            f"keep to %(num)d {self.row_label.lower()} rows or fewer"
        )
        if not self.is_bound:
            self.extra = max(1, self.at_least - self.initial_form_count())

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = f"Remove this {self.row_label.lower()}"
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"

    def _should_delete_form(self, form):
        # A stored row cleared of everything is removed as if "Remove" were ticked.
        removed = super()._should_delete_form(form)
        return removed or (form.instance.pk is not None and form.is_blank())

    def delete_existing(self, obj, commit=True):
        # Validation wrote what was typed onto the row (perhaps a year of -2027, which is
        # refused, then ignored because the row goes): the history must record the row as
        # it was stored, and the database would refuse such a historical row anyway.
        if commit:
            obj.refresh_from_db()
        super().delete_existing(obj, commit=commit)

    def full_clean(self):
        super().full_clean()
        if not self.is_bound:
            return
        # A row being removed is not kept, so what is wrong with it does not matter.
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                form.errors.clear()

    def rows(self):
        """The stored rows behind this formset (no extra query: the formset has them)."""
        return list(self.get_queryset())


# Django builds (and the page renders) as many row forms as the POST's TOTAL_FORMS says,
# up to this: its default of 2,000 let one request keep a worker busy for seconds. Up to
# here, rows beyond a list's maximum (``rules.MAXIMUMS``) are refused and shown again.
MAX_ROWS = 100


def _formset(parent, form, label, relation, minimum=1):
    formset = forms.inlineformset_factory(
        parent,
        form._meta.model,
        form=form,
        formset=RowFormSet,
        can_delete=True,
        extra=1,
        max_num=rules.MAXIMUMS[relation],
        validate_max=True,
        absolute_max=MAX_ROWS,
    )
    formset.row_label = label
    formset.at_least = minimum
    return formset


def _minimum(relation):
    return next(m.at_least for m in rules.MINIMUMS if m.relation == relation)


def _plan_formset(form, label, relation):
    return _formset(ActionPlan, form, label, relation, _minimum(relation))


ActivityFormSet = _plan_formset(ActivityForm, "Activity", "activities")
KeyDecisionFormSet = _plan_formset(KeyDecisionForm, "Key decision", "key_decisions")
StructuralChangeFormSet = _plan_formset(
    StructuralChangeForm, "Structural change", "structural_changes"
)
IndicatorFormSet = _plan_formset(IndicatorForm, "Indicator", "indicators")
MitigationFormSet = _formset(Risk, MitigationForm, "Mitigation", "mitigations")


# --- the pages' bundles ----------------------------------------------------------------


def error_items(heading, form=None, formsets=()):
    """The error summary's entries, each naming the capability (or risk) and the row:
    "Capability 2, activity 3: choose a month between January 2025 and May 2031"."""
    items = []
    if form is not None:
        for error in _as_written(form.non_field_errors()):
            items.append({"message": f"{heading}: {error}", "anchor": None})
        for field in form:
            for error in _as_written(field.errors):
                label = field.label[:1].lower() + field.label[1:]
                items.append({"message": f"{heading}, {label}: {error}", "anchor": field.auto_id})
    for formset in formsets:
        for error in formset.non_form_errors():
            items.append({"message": f"{heading}: {error}", "anchor": formset.prefix})
        row = formset.row_label.lower()
        for number, row_form in enumerate(formset.forms, start=1):
            for error in _as_written(row_form.non_field_errors()):
                items.append(
                    {"message": f"{heading}, {row} {number}: {error}", "anchor": row_form.prefix}
                )
            for field in row_form:
                for error in _as_written(field.errors):
                    items.append(
                        {"message": f"{heading}, {row} {number}: {error}", "anchor": field.auto_id}
                    )
    return items


def with_extra_row(data, prefix, values=None):
    """A copy of POST ``data`` with one more row in formset ``prefix``, optionally
    prefilled with ``values``; what was typed stays as it was. Returns (data, index)."""
    data = data.copy()
    key = f"{prefix}-TOTAL_FORMS"
    try:
        index = max(int(data.get(key, 0)), 0)
    except (TypeError, ValueError):
        index = 0
    data[key] = str(index + 1)
    for name, value in (values or {}).items():
        data[f"{prefix}-{index}-{name}"] = value
    return data, index


class PlanForms:
    """Everything on one capability's page: the plan's own fields and its four row
    formsets. The ActionPlan row is created on the first save."""

    def __init__(self, capability, cycle, plan=None, data=None):
        self.capability = capability
        self.plan = plan or ActionPlan(capability=capability)
        self.form = ActionPlanForm(data, instance=self.plan)
        rows = {"instance": self.plan, "cycle": cycle}
        self.activities = ActivityFormSet(data, prefix="activities", **rows)
        self.key_decisions = KeyDecisionFormSet(data, prefix="key_decisions", **rows)
        self.structural_changes = StructuralChangeFormSet(data, prefix="structural_changes", **rows)
        self.indicators = IndicatorFormSet(data, prefix="indicators", **rows)

    @property
    def formsets(self):
        return [self.activities, self.key_decisions, self.structural_changes, self.indicators]

    def formset(self, prefix):
        return next((f for f in self.formsets if f.prefix == prefix), None)

    def is_valid(self):
        # Every part is validated (not just up to the first failure) so that all
        # problems are shown at once.
        return all([self.form.is_valid()] + [formset.is_valid() for formset in self.formsets])

    def errors(self):
        return error_items(f"Capability {self.capability.position}", self.form, self.formsets)

    def rows(self):
        """Stored rows per relation, as the completeness check counts them."""
        return {formset.prefix: formset.rows() for formset in self.formsets}

    def save(self):
        plan = self.form.save()
        for formset in self.formsets:
            formset.instance = plan
            formset.save()
        return plan


class RiskForm(PartForm):
    nouns = {"description": "risk", "why_likely": "reason it is likely"}

    class Meta:
        model = Risk
        formfield_callback = bounded_formfield
        fields = ["description", "why_likely"]
        labels = {"description": "The risk", "why_likely": "Why it is likely"}
        widgets = {"description": _textarea(2), "why_likely": _textarea(3)}


class RiskForms:
    """The risks page: each of the two risks with its formset of mitigations."""

    def __init__(self, risks, data=None):
        self.risks = [
            (
                risk,
                RiskForm(data, instance=risk, prefix=f"risk-{risk.position}"),
                MitigationFormSet(data, instance=risk, prefix=f"risk-{risk.position}-mitigations"),
            )
            for risk in risks
        ]

    @property
    def prefixes(self):
        return [formset.prefix for _, _, formset in self.risks]

    def is_valid(self):
        return all(
            [form.is_valid() for _, form, _ in self.risks]
            + [formset.is_valid() for _, _, formset in self.risks]
        )

    def errors(self):
        items = []
        for risk, form, formset in self.risks:
            items += error_items(f"Risk {risk.position}", form, [formset])
        return items

    def save(self):
        for _, form, formset in self.risks:
            form.save()
            formset.save()


def suggestion_row(suggestion):
    """Where a catalogue suggestion goes and what it fills in: (formset prefix, values)."""
    if isinstance(suggestion, ActivitySuggestion):
        return "activities", {"description": suggestion.text}
    return "indicators", {
        "kind": Indicator.Kind.NUMERIC,  # every catalogue indicator is a number with a unit
        "name": suggestion.name,
        "how_measured": suggestion.how_measured,
        "unit": suggestion.unit,
    }
