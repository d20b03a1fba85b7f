"""The VaPCAT's rules as pure functions: the default consensus (mean rounded half up),
don't-know handling, divergence, level counts and the suggested maturity (rule 2)."""

import math
from itertools import product

import pytest

from assessments.scale import Scale
from assessments.scoring import (
    consensus,
    explain_maturity,
    is_divergent,
    item_stats,
    level_counts,
    maturity,
    several,
    suggest_maturity,
)
from tests.factories import SCALE

DK = None  # "don't know"
OURS = Scale.of(SCALE)  # 0-3 and don't know


# Consensus: the mean rounded half up ---------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([1, 2], 2),  # 1.5 goes up
        ([0, 1], 1),  # 0.5 goes up (banker's rounding would give 0)
        ([2, 3], 3),  # 2.5 goes up (banker's rounding would give 2)
        ([1, 1, 2], 1),  # 1.33 goes down
        ([1, 2, 2], 2),  # 1.67 goes up
        ([0, 0, 1], 0),  # 0.33
        ([0, 1, 2, 3], 2),  # 1.5
        ([0, 0, 0, 1, 1, 1, 1, 1], 1),  # 0.625
        ([3], 3),
        ([0], 0),
    ],
)
def test_consensus_is_the_mean_rounded_half_up(values, expected):
    assert consensus(values, OURS) == expected


def test_dont_know_is_left_out_of_the_mean():
    assert consensus([DK, 1, 2], OURS) == 2
    assert consensus([DK, DK, 0, 3], OURS) == 2
    stats = item_stats([DK, 0, 3], OURS)
    assert stats.mean == 1.5
    assert (stats.count, stats.dont_know) == (3, 1)
    assert (stats.lowest, stats.highest) == (0, 3)
    assert not stats.all_dont_know


def test_every_answer_dont_know_gives_0_and_a_flag():
    assert consensus([DK, DK, DK], OURS) == 0
    stats = item_stats([DK, DK], OURS)
    assert stats.all_dont_know
    assert stats.default == 0
    assert stats.mean is None and stats.lowest is None and stats.highest is None
    assert not stats.divergent


def test_item_without_answers_has_no_consensus():
    assert consensus([], OURS) is None
    stats = item_stats([], OURS)
    assert stats.default is None and stats.count == 0 and not stats.all_dont_know


# Divergence ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "divergent"),
    [
        ([1, 2], False),  # spread 1
        ([0, 1, 1, 0], False),
        ([2, 3, 3], False),
        ([1, 3], True),  # spread 2
        ([0, 2], True),
        ([0, 3], True),
        ([DK, 0, DK, 2], True),  # don't know does not count as 0
        ([DK, 1, 2], False),
        ([DK, DK], False),
        ([3], False),
    ],
)
def test_divergence_is_a_spread_of_two_or_more(values, divergent):
    assert is_divergent(values, OURS) is divergent
    assert item_stats(values, OURS).divergent is divergent


def test_level_counts_count_dont_know_as_not_in_place():
    assert level_counts([0, 1, 1, 3, DK], OURS) == {
        "not_in_place": 2,
        "minimal": 2,
        "partial": 0,
        "strength": 1,
    }
    assert level_counts([], OURS) == {"not_in_place": 0, "minimal": 0, "partial": 0, "strength": 0}


# The suggested maturity, rule 2 (PRODUCT.md 3.2) ------------------------------------


def rule_2(scores):
    """The rule word for word: first matching row wins. ``None`` when nothing is scored."""
    if all(score is DK for score in scores):
        return None
    scores = [0 if score is DK else score for score in scores]
    n = len(scores)
    m = sum(1 for score in scores if score >= 1)
    s = sum(1 for score in scores if score == 3)
    several = max(2, math.ceil(n / 3))
    rows = [
        (5, m == n and s > n / 2),
        (4, m == n and s >= several),
        (3, m == n and s >= 1),
        (2, m > n / 2),
        (1, m >= 1),
        (0, True),
    ]
    return next(suggestion for suggestion, when in rows if when)


VECTORS = [list(v) for n in range(1, 7) for v in product([DK, 0, 1, 2, 3], repeat=n)]


def test_every_answer_vector_of_1_to_6_items_follows_rule_2():
    assert len(VECTORS) == 19_530
    wrong = [v for v in VECTORS if suggest_maturity(v, OURS) != rule_2(v)]
    assert wrong == []


def test_raising_any_one_item_never_lowers_the_suggestion():
    order = [DK, 0, 1, 2, 3]
    lowered = []
    for vector in VECTORS:
        before = suggest_maturity(vector, OURS)
        for i, value in enumerate(vector):
            for higher in order[order.index(value) + 1 :]:
                after = suggest_maturity([*vector[:i], higher, *vector[i + 1 :]], OURS)
                if before is not None and after < before:
                    lowered.append((vector, i, higher))
    assert lowered == []


def test_every_level_is_reached():
    assert {suggest_maturity(v, OURS) for v in VECTORS} == {None, 0, 1, 2, 3, 4, 5}


def test_two_strengths_and_seven_not_in_place_is_not_level_4():
    """The report: in a 9-item domain this suggested 4 under the old rule."""
    assert suggest_maturity([3, 3] + [0] * 7, OURS) == 1


def test_three_strengths_with_data_exchange_not_in_place_is_not_level_5():
    """Payer and Partner Relations (5 items): three strengths, one item not in place."""
    assert suggest_maturity([3, 3, 3, 1, 0], OURS) == 2
    assert suggest_maturity([3, 3, 3, 1, 1], OURS) == 5


def test_several_is_a_third_of_the_items_and_at_least_two():
    assert [several(n) for n in (1, 3, 6, 7, 9, 10)] == [2, 2, 2, 3, 3, 4]
    assert suggest_maturity([3, 3, 1, 1, 1, 1, 1, 1, 1], OURS) == 3  # 2 of 9: not several
    assert suggest_maturity([3, 3, 3, 1, 1, 1, 1, 1, 1], OURS) == 4


def test_dont_know_counts_as_not_in_place():
    assert suggest_maturity([3, 3, 3, DK], OURS) == 2
    assert maturity([3, 3, 3, DK], OURS, codes=["E1", "E2", "E3", "E4"]).held_back == (
        "E4 is not in place; levels 3-5 need every item at least minimal."
    )


def test_no_score_at_all_gives_no_suggestion():
    assert suggest_maturity([DK, DK, DK], OURS) is None
    assert explain_maturity([DK, DK], OURS) == "No respondent has submitted answers yet."
    assert suggest_maturity([], OURS) is None


@pytest.mark.parametrize(
    ("scores", "reason"),
    [
        ([3, 3, 3, 1], "Every item has at least minimal components in place and 3 of 4 items"),
        ([3, 3, 1, 1], "2 of 4 items are an area of strength (3): several (2 or more)"),
        ([3, 1, 2, 1], "1 of 4 items is an area of strength (3)"),
        ([1, 2, 1, 0], "3 of 4 items have at least minimal components"),
        ([1, 0, 0, 0], "1 of 4 items has at least minimal components"),
        ([0, 0, 0], "No item has even minimal components in place."),
    ],
)
def test_suggested_maturity_is_explained_in_words(scores, reason):
    assert reason in explain_maturity(scores, OURS)


@pytest.mark.parametrize(
    ("scores", "held_back"),
    [
        (
            [3, 3, 3, 0, 1, 0],
            "B4 and B6 are not in place; levels 3-5 need every item at least minimal.",
        ),
        ([1, 2, 1], "No item is an area of strength (3); level 3 needs at least one."),
        (
            [3, 1, 1, 1, 1, 1, 1],
            "1 of 7 items is an area of strength (3); level 4 needs 3 or more.",
        ),
        (
            [3, 3, 1, 1],
            "2 of 4 items are an area of strength (3); level 5 needs more than half (3 or more).",
        ),
        ([3, 3, 3, 1], None),
    ],
)
def test_the_reading_says_what_holds_the_suggestion_back(scores, held_back):
    codes = [f"B{i}" for i in range(1, len(scores) + 1)]
    assert maturity(scores, OURS, codes).held_back == held_back
