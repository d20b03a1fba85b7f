"""Part B's rules: five complete domain rows and exactly three different capabilities.

Two kinds of rule live here, each in one place:

- *problems* (unmet rules) feed the milestone's task list and gate submission;
- *warnings* (a maturity far from the VaPCAT's suggestion, a capability from a domain
  rated low priority) are shown on the pages but never block saving or submitting.

The forms call ``duplicates`` so that a save refuses the same capability twice with the
same words as the completeness check.
"""

from django.urls import reverse

from accounts.same_text import is_blank, same_text_key
from gap_analysis.models import Priority
from gap_analysis.selectors import gap_rows, ratings_of
from submissions.parts import Part, Problem

REQUIRED_CAPABILITIES = 3
# A chosen maturity this far (or further) from the VaPCAT's suggestion asks for a reason.
MATURITY_WARNING_DIFFERENCE = 2
ROW_FIELDS = [
    ("current_state", "describe the current state"),
    ("maturity", "choose a VBP domain maturity (0-5)"),
    ("gaps", "list the specific capability gaps"),
    ("priority", "choose a priority for action"),
    ("rationale", "give the rationale for the priority"),
]


def rating_anchor(domain_code, field):
    return f"id_rating-{domain_code}-{field}"


def capability_anchor(position, field):
    return f"id_capability-{position}-{field}"


# Problems ---------------------------------------------------------------------------


def rating_problems(milestone, ratings, url):
    problems = []
    for rating in ratings:
        for name, action in ROW_FIELDS:
            value = getattr(rating, name)
            if value is None or (isinstance(value, str) and is_blank(value)):
                problems.append(
                    Problem(
                        f"{rating.domain.name}: {action}.",
                        f"{url}#{rating_anchor(rating.domain.code, name)}",
                    )
                )
    return problems


def duplicates(names_by_position):
    """``{position: earlier position}`` for each capability named like an earlier one.

    ``names_by_position`` is an iterable of (position, name) in position order; empty
    names are never duplicates (they are reported as missing instead). Names are the
    same as ``accounts.same_text`` reads them: case, spacing, punctuation and invisible
    characters aside.
    """
    seen = {}
    found = {}
    for position, name in names_by_position:
        key = same_text_key(name)
        if not key:
            continue
        if key in seen:
            found[position] = seen[key]
        else:
            seen[key] = position
    return found


def duplicate_message(position, earlier):
    return (
        f"Capability {position} is the same as capability {earlier}; the three capabilities "
        "must all be different."
    )


def count_message(count):
    return (
        f"You have {count} capabilit{'y' if count == 1 else 'ies'}; exactly "
        f"{REQUIRED_CAPABILITIES} are required."
    )


def capability_problems(capabilities, url):
    problems = []
    count = len(capabilities)
    if count != REQUIRED_CAPABILITIES:
        problems.append(Problem(count_message(count), f"{url}#capabilities"))
    repeated = duplicates((c.position, c.name) for c in capabilities)
    for capability in capabilities:
        label = f"Capability {capability.position}"

        def anchor(field, position=capability.position):
            return f"{url}#{capability_anchor(position, field)}"

        if capability.domain_id is None:
            problems.append(Problem(f"{label}: choose its domain.", anchor("domain")))
        if is_blank(capability.name):
            problems.append(Problem(f"{label}: name the specific capability.", anchor("name")))
        if is_blank(capability.why_priority):
            problems.append(Problem(f"{label}: say why it is a priority.", anchor("why_priority")))
        if not capability.delivery:
            problems.append(
                Problem(
                    f"{label}: choose whether it is built internally or provided by a partner.",
                    anchor("delivery"),
                )
            )
        elif capability.delivery == capability.Delivery.PARTNER:
            if not capability.partner_type:
                problems.append(
                    Problem(f"{label}: choose the type of partner.", anchor("partner_type"))
                )
            elif capability.partner_type == capability.PartnerType.OTHER and is_blank(
                capability.partner_name
            ):
                problems.append(Problem(f"{label}: name the partner.", anchor("partner_name")))
        if capability.position in repeated:
            problems.append(
                Problem(
                    duplicate_message(capability.position, repeated[capability.position]),
                    anchor("name"),
                )
            )
    return problems


# Warnings ---------------------------------------------------------------------------


def maturity_warning(chosen, suggested):
    """The warning for a chosen maturity far from the VaPCAT's suggestion, or None."""
    if chosen is None or suggested is None:
        return None
    if abs(chosen - suggested) < MATURITY_WARNING_DIFFERENCE:
        return None
    return maturity_warning_text(suggested)


def maturity_warning_text(suggested):
    return (
        f"This is {MATURITY_WARNING_DIFFERENCE} or more away from the maturity your VaPCAT "
        f"results suggest ({suggested}). Please explain why in the rationale."
    )


def low_priority_warning(capability, ratings_by_domain):
    """A capability taken from a domain the practice rated low priority, or None."""
    rating = ratings_by_domain.get(capability.domain_id)
    if rating is None or rating.priority != Priority.LOW:
        return None
    return (
        f"Capability {capability.position} comes from {rating.domain.name}, which your gap "
        "analysis rates low priority for action. Check that this is the capability you "
        "mean to build, or revisit the priority."
    )


def warnings(milestone, summary=None, ratings=None):
    """Every warning of the saved part B, as Problems linking to their field.

    For milestone-level pages (task list, review); they never block submission, so
    ``part()`` does not include them.
    """
    rows = gap_rows(milestone, summary, ratings)
    found = []
    url = reverse("gap_analysis:edit", args=[milestone.pk])
    for row in rows:
        warning = maturity_warning(row.rating.maturity, row.suggestion)
        if warning:
            anchor = rating_anchor(row.domain.code, "maturity")
            found.append(Problem(f"{row.domain.name}: {warning}", f"{url}#{anchor}"))
    url = reverse("gap_analysis:capabilities", args=[milestone.pk])
    ratings_by_domain = {row.rating.domain_id: row.rating for row in rows}
    for capability in milestone.capabilities.all():
        warning = low_priority_warning(capability, ratings_by_domain)
        if warning:
            anchor = capability_anchor(capability.position, "domain")
            found.append(Problem(warning, f"{url}#{anchor}"))
    return found


# The part -----------------------------------------------------------------------------


def part(milestone, ratings=None):
    url = reverse("gap_analysis:edit", args=[milestone.pk])
    ratings = ratings if ratings is not None else ratings_of(milestone)
    capabilities = list(milestone.capabilities.all())
    problems = rating_problems(milestone, ratings, url) + capability_problems(
        capabilities, reverse("gap_analysis:capabilities", args=[milestone.pk])
    )
    started = bool(capabilities) or any(
        r.current_state or r.gaps or r.rationale or r.priority or r.maturity is not None
        for r in ratings
    )
    return Part(
        key="gap_analysis",
        letter="B",
        title="Gap analysis",
        url=url,
        problems=problems,
        started=started,
    )
