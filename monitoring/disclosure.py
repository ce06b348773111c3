"""Disclosure control: the one place that decides which numbers may leave the app (DESIGN §6).

Used by the monitoring dashboard, the survey statistics and every export (CSV and PDF), so a
figure is protected the same way wherever it is shown.

The rules, and why each one:

1. **No count below 5.** A count of people or their records (requests, cases, consents, advice,
   referrals, walk-in questions, respondents) of 1 to 4 is shown as "<5"; 0 stays 0.
2. **Counts are rounded to a base of 5** (7 → 5, 8 → 10, 12 → 10, 13 → 15), totals included,
   each rounded on its own from the true figure. We chose rounding over secondary suppression:
   the dashboard offers many overlapping views (period × district × location × care provider ×
   kind of question, a month × kind table, the programme coordinator's municipalities side by
   side), and secondary suppression would have to pick complementary hidden cells consistently
   across all of them, which is fragile and blanks most of a small municipality's table. With
   rounding, "total minus the other cells" and "pooled view minus a filtered view" both give only
   a range at least nine wide, never the hidden number: each true count lies within ±2 of what is
   shown. Shares (e.g. share resolved within childcare) are computed from the rounded counts, so
   they carry nothing the rounded counts do not.
3. **Figures that are not counts** (means, medians, percentiles, t-tests) can be subtracted
   exactly (a mean times its n is a sum), so they are shown for a group only when the group has
   at least 5 members AND no offered view can be combined with it to isolate a group of 1 to 4:
   - municipalities: each coordinator sees her own municipality, so a municipality's figure is
     shown from 5; the figure pooled over several municipalities goes through `union_allowed`:
     it is withheld while the municipalities under 5 together number 1 to 4 ("pooled minus
     Hoogeveen" would give Amersfoort's three respondents);
   - the values of one filter (districts, locations, care providers, kinds of question, half
     years) go through `partition_shown`: values under 5 are hidden, and while the hidden values
     together are 1 to 4 (recoverable as "all minus the shown values") the next smallest value is
     hidden too (secondary suppression, on the parts);
   - a filtered view goes through `view_allowed`: for every filter that is set, the view must
     survive `partition_shown` among its siblings (all values of that filter, with the other
     filters applied or left off), so its complement is never 1 to 4.
4. **Activity of professionals** (visits planned and held, walk-in hours held, hours against
   budget) is not about a child or a respondent and is shown exactly.
5. **No drill-down reaches a child:** no figure links to a case or a child, and the finest view
   the filters allow (one location, one care provider, one kind of question, one half year) is
   still subject to rules 1-3.
6. **Open survey answers** leave only in an export that says so in its name and first row, for a
   role in `OPEN_TEXT_ROLES`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.utils.translation import gettext_lazy as _

from accounts.models import Role

MIN_CELL = 5
BASE = 5
SMALL = "<5"
# A part withheld only so that a smaller part cannot be calculated (secondary suppression).
WITHHELD = "×"
# The programme coordinator runs the research (the report quotes open answers); a municipal
# coordinator reads the figures of her own people, not what they wrote.
OPEN_TEXT_ROLES = (Role.PROGRAMME_COORDINATOR,)

EXPLANATION = _(
    "Counts are rounded to a multiple of 5 and counts of 1 to 4 show “<5”, so that no child or small "
    "group can be recognised or calculated from totals. Averages, medians and percentiles are only shown "
    "for groups of at least 5 whose remainder (the rest of the total) is 0 or at least 5 as well; “×” "
    "marks a figure withheld for that reason."
)


def rounded(n: int | None) -> int | None:
    """The count as published, as a number: None for 1-4 (shown "<5"), else the nearest multiple of 5."""
    if n is None:
        return None
    n = int(n)
    if n <= 0:
        return 0
    if n < MIN_CELL:
        return None
    return BASE * ((n + BASE // 2) // BASE)


def count(n: int | None):
    """A count of people or their records as it may be shown: 0, "<5" or a multiple of 5."""
    if n is None:
        return None
    value = rounded(n)
    return SMALL if value is None else value


def share(numerator: int, denominator: int) -> int | None:
    """A percentage computed from the published (rounded) counts; None when either is "<5" or
    the denominator is 0, so a share never reveals more than the counts next to it."""
    num, den = rounded(numerator), rounded(denominator)
    if num is None or not den:
        return None
    return round(100 * num / den)


def small_enough_to_hide(n: int) -> bool:
    return 0 < n < MIN_CELL


def partition_shown(sizes: Mapping) -> set:
    """The parts of a breakdown whose non-count figures may be shown next to the pooled figure.

    A part under 5 is hidden; while the hidden parts together number 1 to 4 (so "pooled minus the
    shown parts" would give them back), the smallest part still shown is hidden as well."""
    shown = {key for key, n in sizes.items() if n >= MIN_CELL}
    hidden_total = sum(n for key, n in sizes.items() if key not in shown)
    while small_enough_to_hide(hidden_total) and shown:
        smallest = min(shown, key=lambda key: (sizes[key], str(key)))
        shown.discard(smallest)
        hidden_total += sizes[smallest]
    return shown


def union_allowed(sizes: Mapping, chosen: Iterable) -> bool:
    """May a non-count figure be shown for a view over several parts taken together (the
    municipalities of a pooled survey round, all municipalities on the programme coordinator's
    dashboard)? Each part is a view of its own (a coordinator sees her municipality), so the
    pooled figure minus the parts of 5 or more gives back the small parts together: they must
    then number 0 or at least 5. A single part is allowed from 5."""
    chosen = set(chosen)
    n = sum(v for key, v in sizes.items() if key in chosen)
    small_parts = sum(v for key, v in sizes.items() if key in chosen and v < MIN_CELL)
    return n >= MIN_CELL and not small_enough_to_hide(small_parts)


def view_allowed(crosstab: Iterable[tuple[Mapping, int]], chosen: Mapping) -> bool:
    """May a non-count figure be shown for the view `chosen` ({dimension: value} of the filters
    that are set)?

    `crosstab` is the population of the widest view (no filters) broken down by every dimension:
    rows of ({dimension: value}, n), one aggregate query. For every set filter d and every subset
    G of the other set filters, the view's value of d must survive `partition_shown` among the
    values of d within G's population: so neither "G minus this view" nor "G minus the other
    shown values of d" isolates 1 to 4 members."""
    rows = [(dict(key), n) for key, n in crosstab]
    dims = [d for d, v in chosen.items() if v is not None]

    def population(filters):
        return sum(n for key, n in rows if all(key.get(d) == chosen[d] for d in filters))

    if population(dims) < MIN_CELL:
        return False
    for d in dims:
        others = [o for o in dims if o != d]
        for mask in range(1 << len(others)):
            fixed = [o for i, o in enumerate(others) if mask >> i & 1]
            sizes: dict = {}
            for key, n in rows:
                if all(key.get(o) == chosen[o] for o in fixed):
                    sizes[key.get(d)] = sizes.get(key.get(d), 0) + n
            if chosen[d] not in partition_shown(sizes):
                return False
    return True


def statistic(value, *, allowed: bool, digits: int = 1):
    """A non-count figure as shown: rounded, or None when the group may not be shown."""
    if not allowed or value is None:
        return None
    return round(value, digits)


def open_text_allowed(user) -> bool:
    """Open survey answers may name people: only these roles may export them, and only in an
    export that says it holds them."""
    from accounts.selectors import has_role

    return has_role(user, *OPEN_TEXT_ROLES)
