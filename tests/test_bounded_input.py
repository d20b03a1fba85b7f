"""Every free text has a bound fitting its purpose, kept by the database as well as the
form; the largest milestone those bounds allow is what ``bench/pdf.py --worst-case``
renders (its time and memory are measured there, not here: it takes seconds).

The pages' own tests (``tests/<app>/test_bounded_text.py``) check that a longer text is
refused beside its field with both numbers, and kept as typed.
"""

import pytest
from django import forms
from django.db import DataError, IntegrityError, models, transaction

from accounts.bounded_text import BoundedTextField, LengthCheck, line_count
from accounts.models import User
from action_plans.forms import (
    ActionPlanForm,
    ActivityFormSet,
    IndicatorFormSet,
    KeyDecisionFormSet,
    MitigationFormSet,
    ProcessSummaryForm,
    RiskForm,
    StructuralChangeFormSet,
)
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
from assessments.forms import ConsensusForm
from assessments.models import Answer, ConsensusScore, Item, Response
from bench.worst_case import fill_worst_case
from gap_analysis.forms import CapabilityForm, DomainRatingForm
from gap_analysis.models import Capability, DomainRating
from practices.models import Cohort, Practice
from submissions.models import CommentReply, MilestoneSubmission, ReviewComment, Transition

# What each text is for decides its bound: a name or a label 200 characters, one entry of
# a list 500, a paragraph 1,000 to 4,000, a comment 5,000.
LIMITS = {
    User: {"full_name": 150, "job_title": 150},
    Cohort: {"name": 120},
    Practice: {"name": 200, "ept_id": 40, "county": 80, "address": 500},
    Transition: {"note": 5000},
    ReviewComment: {"body": 5000},
    CommentReply: {"body": 5000},
    Answer: {"comment": 2000},
    ConsensusScore: {"note": 1000},
    DomainRating: {"current_state": 2000, "gaps": 2000, "rationale": 2000},
    Capability: {"name": 200, "why_priority": 2000, "partner_name": 200},
    ProcessSummary: {"overview": 4000, "people_involved": 2000, "alignment": 2000},
    ActionPlan: {
        "goals": 2000,
        "process_manager": 200,
        "other_staff": 1000,
        "leadership_engagement": 2000,
        "leadership_needs": 2000,
    },
    Activity: {"description": 500},
    KeyDecision: {"description": 500},
    StructuralChange: {"description": 500},
    Indicator: {"name": 200, "how_measured": 500, "unit": 60},
    Risk: {"description": 1000, "why_likely": 2000},
    Mitigation: {"description": 500},
}
TEXTS = [(model, name, limit) for model, fields in LIMITS.items() for name, limit in fields.items()]


def _id(value):
    return value.__name__ if isinstance(value, type) else str(value)


# Text fields nobody types freely: a password's hash, a section's key.
NOT_TYPED = {"password", "section"}


def free_texts(model):
    """The fields of ``model`` a person types freely."""
    return {
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, models.EmailField)
        and not field.choices
        and field.editable
        and field.name not in NOT_TYPED
    }


@pytest.mark.parametrize("model", LIMITS, ids=_id)
def test_every_free_text_has_a_bound(model):
    assert free_texts(model) == set(LIMITS[model])


@pytest.mark.parametrize(("model", "name", "limit"), TEXTS, ids=_id)
def test_the_bound_is_on_the_field_and_in_the_database(model, name, limit):
    assert model._meta.get_field(name).max_length == limit
    checks = [
        constraint
        for constraint in model._meta.constraints
        if isinstance(constraint, LengthCheck) and constraint.field_name == name
    ]
    assert [check.limit for check in checks] == [limit]


def _row(model, cast):
    """A stored row of ``model`` in practice A's milestone."""
    milestone = cast.milestone
    item = Item.objects.filter(domain__instrument=milestone.instrument_id).first()
    capability = Capability.objects.get_or_create(milestone=milestone, position=1)[0]
    plan = ActionPlan.objects.get_or_create(capability=capability)[0]
    risk = milestone.risks.get(position=1)
    builders = {
        User: lambda: cast.lead,
        Cohort: lambda: Cohort.objects.create(name="North valley"),
        Practice: lambda: cast.practice,
        Transition: lambda: Transition.objects.create(
            milestone=milestone, from_status="draft", to_status="submitted"
        ),
        ReviewComment: lambda: ReviewComment.objects.create(
            milestone=milestone, section="risks", body="Who owns this?", version=1
        ),
        CommentReply: lambda: CommentReply.objects.create(
            comment=ReviewComment.objects.create(
                milestone=milestone, section="risks", body="Who owns this?", version=1
            ),
            body="The practice manager.",
        ),
        Answer: lambda: Answer.objects.create(
            response=Response.objects.create(milestone=milestone, respondent=cast.respondent),
            item=item,
            value=1,
        ),
        ConsensusScore: lambda: ConsensusScore.objects.create(
            milestone=milestone, item=item, score=2
        ),
        DomainRating: lambda: milestone.domain_ratings.first(),
        Capability: lambda: capability,
        ProcessSummary: lambda: ProcessSummary.objects.get_or_create(milestone=milestone)[0],
        ActionPlan: lambda: plan,
        Activity: lambda: Activity.objects.create(plan=plan, description="Hire"),
        KeyDecision: lambda: KeyDecision.objects.create(plan=plan, description="Build"),
        StructuralChange: lambda: StructuralChange.objects.create(
            plan=plan, category="staffing", description="An analyst"
        ),
        Indicator: lambda: Indicator.objects.create(plan=plan, name="Matched members"),
        Risk: lambda: risk,
        Mitigation: lambda: Mitigation.objects.create(risk=risk, description="Cross-train"),
    }
    return builders[model]()


@pytest.mark.parametrize(("model", "name", "limit"), TEXTS, ids=_id)
def test_the_database_refuses_a_longer_text_written_directly(cast, model, name, limit):
    row = _row(model, cast)
    rows = model.objects.filter(pk=row.pk)
    rows.update(**{name: "x" * limit})  # at the bound: kept
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        rows.update(**{name: "x" * (limit + 1)})
    assert len(getattr(rows.get(), name)) == limit


def test_model_validation_refuses_a_longer_text_without_asking_the_database(
    cast, django_assert_num_queries
):
    rating = cast.milestone.domain_ratings.select_related("domain").first()
    rating.rationale = "x" * 2001
    others = {"milestone", "domain", "maturity"}  # their checks do ask the database
    with django_assert_num_queries(0), pytest.raises(forms.ValidationError) as refused:
        rating.validate_constraints(exclude=others)
    assert refused.value.messages == ["Keep the rationale to 2,000 characters."]


def test_a_count_is_drawn_beside_an_enabled_field_only():
    class Form(forms.Form):
        text = BoundedTextField(max_length=300, widget=forms.Textarea, required=False)
        shown = BoundedTextField(max_length=300, disabled=True, required=False)

    form = Form(initial={"text": "  Twelve chars  "})
    drawn = str(form["text"])
    assert 'data-max="300"' in drawn and 'data-max-lines="5"' in drawn
    assert 'aria-describedby="id_text-count"' in drawn
    assert (
        '<div id="id_text-count" class="form-text char-count" aria-live="polite" '
        'data-count-for="id_text">12 of 300 characters</div>'
    ) in drawn
    assert "char-count" not in str(form["shown"])


# --- the largest milestone the bounds allow -----------------------------------------


def _forms_of(cast):
    """(form class, stored object) for each form of the milestone's content."""
    milestone = MilestoneSubmission.objects.get(pk=cast.milestone.pk)
    yield from ((DomainRatingForm, rating) for rating in milestone.domain_ratings.all())
    yield from ((CapabilityForm, capability) for capability in milestone.capabilities.all())
    yield ProcessSummaryForm, milestone.process_summary
    for plan in ActionPlan.objects.filter(capability__milestone=milestone):
        yield ActionPlanForm, plan
        for formset in (ActivityFormSet, KeyDecisionFormSet, StructuralChangeFormSet):
            rows = getattr(plan, formset.fk.remote_field.related_name).all()
            yield from ((formset.form, row) for row in rows)
        yield from ((IndicatorFormSet.form, row) for row in plan.indicators.all())
    for risk in milestone.risks.all():
        yield RiskForm, risk
        yield from ((MitigationFormSet.form, row) for row in risk.mitigations.all())
    yield from ((ConsensusForm, score) for score in milestone.consensus.all())


def test_the_worst_case_is_every_text_at_its_bound_and_every_list_full(cast):
    fill_worst_case(cast.milestone, lead=cast.lead)
    checked = 0
    for form_class, stored in _forms_of(cast):
        for name, field in form_class.base_fields.items():
            if not isinstance(field, BoundedTextField):
                continue
            value = getattr(stored, name)
            assert field.clean(value) == value  # what the form accepts, no more
            assert len(value) == field.max_length
            assert line_count(value) == field.max_lines
            checked += 1
    assert checked > 250
    plans = ActionPlan.objects.filter(capability__milestone=cast.milestone)
    assert plans.count() == 3
    for plan in plans:
        assert plan.activities.count() == ActivityFormSet.max_num == 20
        assert plan.key_decisions.count() == KeyDecisionFormSet.max_num
        assert plan.structural_changes.count() == StructuralChangeFormSet.max_num
        assert plan.indicators.count() == IndicatorFormSet.max_num
    for risk in cast.milestone.risks.all():
        assert risk.mitigations.count() == MitigationFormSet.max_num
    items = Item.objects.filter(domain__instrument=cast.milestone.instrument_id)
    assert cast.milestone.consensus.count() == items.count()


@pytest.mark.parametrize(
    "formset",
    [
        ActivityFormSet,
        KeyDecisionFormSet,
        StructuralChangeFormSet,
        IndicatorFormSet,
        MitigationFormSet,
    ],
    ids=lambda f: f.model.__name__,
)
def test_every_list_refuses_more_rows_than_its_maximum(formset):
    assert formset.validate_max
    assert formset.max_num <= 20 < formset.absolute_max
