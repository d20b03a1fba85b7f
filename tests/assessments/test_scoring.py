"""The VaPCAT's rules as pure functions: the default consensus (mean rounded half up),
don't-know handling, divergence, level counts and the suggested maturity table."""

from itertools import combinations_with_replacement

import pytest

from assessments.scoring import (
    consensus,
    explain_maturity,
    is_divergent,
    item_stats,
    level_counts,
    suggest_maturity,
)

DK = None  # "don't know"


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
    assert consensus(values) == expected


def test_dont_know_is_left_out_of_the_mean():
    assert consensus([DK, 1, 2]) == 2
    assert consensus([DK, DK, 0, 3]) == 2
    stats = item_stats([DK, 0, 3])
    assert stats.mean == 1.5
    assert (stats.count, stats.dont_know) == (3, 1)
    assert (stats.lowest, stats.highest) == (0, 3)
    assert not stats.all_dont_know


def test_every_answer_dont_know_gives_0_and_a_flag():
    assert consensus([DK, DK, DK]) == 0
    stats = item_stats([DK, DK])
    assert stats.all_dont_know
    assert stats.default == 0
    assert stats.mean is None and stats.lowest is None and stats.highest is None
    assert not stats.divergent


def test_item_without_answers_has_no_consensus():
    assert consensus([]) is None
    stats = item_stats([])
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
    assert is_divergent(values) is divergent
    assert item_stats(values).divergent is divergent


def test_level_counts_count_dont_know_as_0():
    assert level_counts([0, 1, 1, 3, DK]) == {0: 2, 1: 2, 2: 0, 3: 1}
    assert level_counts([]) == {0: 0, 1: 0, 2: 0, 3: 0}


# The suggested maturity table (PRODUCT.md 3.2) --------------------------------------


def table(scores):
    """The table word for word: first matching row wins."""
    scores = [0 if score is DK else score for score in scores]
    n = len(scores)
    m = sum(1 for score in scores if score >= 1)
    s = sum(1 for score in scores if score == 3)
    rows = [
        (5, s > n / 2),
        (4, s >= 2),
        (3, s == 1 and m == n),
        (2, m > n / 2),
        (1, m >= 1),
        (0, True),
    ]
    return next(suggestion for suggestion, when in rows if when)


def domain(n, threes=0, ones=0):
    """n scores: ``threes`` at 3, ``ones`` at 1, the rest 0."""
    return [3] * threes + [1] * ones + [0] * (n - threes - ones)


def edge_cases():
    """For every n from 1 to 8, each row of the table at and just past its edge."""
    for n in range(1, 9):
        half = n // 2
        # 5: s > n/2, and the edge just below it.
        yield n, domain(n, threes=half + 1), 5, "more than half at 3"
        if half >= 2:
            yield n, domain(n, threes=half), 4, "exactly half (or just under) at 3: not 5"
        # 4: s >= 2 while s <= n/2.
        if n >= 4:
            yield n, domain(n, threes=2), 4, "two at 3"
        # 3: s = 1 and m = n; one item short of m = n falls to row 2 or 1.
        if n >= 2:
            yield n, domain(n, threes=1, ones=n - 1), 3, "one at 3, every item at least 1"
            fallback = 2 if 2 * (n - 1) > n else 1
            yield n, domain(n, threes=1, ones=n - 2), fallback, "one at 3, one item at 0"
        # 2: m > n/2; exactly half is 1.
        if n >= 2:
            yield n, domain(n, ones=half + 1), 2, "more than half at least 1"
            yield n, domain(n, ones=half), 1, "half or fewer at least 1"
        else:
            yield n, domain(n, ones=1), 2, "the one item at 1 is more than half"
        # 1: m >= 1.
        if n >= 2:
            yield n, domain(n, ones=1), 1, "one item at 1"
        # 0: nothing in place; don't know counts as 0.
        yield n, domain(n), 0, "every item at 0"
        yield n, [DK] * n, 0, "every item don't know"


EDGES = list(edge_cases())


@pytest.mark.parametrize(
    ("n", "scores", "expected", "why"),
    EDGES,
    ids=[f"n{n}-{expected}-{why.replace(' ', '_')}" for n, _, expected, why in EDGES],
)
def test_suggested_maturity_at_each_edge_of_the_table(n, scores, expected, why):
    assert len(scores) == n
    assert suggest_maturity(scores) == expected
    assert table(scores) == expected


@pytest.mark.parametrize("n", range(1, 9))
def test_suggested_maturity_follows_the_table_for_every_domain_of_n_items(n):
    for scores in combinations_with_replacement([DK, 0, 1, 2, 3], n):
        assert suggest_maturity(list(scores)) == table(scores), scores


def test_every_row_of_the_table_is_reached():
    assert {suggest_maturity(scores) for _, scores, _, _ in EDGES} == {0, 1, 2, 3, 4, 5}


@pytest.mark.parametrize(
    ("scores", "reason"),
    [
        ([3, 3, 3, 0], "3 of 4 items are an area of strength (3): more than half."),
        ([3, 3, 0, 0], "2 of 4 items are an area of strength (3): two or more"),
        ([3, 1, 2, 1], "1 of 4 items is an area of strength (3) and every other item"),
        ([1, 2, 1, 0], "3 of 4 items have at least minimal components"),
        ([1, 0, 0, 0], "1 of 4 items has at least minimal components"),
        ([0, DK, 0], "No item has even minimal components in place."),
    ],
)
def test_suggested_maturity_is_explained_in_words(scores, reason):
    assert reason in explain_maturity(scores)
