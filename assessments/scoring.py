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
    scores = [score or 0 for score in scores]
    n = len(scores)
    m = sum(1 for score in scores if score >= 1)
    s = sum(1 for score in scores if score == MAX_SCORE)
    if n and 2 * s > n:
        return 5
    if s >= 2:
        return 4
    if s == 1 and m == n:
        return 3
    if 2 * m > n:
        return 2
    if m >= 1:
        return 1
    return 0
