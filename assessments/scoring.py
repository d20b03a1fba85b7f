"""The VaPCAT's scoring rules, as pure functions.

Views, forms, the completeness check and the PDF all call these; nothing else decides
a consensus score, a divergence or a suggested maturity.
"""

from dataclasses import dataclass
from fractions import Fraction
from math import ceil, floor

DONT_KNOW = None
MAX_SCORE = 3
DIVERGENCE_SPREAD = 2

# The rules below, in words, for the pages and the PDF that show their results.
CONSENSUS_RULE = (
    "The default consensus score is the mean of the known answers rounded half up "
    "(“don't know” is left out; when every answer is “don't know” it is 0). Respondents "
    "diverge on an item when its highest and lowest answers are 2 or more apart."
)
# Rule 2 of the suggested maturity, one sentence per level (PRODUCT.md 3.2): the
# rubric read cumulatively, since its level 3 requires "minimal components of other
# elements" and levels 4 and 5 build on it.
MATURITY_LEVEL_RULES = [
    (
        5,
        "5 when every item is at least minimal (1 or more) and more than half are an area "
        "of strength (3).",
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


def consensus(values):
    """Default consensus score of one item from its answers.

    ``values`` holds ints 0-3 and ``None`` for "don't know". The default is the mean of
    the known answers rounded half up. When every answer is "don't know" the score is 0
    (and ``ItemStats.all_dont_know`` flags it); with no answers at all it is ``None``.
    """
    values = list(values)
    if not values:
        return None
    known = _known(values)
    if not known:
        return 0
    return floor(Fraction(sum(known), len(known)) + Fraction(1, 2))


def is_divergent(values):
    """Respondents disagree when the highest and lowest known answers are 2 or more apart."""
    known = _known(values)
    return bool(known) and max(known) - min(known) >= DIVERGENCE_SPREAD


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


def item_stats(values):
    """Everything the results page shows about one item's answers."""
    values = list(values)
    known = _known(values)
    return ItemStats(
        count=len(values),
        dont_know=len(values) - len(known),
        mean=(sum(known) / len(known)) if known else None,
        lowest=min(known) if known else None,
        highest=max(known) if known else None,
        divergent=is_divergent(values),
        all_dont_know=bool(values) and not known,
        default=consensus(values),
    )


def level_counts(scores):
    """How many of a domain's consensus scores sit at each level 0-3 ("don't know" as 0)."""
    counts = {level: 0 for level in range(MAX_SCORE + 1)}
    for score in scores:
        counts[score or 0] += 1
    return counts


def several(n):
    """How many strengths level 4 needs in a domain of ``n`` items: max(2, ceil(n / 3))."""
    return max(2, ceil(n / 3))


@dataclass(frozen=True)
class Maturity:
    """A domain's suggested maturity, why, and what holds it back (None at 5)."""

    level: int | None
    reason: str
    held_back: str | None


def suggest_maturity(scores):
    """Suggested VBP domain maturity (0-5) from one domain's consensus scores, by rule 2.

    With n items, m of them scored at least 1, s of them scored 3 ("don't know" counts
    as 0) and several = max(2, ceil(n / 3)), the first matching row wins: 5 if m = n and
    s > n/2; 4 if m = n and s >= several; 3 if m = n and s >= 1; 2 if m > n/2; 1 if
    m >= 1; otherwise 0. ``None`` when no item has a score yet: nothing to go on.
    """
    return maturity(scores).level


def explain_maturity(scores):
    """The suggested maturity's reason in words, for the results page and the PDF."""
    return maturity(scores).reason


def _items(count):
    return f"{count} item{'s' if count != 1 else ''}"


def _are(count):
    return "is" if count == 1 else "are"


def _listed(codes):
    codes = list(codes)
    if len(codes) <= 1:
        return "".join(codes)
    return ", ".join(codes[:-1]) + " and " + codes[-1]


def maturity(scores, codes=None):
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
    values = [score or 0 for score in scores]
    n = len(values)
    m = sum(1 for value in values if value >= 1)
    s = sum(1 for value in values if value == MAX_SCORE)
    need = several(n)
    level = _level(n, m, s)
    return Maturity(
        level, _reason(level, n, m, s, need), _held_back(level, n, s, need, values, codes)
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


def _reason(level, n, m, s, need):
    if level == 5:
        return (
            f"Every item has at least minimal components in place and {s} of {_items(n)} "
            f"{_are(s)} an area of strength (3): more than half."
        )
    if level == 4:
        return (
            f"Every item has at least minimal components in place and {s} of {_items(n)} "
            f"{_are(s)} an area of strength (3): several ({need} or more), not more than half."
        )
    if level == 3:
        return (
            f"Every item has at least minimal components in place and {s} of {_items(n)} "
            f"{_are(s)} an area of strength (3)."
        )
    if level == 2:
        return (
            f"{m} of {_items(n)} have at least minimal components in place (1 or more): "
            "more than half."
        )
    if level == 1:
        return (
            f"{m} of {_items(n)} {'has' if m == 1 else 'have'} at least minimal components "
            "in place (1 or more): some, but not more than half."
        )
    return "No item has even minimal components in place."


def _held_back(level, n, s, need, values, codes):
    if level == 5:
        return None
    missing = [i for i, value in enumerate(values) if value < 1]
    if missing:
        if codes is not None:
            named = _listed(codes[i] for i in missing)
            lead = f"{named} {_are(len(missing))} not in place"
        else:
            lead = f"{_items(len(missing))} {_are(len(missing))} not in place"
        return f"{lead}; levels 3-5 need every item at least minimal."
    if level == 2:  # every item minimal, none a strength
        return "No item is an area of strength (3); level 3 needs at least one."
    if level == 3:
        return (
            f"{s} of {_items(n)} {_are(s)} an area of strength (3); level 4 needs {need} or more."
        )
    return (
        f"{s} of {_items(n)} are an area of strength (3); level 5 needs more than half "
        f"({n // 2 + 1} or more)."
    )
