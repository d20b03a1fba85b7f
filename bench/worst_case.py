"""The largest milestone the limits allow: every free text at its longest and broken into
its most lines, every list at its most rows, a consensus note on every item.

The limits are read from the forms that enforce them (a field's ``max_length`` and
``max_lines``, a formset's ``max_num``), so this follows them when they change. Used by
``bench/pdf.py --worst-case`` and by the tests (``tests/test_bounded_input.py``).
Import it once Django is set up.
"""

from decimal import Decimal

from accounts.forms import AcceptInvitationForm
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
from action_plans.models import ActionPlan, ProcessSummary, StructuralChange
from action_plans.rules import RISKS_REQUIRED
from assessments.forms import AnswerForm, ConsensusForm
from assessments.models import Answer, ConsensusScore, Item
from gap_analysis.forms import CapabilityForm, DomainRatingForm
from gap_analysis.models import Capability, Priority
from practices.forms import PracticeForm

CAPABILITIES = 3
SENTENCE = (
    "The practice will reconcile attribution rosters, review performance dashboards with "
    "leadership, agree on responsibilities with partners and document every decision. "
)
# The largest amount a DecimalField(max_digits=14, decimal_places=2) holds.
LARGEST_AMOUNT = Decimal("999999999999.99")


def limit(field):
    """(most characters, most lines) of a form field."""
    return field.max_length, getattr(field, "max_lines", 1)


def longest(field, label):
    """The longest text ``field`` accepts: ``label`` and prose, in as many lines as it
    takes, every line as long as the rest allows (short lines cost the PDF the most)."""
    characters, lines = limit(field)
    breaks = lines - 1
    per_line = (characters - breaks) // lines
    prose = (f"{label}: " + SENTENCE * (characters // len(SENTENCE) + 2))[: characters - breaks]
    rows = [prose[i * per_line : (i + 1) * per_line] for i in range(lines - 1)]
    rows.append(prose[(lines - 1) * per_line :])
    # A form drops the spaces around a text: it must end in a letter to be this long.
    return "\n".join(rows)[:-1] + "."


def longest_of(form_class, *names, label=""):
    return {
        name: longest(form_class.base_fields[name], f"{label} {name}".strip()) for name in names
    }


def _bounded(form_class):
    return [name for name, field in form_class.base_fields.items() if hasattr(field, "max_lines")]


def _fill(instance, form_class, label):
    for name, value in longest_of(form_class, *_bounded(form_class), label=label).items():
        setattr(instance, name, value)


def _rows(formset, parent, label, **extra):
    """Replace ``parent``'s rows with as many as ``formset`` allows, every text longest."""
    model = formset.model
    relation = formset.fk.name
    model.objects.filter(**{relation: parent}).delete()
    texts = _bounded(formset.form)
    model.objects.bulk_create(
        model(
            **{relation: parent},
            **longest_of(formset.form, *texts, label=f"{label} {n}"),
            **{key: value(n) if callable(value) else value for key, value in extra.items()},
        )
        for n in range(1, formset.max_num + 1)
    )


def fill_worst_case(milestone, lead=None):
    """Make ``milestone`` as large as its limits allow (in place)."""
    practice = milestone.practice
    _fill(practice, PracticeForm, "Practice")
    practice.save()
    people = User.objects.filter(vapcat_responses__milestone=milestone)
    name = AcceptInvitationForm.base_fields["full_name"]
    job_title = User._meta.get_field("job_title").max_length
    for n, person in enumerate(people, start=1):
        person.full_name = longest(name, f"Respondent {n}")
        person.job_title = (f"Job title {n} " + SENTENCE)[:job_title]
        person.save(update_fields=["full_name", "job_title"])

    for rating in milestone.domain_ratings.select_related("domain"):
        _fill(rating, DomainRatingForm, f"Domain {rating.domain.code}")
        rating.maturity, rating.priority = 2, Priority.HIGH
        rating.save()

    domains = list(milestone.instrument.domains.all())
    for position in range(1, CAPABILITIES + 1):
        capability, _ = Capability.objects.get_or_create(milestone=milestone, position=position)
        _fill(capability, CapabilityForm, f"Capability {position}")
        capability.domain = domains[position % len(domains)]
        capability.delivery = Capability.Delivery.PARTNER
        capability.partner_type = Capability.PartnerType.OTHER
        capability.save()

        plan, _ = ActionPlan.objects.get_or_create(capability=capability)
        _fill(plan, ActionPlanForm, f"Plan {position}")
        plan.save()
        _rows(
            ActivityFormSet,
            plan,
            "Activity",
            target_month=lambda n: n % 12 + 1,
            target_year=lambda n: 2027 + n // 12,
        )
        _rows(KeyDecisionFormSet, plan, "Decision")
        _rows(
            StructuralChangeFormSet,
            plan,
            "Change",
            category=StructuralChange.Category.WORKFLOW,
        )
        _rows(
            IndicatorFormSet,
            plan,
            "Indicator",
            baseline=LARGEST_AMOUNT,
            target=LARGEST_AMOUNT,
            target_month=12,
            target_year=2030,
        )

    summary, _ = ProcessSummary.objects.get_or_create(milestone=milestone)
    _fill(summary, ProcessSummaryForm, "Process")
    summary.save()

    for position in range(1, RISKS_REQUIRED + 1):
        risk, _ = milestone.risks.get_or_create(position=position)
        _fill(risk, RiskForm, f"Risk {position}")
        risk.save()
        _rows(MitigationFormSet, risk, f"Mitigation of risk {position}")

    note = ConsensusForm.base_fields["note"]
    for item in Item.objects.filter(domain__instrument=milestone.instrument_id):
        ConsensusScore.objects.update_or_create(
            milestone=milestone,
            item=item,
            defaults={"score": 3, "note": longest(note, f"Note {item.code}"), "set_by": lead},
        )
    comment = longest(AnswerForm.base_fields["comment"], "Comment")
    Answer.objects.filter(response__milestone=milestone).update(comment=comment)
