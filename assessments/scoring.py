"""The VaPCAT's scoring rules, as pure functions of the answers and the instrument's scale.

Views, forms, the completeness check and the PDF all call these; nothing else decides
a consensus score, a divergence or a suggested maturity. The rules read what each scale
value means for the template's rubric (``assessments.scale``), never the numbers, so an
instrument rating 1-10 follows the same rules as ours rating 0-3.
"""

from dataclasses import dataclass
from fractions import Fraction
from math import ceil

from assessments.scale import MINIMAL, RUBRIC_MEANINGS, STRENGTH

DONT_KNOW = None


def _strength(scale):
    return scale.describe_meaning(STRENGTH)


def _minimal_or_more(scale):
    """The values that are at least minimal, e.g. "1 or more" or "3 or more"."""
    lowest = next(value for value in scale.values if scale.at_least_minimal(value))
    return f"{lowest} or more"


def _is_contiguous(scale):
    return list(scale.values) == list(range(scale.lowest, scale.highest + 1))


# The rules below, in words, for the pages and the PDF that show their results.
def consensus_rounding(scale):
    """How the default consensus rounds the mean, in a few words."""
    if _is_contiguous(scale):
        return "rounded half up"
    return "rounded to the nearest value of the scale (halfway between two, the higher)"


def consensus_rule(scale):
    return (
        f"The default consensus score is the mean of the known answers "
        f"{consensus_rounding(scale)} "
        "(“don't know” is left out; when every answer is “don't know” it is "
        f"{scale.lowest}). Respondents diverge on an item when its highest and lowest "
        f"answers are {scale.divergence_steps} or more steps apart on the scale "
        f"({scale.span})."
    )


def divergence_rule(scale):
    """The divergence flag in a few words, e.g. "2 or more steps apart"."""
    return f"{scale.divergence_steps} or more steps apart"


def maturity_level_rules(scale):
    """Rule 2 of the suggested maturity, one sentence per level (PRODUCT.md 3.2): the
    rubric read cumulatively, since its level 3 requires "minimal components of other
    elements" and levels 4 and 5 build on it."""
    return [
        (
            5,
            f"5 when every item is at least minimal ({_minimal_or_more(scale)}) and more "
            f"than half are an area of strength ({_strength(scale)}).",
        ),
        (
            4,
            "4 when every item is at least minimal and several are an area of strength: at "
            "least two, and at least a third of the items.",
        ),
        (3, "3 when every item is at least minimal and at least one is an area of strength."),
        (2, "2 when more than half the items are at least minimal."),
        (1, "1 when at least one item is at least minimal."),
        (0, "0 otherwise."),
    ]


def _known(values):
    return [v for v in values if v is not DONT_KNOW]


def consensus(values, scale):
    """Default consensus score of one item from its answers.

    ``values`` holds values of ``scale`` and ``None`` for "don't know". The default is
    the mean of the known answers rounded to the nearest scale value, halfway going up.
    When every answer is "don't know" the score is the scale's lowest value (and
    ``ItemStats.all_dont_know`` flags it); with no answers at all it is ``None``.
    """
    values = list(values)
    if not values:
        return None
    known = _known(values)
    if not known:
        return scale.lowest
    return scale.nearest(Fraction(sum(known), len(known)))


def is_divergent(values, scale):
    """Respondents disagree when the highest and lowest known answers are
    ``scale.divergence_steps`` or more steps apart."""
    known = _known(values)
    return bool(known) and scale.steps(min(known), max(known)) >= scale.divergence_steps


@dataclass(frozen=True)
class ItemStats:
    count: int
    dont_know: int
    mean: float | None
    lowest: int | None
    highest: int | None
    divergent: bool
    all_dont_know: bool
    default: int | None


def item_stats(values, scale):
    """Everything the results page shows about one item's answers."""
    values = list(values)
    known = _known(values)
    return ItemStats(
        count=len(values),
        dont_know=len(values) - len(known),
        mean=(sum(known) / len(known)) if known else None,
        lowest=min(known) if known else None,
        highest=max(known) if known else None,
        divergent=is_divergent(values, scale),
        all_dont_know=bool(values) and not known,
        default=consensus(values, scale),
    )


def levels(scale):
    """The rubric meanings ``scale`` has values for, in the rubric's order."""
    return [meaning for meaning in RUBRIC_MEANINGS if scale.values_meaning(meaning)]


def level_counts(scores, scale):
    """How many of a domain's consensus scores mean each level of the rubric the scale has
    ({meaning: count}, rubric order); "don't know" and no score count as not in place."""
    counts = {meaning: 0 for meaning in levels(scale)}
    for score in scores:
        counts[RUBRIC_MEANINGS[_rank(score, scale)]] += 1
    return counts


def is_gap_candidate(score, scale):
    """A consensus score that means not in place or minimal components in place."""
    return score is not None and _rank(score, scale) <= RUBRIC_MEANINGS.index(MINIMAL)


def gap_candidate_values(scale):
    """The scale values of a gap candidate in words, e.g. "0 or 1" or "1-4"."""
    values = [v for v in scale.values if is_gap_candidate(v, scale)]
    if len(values) == 1:
        return str(values[0])
    if len(values) == 2:
        return f"{values[0]} or {values[1]}"
    return f"{values[0]}-{values[-1]}"


def _rank(score, scale):
    return 0 if score is None else scale.rank(score)


def several(n):
    """How many strengths level 4 needs in a domain of ``n`` items: max(2, ceil(n / 3))."""
    return max(2, ceil(n / 3))


@dataclass(frozen=True)
class Maturity:
    """A domain's suggested maturity, why, and what holds it back (None at 5)."""

    level: int | None
    reason: str
    held_back: str | None


def suggest_maturity(scores, scale):
    """Suggested VBP domain maturity (0-5) from one domain's consensus scores, by rule 2.

    With n items, m of them at least minimal, s of them an area of strength ("don't know"
    counts as not in place) and several = max(2, ceil(n / 3)), the first matching row
    wins: 5 if m = n and s > n/2; 4 if m = n and s >= several; 3 if m = n and s >= 1; 2 if
    m > n/2; 1 if m >= 1; otherwise 0. ``None`` when no item has a score yet: nothing to
    go on.
    """
    return maturity(scores, scale).level


def explain_maturity(scores, scale):
    """The suggested maturity's reason in words, for the results page and the PDF."""
    return maturity(scores, scale).reason


def _items(count):
    return f"{count} item{'s' if count != 1 else ''}"


def _are(count):
    return "is" if count == 1 else "are"


def _listed(codes):
    codes = list(codes)
    if len(codes) <= 1:
        return "".join(codes)
    return ", ".join(codes[:-1]) + " and " + codes[-1]


def maturity(scores, scale, codes=None):
    """The whole reading of rule 2 for one domain: level, reason and what holds it back.

    ``codes`` (the items' codes, in the order of ``scores``) let the reading name the
    items that hold the suggestion back.
    """
    scores = list(scores)
    if not scores:
        return Maturity(None, "This domain has no items.", None)
    if all(score is None for score in scores):
        return Maturity(None, "No respondent has submitted answers yet.", None)
    codes = list(codes) if codes is not None else None
    minimal = [score is not None and scale.at_least_minimal(score) for score in scores]
    n = len(scores)
    m = sum(minimal)
    s = sum(1 for score in scores if score is not None and scale.is_strength(score))
    need = several(n)
    level = _level(n, m, s)
    return Maturity(
        level,
        _reason(level, n, m, s, need, scale),
        _held_back(level, n, s, need, minimal, codes, scale),
    )


def _level(n, m, s):
    if m == n and 2 * s > n:
        return 5
    if m == n and s >= several(n):
        return 4
    if m == n and s >= 1:
        return 3
    if 2 * m > n:
        return 2
    if m >= 1:
        return 1
    return 0


def _reason(level, n, m, s, need, scale):
    strength = f"an area of strength ({_strength(scale)})"
    if level == 5:
        return (
            f"Every item has at least minimal components in place and {s} of {_items(n)} "
            f"{_are(s)} {strength}: more than half."
        )
    if level == 4:
        return (
            f"Every item has at least minimal components in place and {s} of {_items(n)} "
            f"{_are(s)} {strength}: several ({need} or more), not more than half."
        )
    if level == 3:
        return (
            f"Every item has at least minimal components in place and {s} of {_items(n)} "
            f"{_are(s)} {strength}."
        )
    if level == 2:
        return (
            f"{m} of {_items(n)} have at least minimal components in place "
            f"({_minimal_or_more(scale)}): more than half."
        )
    if level == 1:
        return (
            f"{m} of {_items(n)} {'has' if m == 1 else 'have'} at least minimal components "
            f"in place ({_minimal_or_more(scale)}): some, but not more than half."
        )
    return "No item has even minimal components in place."


def _held_back(level, n, s, need, minimal, codes, scale):
    if level == 5:
        return None
    strength = f"an area of strength ({_strength(scale)})"
    missing = [i for i, is_minimal in enumerate(minimal) if not is_minimal]
    if missing:
        if codes is not None:
            named = _listed(codes[i] for i in missing)
            lead = f"{named} {_are(len(missing))} not in place"
        else:
            lead = f"{_items(len(missing))} {_are(len(missing))} not in place"
        return f"{lead}; levels 3-5 need every item at least minimal."
    if level == 2:  # every item minimal, none a strength
        return f"No item is {strength}; level 3 needs at least one."
    if level == 3:
        return f"{s} of {_items(n)} {_are(s)} {strength}; level 4 needs {need} or more."
    return (
        f"{s} of {_items(n)} are {strength}; level 5 needs more than half ({n // 2 + 1} or more)."
    )
