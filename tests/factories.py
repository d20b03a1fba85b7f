"""Small builders for test data: an instrument, practices, milestones with content."""

from datetime import date

from accounts.models import User
from assessments.models import Domain, Instrument, Item
from practices.models import CoachAssignment, Membership, Practice
from submissions.models import Cycle

PASSWORD = "correct horse battery staple 7"

DOMAINS = [
    ("A", "Leadership, Governance, and Legal"),
    ("B", "Operations"),
    ("C", "Data, Analytics, and Technology"),
    ("D", "Financial"),
    ("E", "Payer and Partner Relations"),
]
SCALE = [
    {"value": 0, "label": "Not in place"},
    {"value": 1, "label": "Minimal components in place"},
    {"value": 2, "label": "Partially in place"},
    {"value": 3, "label": "Area of strength"},
    {"value": None, "label": "Don't know"},
]


def make_instrument(version="test-1", items_per_domain=4, advanced_every=4):
    instrument = Instrument.objects.create(
        name="VaPCAT", version=version, scale=SCALE, source_sha256="0" * 64
    )
    for order, (code, name) in enumerate(DOMAINS, start=1):
        domain = Domain.objects.create(
            instrument=instrument,
            code=code,
            name=name,
            order=order,
            examples=f"examples of {name.lower()}",
            foundational_capabilities=[f"{name} capability one", f"{name} capability two"],
        )
        Item.objects.bulk_create(
            Item(
                domain=domain,
                code=f"{code}{n}",
                text=f"{name} item {n}",
                help=f"Help for {code}{n}",
                advanced=(n % advanced_every == 0),
                order=n,
            )
            for n in range(1, items_per_domain + 1)
        )
    return instrument


def make_user(email, **extra):
    return User.objects.create_user(email=email, password=PASSWORD, **extra)


def make_practice(name, **extra):
    fields = {
        "organisation_type": Practice.OrganisationType.INDEPENDENT,
        "size_band": Practice.SizeBand.SMALL,
        "county": "Alameda",
    }
    fields.update(extra)
    return Practice.objects.create(name=name, **fields)


def add_member(practice, user, role):
    return Membership.objects.create(practice=practice, user=user, role=role)


def assign_coach(practice, coach):
    return CoachAssignment.objects.create(practice=practice, coach=coach)


def make_cycles():
    may = Cycle.objects.create(name="May 2026", opens_on=date(2026, 3, 1), due_on=date(2026, 5, 31))
    november = Cycle.objects.create(
        name="November 2026", opens_on=date(2026, 9, 1), due_on=date(2026, 11, 30)
    )
    return may, november
