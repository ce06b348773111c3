"""The report's statistics checked against computations independent of surveys/statistics.py:
a hand-worked lambda-2, Cronbach's alpha written out here with NumPy, and SciPy's paired t-test
(the product does not use SciPy)."""

import math
import random

import numpy as np
import pytest
from django.utils import translation
from scipy import stats as scipy_stats

from surveys import statistics as st


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_mean_and_sample_sd_match_numpy_on_generated_data():
    rng = random.Random(8)
    for _ in range(50):
        values = [rng.randint(1, 5) for _ in range(rng.randint(2, 40))]
        summary = st.describe(values)
        assert summary.n == len(values)
        assert summary.mean == pytest.approx(np.mean(values))
        assert summary.sd == pytest.approx(np.std(values, ddof=1))


def test_dont_know_and_not_applicable_are_counted_apart_and_left_out_of_the_mean():
    summary = st.describe([5, 4, st.DONT_KNOW, None, 3, st.NOT_APPLICABLE, st.DONT_KNOW])
    assert summary.n == 3
    assert summary.mean == pytest.approx(4.0)
    assert summary.sd == pytest.approx(1.0)
    assert summary.dont_know == 2
    assert summary.not_applicable == 1
    assert summary.frequencies == {3: 1, 4: 1, 5: 1}


@pytest.mark.parametrize("values", [[], [None], [st.DONT_KNOW, st.DONT_KNOW], [4]])
def test_too_few_scores_give_not_enough_data_not_nan(values):
    summary = st.describe(values)
    assert summary.sd is None
    assert "Not enough data" in summary.message
    assert summary.mean is None or not math.isnan(summary.mean)


def test_scale_scores_are_listwise_item_means():
    rows = [[1, 2, 3], [4, st.DONT_KNOW, 4], [5, 5, 5], [2, None, 2]]
    assert st.listwise(rows) == [[1, 2, 3], [5, 5, 5]]
    assert st.scale_scores(rows) == [2.0, 5.0]


def test_lambda2_hand_worked_example():
    # Three respondents, three items:
    #   r1 = (1, 2, 2), r2 = (2, 2, 3), r3 = (3, 5, 4); item means 2, 3, 3.
    # Deviations: item1 (-1, 0, 1); item2 (-1, -1, 2); item3 (-1, 0, 1). Covariances (n - 1 = 2):
    #   var1 = 2/2 = 1, var2 = 6/2 = 3, var3 = 2/2 = 1,
    #   c12 = (1 + 0 + 2)/2 = 1.5, c13 = (1 + 0 + 1)/2 = 1, c23 = (1 + 0 + 2)/2 = 1.5.
    # Total variance = sum of all entries = (1 + 3 + 1) + 2 * (1.5 + 1 + 1.5) = 5 + 8 = 13.
    # Off-diagonal sum = 8; sum of squared off-diagonals = 2 * (2.25 + 1 + 2.25) = 11.
    # lambda2 = (8 + sqrt(3/2 * 11)) / 13 = (8 + sqrt(16.5)) / 13.
    rows = [[1, 2, 2], [2, 2, 3], [3, 5, 4]]
    result = st.guttman_lambda2(rows)
    assert result.value == pytest.approx((8 + math.sqrt(16.5)) / 13)
    assert result.value == pytest.approx(0.9279, abs=1e-4)
    assert result.n == 3


def cronbach_alpha(matrix):
    """Independent implementation: alpha = k/(k-1) * (1 - sum of item variances / variance of sums)."""
    data = np.asarray(matrix, dtype=float)
    k = data.shape[1]
    return k / (k - 1) * (1 - data.var(axis=0, ddof=1).sum() / data.sum(axis=1).var(ddof=1))


def test_lambda2_is_never_below_cronbachs_alpha_on_generated_data():
    rng = np.random.default_rng(2020)
    for _ in range(200):
        n, k = rng.integers(5, 60), rng.integers(2, 10)
        trait = rng.normal(size=(n, 1))
        data = np.clip(np.rint(3 + trait * rng.uniform(0, 1.5) + rng.normal(scale=1.0, size=(n, k))), 1, 5)
        if data.sum(axis=1).var(ddof=1) == 0:
            continue
        lam = st.guttman_lambda2(data.tolist()).value
        assert lam >= cronbach_alpha(data) - 1e-12


@pytest.mark.parametrize("rows", [
    [[3, 4, 5]],                           # one respondent
    [[3, 3, 3], [3, 3, 3], [3, 3, 3]],     # zero variance
    [[st.DONT_KNOW, 4], [st.DONT_KNOW, 5]],  # nobody complete
    [[1], [2], [3]],                       # one item
])
def test_lambda2_edge_cases_give_not_enough_data(rows):
    result = st.guttman_lambda2(rows)
    assert result.value is None
    assert "Not enough data" in result.message


def test_paired_t_test_matches_scipy_on_generated_data():
    rng = random.Random(102)
    for _ in range(100):
        n = rng.randint(3, 120)
        before = [rng.randint(1, 5) for _ in range(n)]
        after = [min(5, b + rng.choice([0, 0, 1, 1, 2, -1])) for b in before]
        if len({a - b for a, b in zip(after, before, strict=True)}) == 1:
            continue
        result = st.paired_t_test(before, after)
        # SPSS's pair order, as the report: the first of the pair (before) minus the second (now).
        expected = scipy_stats.ttest_rel(before, after)
        assert result.t == pytest.approx(expected.statistic, rel=1e-9)
        assert result.df == n - 1
        assert result.p == pytest.approx(expected.pvalue, rel=1e-7, abs=1e-300)


def test_paired_t_test_uses_complete_pairs_only():
    before = [3, 2, None, 4, st.DONT_KNOW, 1, 2]
    after = [4, 4, 5, 4, 5, 3, 3]
    result = st.paired_t_test(before, after)
    expected = scipy_stats.ttest_rel([3, 2, 4, 1, 2], [4, 4, 4, 3, 3])
    assert result.n == 5
    assert result.t == pytest.approx(expected.statistic)
    assert result.p == pytest.approx(expected.pvalue)


@pytest.mark.parametrize("before, after", [
    ([3], [4]),                       # one pair
    ([3, 2, 4], [4, 3, 5]),           # every difference the same: no variance
    ([st.DONT_KNOW] * 3, [4, 4, 4]),  # all "don't know"
])
def test_paired_t_test_edge_cases_give_not_enough_data(before, after):
    result = st.paired_t_test(before, after)
    assert result.t is None and result.p is None
    assert "Not enough data" in result.message


def test_small_cells_show_less_than_five():
    assert [st.small(n) for n in (0, 1, 4, 5, 12)] == [0, "<5", "<5", 5, 12]


def test_growth_gives_a_negative_t_as_the_report_prints_it():
    """The report: competences grew from before to now and it prints t = -8.70, df = 102 (SPSS
    subtracts the second variable of a pair from the first: before - now)."""
    rng = random.Random(8)
    before = [rng.choice([2, 3, 3, 4]) for _ in range(103)]
    after = [min(5, b + rng.choice([0, 1, 1, 1, 2])) for b in before]
    result = st.paired_t_test(before, after)
    assert result.df == 102
    assert result.t < 0
    assert result.mean_difference < 0
    assert result.t == pytest.approx(scipy_stats.ttest_rel(before, after).statistic)
