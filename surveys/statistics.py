"""The report's statistics as pure functions on lists of numbers (no Django, no SciPy).

Answers come in as numbers, or as the codes DONT_KNOW / NOT_APPLICABLE, or None (not answered).
Every function that cannot give a number says why: the value is None and `message` explains
("not enough data"), so a page never shows NaN and nothing crashes on a small group.
"""

from __future__ import annotations

import math
import operator
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

DONT_KNOW = "dont_know"
NOT_APPLICABLE = "not_applicable"
MISSING_CODES = (DONT_KNOW, NOT_APPLICABLE)
# A cell, filter or export row resting on fewer respondents than this shows "<5".
MIN_CELL = 5
SMALL_CELL = "<5"

NOT_ENOUGH = _("Not enough data")


def small(count: int | None):
    """A count as it may be shown: 1 to 4 become "<5"."""
    if count is None:
        return None
    return SMALL_CELL if 0 < count < MIN_CELL else count


@dataclass
class ItemSummary:
    n: int
    mean: float | None
    sd: float | None
    frequencies: dict = field(default_factory=dict)
    dont_know: int = 0
    not_applicable: int = 0
    message: str = ""


@dataclass
class Result:
    value: float | None
    message: str = ""
    n: int = 0


@dataclass
class TTest:
    t: float | None
    df: int | None
    p: float | None
    n: int
    mean_difference: float | None
    message: str = ""


def _numbers(values):
    return [float(v) for v in values if v is not None and v not in MISSING_CODES]


def mean(values) -> float | None:
    numbers = _numbers(values)
    return math.fsum(numbers) / len(numbers) if numbers else None


def sample_sd(values) -> float | None:
    """The sample standard deviation (n - 1 in the denominator); None below two numbers."""
    numbers = _numbers(values)
    if len(numbers) < 2:
        return None
    m = math.fsum(numbers) / len(numbers)
    return math.sqrt(math.fsum((x - m) ** 2 for x in numbers) / (len(numbers) - 1))


def describe(values) -> ItemSummary:
    """n, mean, sample SD and frequencies of one item; "don't know" and "not applicable" are
    counted apart and left out of n, the mean and the SD; unanswered (None) is left out of all."""
    answered = [v for v in values if v is not None]
    numbers = _numbers(answered)
    frequencies = Counter(
        (int(x) if float(x).is_integer() else x) for x in numbers
    )
    summary = ItemSummary(
        n=len(numbers),
        mean=mean(numbers),
        sd=sample_sd(numbers),
        frequencies=dict(sorted(frequencies.items())),
        dont_know=sum(1 for v in answered if v == DONT_KNOW),
        not_applicable=sum(1 for v in answered if v == NOT_APPLICABLE),
    )
    if summary.n == 0:
        summary.message = str(_("Not enough data: nobody gave a score."))
    elif summary.sd is None:
        summary.message = str(_("Not enough data: a standard deviation needs at least two scores."))
    return summary


def listwise(rows):
    """The rows (one per respondent, one value per item) that have a number for every item."""
    complete = []
    for row in rows:
        if row and all(v is not None and v not in MISSING_CODES for v in row):
            complete.append([float(v) for v in row])
    return complete


def scale_scores(rows) -> list[float]:
    """The unweighted item mean per respondent who answered every item of the scale."""
    return [math.fsum(row) / len(row) for row in listwise(rows)]


def covariance_matrix(rows) -> list[list[float]]:
    """Sample covariances (n - 1) between the columns of complete rows."""
    n = len(rows)
    k = len(rows[0])
    means = [math.fsum(row[j] for row in rows) / n for j in range(k)]
    # The deviations once per column, and each pair once (c_ij = c_ji: a product does not depend
    # on its order): the same figures as summing every cell, in a fraction of the time.
    deviations = [[row[j] - means[j] for row in rows] for j in range(k)]
    matrix = [[0.0] * k for _ in range(k)]
    for i in range(k):
        for j in range(i, k):
            matrix[i][j] = matrix[j][i] = math.fsum(map(operator.mul, deviations[i], deviations[j])) / (n - 1)
    return matrix


def guttman_lambda2(rows) -> Result:
    """Guttman's lambda-2 on the covariance matrix of the respondents with every item answered:

        lambda2 = (sum_{i != j} c_ij + sqrt(k / (k - 1) * sum_{i != j} c_ij^2)) / sum_{i, j} c_ij

    where c is the k x k covariance matrix and the denominator is the variance of the sum score.
    """
    complete = listwise(rows)
    n = len(complete)
    if n < 2:
        return Result(None, str(_("Not enough data: reliability needs at least two complete respondents.")), n)
    k = len(complete[0])
    if k < 2:
        return Result(None, str(_("Not enough data: reliability needs at least two items.")), n)
    c = covariance_matrix(complete)
    total = math.fsum(math.fsum(row) for row in c)
    if total <= 0:
        return Result(None, str(_("Not enough data: the scale scores do not vary.")), n)
    off = [c[i][j] for i in range(k) for j in range(k) if i != j]
    value = (math.fsum(off) + math.sqrt(k / (k - 1) * math.fsum(x * x for x in off))) / total
    return Result(value, "", n)


def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (modified Lentz)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 500):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return h


def regularized_incomplete_beta(a: float, b: float, x: float) -> float:
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    front = math.exp(log_front)
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def t_two_sided_p(t: float, df: int) -> float:
    """P(|T| >= |t|) for Student's t with df degrees of freedom: I_{df/(df+t^2)}(df/2, 1/2)."""
    return regularized_incomplete_beta(df / 2.0, 0.5, df / (df + t * t))


def paired_t_test(before, after) -> TTest:
    """Paired t-test on the complete pairs, in SPSS's pair order: the difference is before - after
    (the first variable of the pair minus the second), so growth gives a NEGATIVE t, as the
    research report prints it (t = -8.70, df = 102). df = n - 1, p two-sided; mean_difference is
    before - after too."""
    pairs = [
        (float(b), float(a)) for b, a in zip(before, after, strict=True)
        if b is not None and a is not None and b not in MISSING_CODES and a not in MISSING_CODES
    ]
    n = len(pairs)
    if n < 2:
        return TTest(None, None, None, n, None, str(_("Not enough data: a paired t-test needs at least two pairs.")))
    diffs = [b - a for b, a in pairs]
    mean_diff = math.fsum(diffs) / n
    sd = math.sqrt(math.fsum((d - mean_diff) ** 2 for d in diffs) / (n - 1))
    if sd == 0:
        return TTest(None, n - 1, None, n, mean_diff,
                     str(_("Not enough data: every pair differs by the same amount, so t is undefined.")))
    t = mean_diff / (sd / math.sqrt(n))
    return TTest(t, n - 1, t_two_sided_p(t, n - 1), n, mean_diff, "")
