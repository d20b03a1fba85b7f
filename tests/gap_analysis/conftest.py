"""Builders for section B tests: consensus scores, filled rows, capabilities, a plan."""

import pytest

from action_plans.models import ActionPlan, Activity, KeyDecision
from assessments.models import ConsensusScore, Item
from gap_analysis.models import Capability, DomainRating
from submissions.concurrency import current_revision


@pytest.fixture
def set_scores(cast):
    """``set_scores({"A1": 0, "A2": 3})``: the practice's consensus score per item code."""

    def _set(scores, milestone=None):
        milestone = milestone or cast.milestone
        items = {
            item.code: item
            for item in Item.objects.filter(domain__instrument=milestone.instrument_id)
        }
        for code, score in scores.items():
            ConsensusScore.objects.update_or_create(
                milestone=milestone, item=items[code], defaults={"score": score}
            )

    return _set


def complete_row(rating, **overrides):
    values = {
        "current_state": f"What we do now in {rating.domain.name}.",
        "maturity": 2,
        "gaps": "No dashboards yet.",
        "priority": "medium",
        "rationale": "It matters for our first contract.",
    }
    values.update(overrides)
    for name, value in values.items():
        setattr(rating, name, value)
    rating.save()
    return rating


@pytest.fixture
def complete_rows(cast):
    def _complete(**overrides):
        return [
            complete_row(rating, **overrides)
            for rating in DomainRating.objects.filter(milestone=cast.milestone).select_related(
                "domain"
            )
        ]

    return _complete


def domain(cast, code):
    return cast.instrument.domains.get(code=code)


@pytest.fixture
def make_capability(cast):
    def _make(position, name, domain_code="C", **extra):
        values = {
            "domain": domain(cast, domain_code),
            "name": name,
            "why_priority": f"Why {name} matters.",
            "delivery": Capability.Delivery.INTERNAL,
        }
        values.update(extra)
        return Capability.objects.create(milestone=cast.milestone, position=position, **values)

    return _make


@pytest.fixture
def make_plan():
    def _make(capability, goals="Monthly quality dashboards shared with our MCP."):
        plan = ActionPlan.objects.create(capability=capability, goals=goals)
        Activity.objects.create(
            plan=plan, description="Choose a vendor", target_month=6, target_year=2026
        )
        KeyDecision.objects.create(plan=plan, description="Build or buy")
        return plan

    return _make


def rating_data(cast, **per_domain):
    """POST data for the gap-analysis page: every row empty unless given.

    ``per_domain``: {"A": {"current_state": "...", ...}, ...}.
    """
    data = {"revision": current_revision(cast.milestone, "gap_analysis")}
    for code in "ABCDE":
        for field in ["current_state", "maturity", "gaps", "priority", "rationale"]:
            data[f"rating-{code}-{field}"] = per_domain.get(code, {}).get(field, "")
    return data


def capability_data(milestone, capabilities, changes=None):
    """POST data for the capabilities page from the stored capabilities, with changes.

    ``changes``: {1: {"name": "..."}, ...} keyed by position.
    """
    changes = changes or {}
    data = {"revision": current_revision(milestone, "capabilities")}
    for capability in capabilities:
        prefix = f"capability-{capability.position}"
        values = {
            "domain": capability.domain_id or "",
            "name": capability.name,
            "why_priority": capability.why_priority,
            "delivery": capability.delivery,
            "partner_type": capability.partner_type,
            "partner_name": capability.partner_name,
        }
        values.update(changes.get(capability.position, {}))
        for field, value in values.items():
            data[f"{prefix}-{field}"] = value
    return data
