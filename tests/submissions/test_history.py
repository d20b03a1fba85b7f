"""The history page shows values as the forms show them: a month by its name with its
year, a number as typed ("2", not "2.00"), a choice by its label."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from action_plans.models import ActionPlan, Indicator, StructuralChange
from gap_analysis.models import DomainRating
from submissions import attachments
from tests.factories import complete_milestone


@pytest.fixture
def plan(cast):
    complete_milestone(cast.milestone, cast.respondent)
    return ActionPlan.objects.get(capability__milestone=cast.milestone, capability__position=1)


def history(cast, login):
    page = login(cast.lead).get(reverse("submissions:history", args=[cast.milestone.pk]))
    return page.content.decode()


def test_an_indicators_month_and_numbers_read_as_on_the_form(cast, login, plan):
    indicator = Indicator.objects.get(plan=plan)
    indicator.target_month, indicator.target_year = 12, 2028
    indicator.baseline = 2
    indicator.save()
    page = history(cast, login)
    assert "<del>June 2028</del> → <ins>December 2028</ins>" in page
    assert "<del>10</del> → <ins>2</ins>" in page
    assert "2.00" not in page and "10.00" not in page
    assert '<dt class="col-sm-3">Target year</dt>' not in page


def test_a_new_activity_without_a_date_records_no_empty_date(cast, login, plan):
    plan.activities.create(description="Sign the data-sharing agreement")
    page = history(cast, login)
    entry = page.split("Activity: Sign the data-sharing agreement")[1].split("</li>")[0]
    assert "Target month" not in entry


def test_a_choice_reads_as_its_label(cast, login, plan):
    change = StructuralChange.objects.get(plan=plan)
    change.category = "workflow"
    change.save()
    rating = DomainRating.objects.get(milestone=cast.milestone, domain__code="B")
    rating.priority = "low"
    rating.save()
    page = history(cast, login)
    assert "<del>Staffing</del> → <ins>Workflow redesign</ins>" in page
    assert "<del>High</del> → <ins>Low</ins>" in page


def test_a_kind_of_indicator_reads_as_its_label(cast, login, plan):
    indicator = Indicator.objects.get(plan=plan)
    indicator.kind = Indicator.Kind.MILESTONE
    indicator.save()
    assert "<del>Numeric</del> → <ins>Milestone (a dated outcome)</ins>" in history(cast, login)


def test_documents_attached_and_removed_are_in_the_history(cast, login):
    file = ContentFile(b"%PDF-1.7 board minutes", name="minutes.pdf")
    minutes = attachments.attachment_add(
        cast.milestone, cast.lead, file, attachments.inspect(file), "Board minutes", "risks"
    )
    attachments.attachment_remove(minutes, cast.lead)
    page = history(cast, login)
    removed, attached = page.split("<strong>Supporting document: minutes.pdf</strong>")[1:3]
    assert removed.split("</li>")[0].startswith(" removed")
    assert attached.startswith(" attached")
    assert "<ins>Board minutes</ins>" in attached
    assert "<ins>C. Risks and mitigations</ins>" in attached.split("</li>")[0]
