"""Part B's rules: five complete domain rows and exactly three different capabilities."""

import re

from django.urls import reverse

from submissions.completeness import Part, Problem

REQUIRED_CAPABILITIES = 3
ROW_FIELDS = [
    ("current_state", "describe the current state"),
    ("maturity", "choose a VBP domain maturity (0-5)"),
    ("gaps", "list the specific capability gaps"),
    ("priority", "choose a priority for action"),
    ("rationale", "give the rationale for the priority"),
]


def normalise(text):
    """Capabilities are the same when they differ only in case and spacing."""
    return re.sub(r"\s+", " ", text or "").strip().casefold()


def rating_problems(milestone, ratings, url):
    problems = []
    for rating in ratings:
        for name, action in ROW_FIELDS:
            value = getattr(rating, name)
            if value is None or value == "":
                problems.append(
                    Problem(
                        f"{rating.domain.name}: {action}.",
                        f"{url}#id_rating-{rating.domain.code}-{name}",
                    )
                )
    return problems


def capability_problems(capabilities, url):
    problems = []
    count = len(capabilities)
    if count != REQUIRED_CAPABILITIES:
        problems.append(
            Problem(
                f"You have {count} capabilit{'y' if count == 1 else 'ies'}; exactly "
                f"{REQUIRED_CAPABILITIES} are required.",
                f"{url}#capabilities",
            )
        )
    seen = {}
    for capability in capabilities:
        label = f"Capability {capability.position}"
        anchor = f"{url}#id_capability-{capability.position}"
        if capability.domain_id is None:
            problems.append(Problem(f"{label}: choose its domain.", f"{anchor}-domain"))
        if not capability.name.strip():
            problems.append(Problem(f"{label}: name the specific capability.", f"{anchor}-name"))
        if not capability.why_priority.strip():
            problems.append(
                Problem(f"{label}: say why it is a priority.", f"{anchor}-why_priority")
            )
        if not capability.delivery:
            problems.append(
                Problem(
                    f"{label}: choose whether it is built internally or provided by a partner.",
                    f"{anchor}-delivery",
                )
            )
        elif capability.delivery == capability.Delivery.PARTNER:
            if not capability.partner_type:
                problems.append(
                    Problem(f"{label}: choose the type of partner.", f"{anchor}-partner_type")
                )
            elif (
                capability.partner_type == capability.PartnerType.OTHER
                and not capability.partner_name.strip()
            ):
                problems.append(Problem(f"{label}: name the partner.", f"{anchor}-partner_name"))
        key = normalise(capability.name)
        if key and key in seen:
            problems.append(
                Problem(
                    f"{label} is the same as capability {seen[key]}; the three capabilities "
                    "must all be different.",
                    f"{anchor}-name",
                )
            )
        seen.setdefault(key, capability.position)
    return problems


def part(milestone):
    url = reverse("gap_analysis:edit", args=[milestone.pk])
    ratings = list(milestone.domain_ratings.select_related("domain"))
    capabilities = list(milestone.capabilities.all())
    problems = rating_problems(milestone, ratings, url) + capability_problems(
        capabilities, reverse("gap_analysis:capabilities", args=[milestone.pk])
    )
    started = bool(capabilities) or any(
        r.current_state or r.gaps or r.rationale or r.priority for r in ratings
    )
    return Part(
        key="gap_analysis",
        letter="B",
        title="Gap analysis",
        url=url,
        problems=problems,
        started=started,
    )
