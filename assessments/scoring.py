"""The VaPCAT's scoring rules, as pure functions.

Views, forms, the completeness check and the PDF all call these; nothing else decides
a consensus score, a divergence or a suggested maturity.
"""

from dataclasses import dataclass
from fractions import Fraction
from math import floor

DONT_KNOW = None
MAX_SCORE = 3
DIVERGENCE_SPREAD = 2

# The rules below, in words, for the pages and the PDF that show their results.
CONSENSUS_RULE = (
    "The default consensus score is the mean of the known answers rounded half up "
    "(“don't know” is left out; when every answer is “don't know” it is 0). Respondents "
    "diverge on an item when its highest and lowest answers are 2 or more apart."
)
MATURITY_RULE = (
    "Suggested maturity (“don't know” counts as 0): 5 if more than half the items are at "
    "3; otherwise 4 if two or more are at 3; 3 if one is at 3 and every item is at least "
    "1; 2 if more than half are at least 1; 1 if any is at least 1; otherwise 0."
)


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


def suggest_maturity(scores):
    """Suggested VBP domain maturity (0-5) from one domain's consensus scores.

    With n items, m of them scored at least 1 and s of them scored 3 ("don't know"
    counts as 0), the first matching row wins: 5 if s > n/2; 4 if s >= 2; 3 if s = 1
    and m = n; 2 if m > n/2; 1 if m >= 1; otherwise 0.
    """
    return _maturity(scores)[0]


def explain_maturity(scores):
    """The suggested maturity's reason in words, for the results page and the PDF."""
    return _maturity(scores)[1]


def _items(count):
    return f"{count} item{'s' if count != 1 else ''}"


def _maturity(scores):
    """(suggestion, reason): the table of PRODUCT.md 3.2 and its reading, in one place."""
    scores = [score or 0 for score in scores]
    n = len(scores)
    m = sum(1 for score in scores if score >= 1)
    s = sum(1 for score in scores if score == MAX_SCORE)
    if n and 2 * s > n:
        return 5, f"{s} of {_items(n)} are an area of strength (3): more than half."
    if s >= 2:
        return 4, (
            f"{s} of {_items(n)} are an area of strength (3): two or more, but not more than half."
        )
    if s == 1 and m == n:
        return 3, (
            f"1 of {_items(n)} is an area of strength (3) and every other item has at "
            "least minimal components in place (1 or more)."
        )
    if 2 * m > n:
        return 2, (
            f"{m} of {_items(n)} have at least minimal components in place (1 or more): "
            "more than half."
        )
    if m >= 1:
        return 1, (
            f"{m} of {_items(n)} {'has' if m == 1 else 'have'} at least minimal components "
            "in place (1 or more): some, but not more than half."
        )
    if not n:
        return 0, "This domain has no items."
    return 0, "No item has even minimal components in place."
