"""The content stamp moves with every change of a milestone's content, and the task list
kept under it is never older than the content."""

import pytest
from django.apps import apps
from django.db import models, transaction

from action_plans.models import Activity, Mitigation, Risk
from assessments import services as assessment_services
from assessments.models import ConsensusScore, Item
from submissions.models import Cycle, MilestoneSubmission
from submissions.stamps import TRACKED
from tests import factories

CONTENT_APPS = ("assessments", "gap_analysis", "action_plans")


def reaches_a_milestone(model, seen=()):
    for field in model._meta.concrete_fields:
        if not isinstance(field, models.ForeignKey):
            continue
        target = field.related_model
        if target is MilestoneSubmission:
            return True
        if target not in seen and reaches_a_milestone(target, (*seen, model)):
            return True
    return False


def test_every_model_of_a_milestones_content_is_tracked():
    content = {
        model._meta.label
        for app in CONTENT_APPS
        for model in apps.get_app_config(app).get_models()
        if not model.__name__.startswith("Historical") and reaches_a_milestone(model)
    }
    assert len(content) >= 13
    assert content == set(TRACKED)


def stamp(milestone):
    return MilestoneSubmission.objects.values_list("content_stamp", flat=True).get(pk=milestone.pk)


def rows_of(milestone):
    """One stored row of each tracked model, leaves first (deleting one spares the rest)."""
    rows = [
        apps.get_model(label).objects.filter(**{_path_to_milestone(label): milestone}).first()
        for label in reversed(TRACKED)
    ]
    assert None not in rows
    return rows


def _path_to_milestone(label):
    lookup, attribute = TRACKED[label]
    model = apps.get_model(label)
    relation = attribute.removesuffix("_id")
    if lookup == "pk":
        return relation
    parent = model._meta.get_field(relation).related_model
    return f"{relation}__{_path_to_milestone(parent._meta.label)}"


@pytest.fixture
def full(cast):
    factories.complete_milestone(cast.milestone, cast.lead)
    factories.complete_milestone(cast.other_milestone, cast.other_lead)
    item = Item.objects.filter(domain__instrument=cast.instrument).first()
    ConsensusScore.objects.create(milestone=cast.milestone, item=item, score=2, set_by=cast.lead)
    return cast


def test_saving_or_deleting_any_row_restamps_its_milestone_only(full):
    for row in rows_of(full.milestone):
        before, other = stamp(full.milestone), stamp(full.other_milestone)
        row.save()
        assert stamp(full.milestone) != before, f"saving a {type(row).__name__}"
        before = stamp(full.milestone)
        row.delete()
        assert stamp(full.milestone) != before, f"deleting a {type(row).__name__}"
        assert stamp(full.other_milestone) == other
    assert len(TRACKED) == 13


def test_an_autosaved_answer_restamps_the_milestone(cast):
    item = Item.objects.filter(domain__instrument=cast.instrument).first()
    before = stamp(cast.milestone)
    assessment_services.answers_save(
        cast.milestone, cast.lead, {item: assessment_services.AnswerInput(value=2)}
    )
    assert stamp(cast.milestone) != before


def test_the_task_list_follows_every_kind_of_change(full, login):
    client = login(full.lead)
    url = full.milestone.get_absolute_url()
    assert "Risk 1 has no mitigation" not in client.get(url).content.decode()

    # A row deleted through the ORM (as the admin site does).
    Mitigation.objects.filter(risk__milestone=full.milestone, risk__position=1).delete()
    assert "Risk 1 has no mitigation" in client.get(url).content.decode()

    # A row added back.
    Mitigation.objects.create(
        risk=Risk.objects.get(milestone=full.milestone, position=1), description="Cover"
    )
    activity = Activity.objects.filter(plan__capability__milestone=full.milestone).first()
    page = client.get(url).content.decode()
    assert "Risk 1 has no mitigation" not in page
    assert "activity 1:" not in page

    # The cycle's dates are read by the rules without being content: they are in the key.
    cycle = Cycle.objects.get(pk=full.milestone.cycle_id)
    cycle.due_on = cycle.due_on.replace(year=activity.target_year - 6)
    cycle.opens_on = cycle.opens_on.replace(year=activity.target_year - 7)
    cycle.save()
    assert ", activity 1:" in client.get(url).content.decode()


def test_a_change_rolled_back_leaves_nothing_behind(full, login):
    client = login(full.lead)
    url = full.milestone.get_absolute_url()
    assert "Risk 2 has no mitigation" not in client.get(url).content.decode()
    with transaction.atomic():
        Mitigation.objects.filter(risk__milestone=full.milestone, risk__position=2).delete()
        assert "Risk 2 has no mitigation" in client.get(url).content.decode()
        transaction.set_rollback(True)
    assert "Risk 2 has no mitigation" not in client.get(url).content.decode()
    # The next real change draws a stamp of its own, never the rolled-back one.
    Mitigation.objects.filter(risk__milestone=full.milestone, risk__position=2).delete()
    assert "Risk 2 has no mitigation" in client.get(url).content.decode()
