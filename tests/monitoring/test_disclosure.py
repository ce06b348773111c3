"""The rules of monitoring/disclosure.py, on numbers worked out by hand."""

import itertools

import pytest

from monitoring import disclosure as d


@pytest.mark.parametrize("n, shown", [(0, 0), (1, "<5"), (4, "<5"), (5, 5), (7, 5), (8, 10), (12, 10), (13, 15),
                                      (19, 20), (22, 20), (103, 105)])
def test_counts_are_rounded_to_base_five_and_small_ones_say_less_than_five(n, shown):
    assert d.count(n) == shown


def test_a_share_is_computed_from_the_published_counts():
    assert d.share(12, 15) == round(100 * 10 / 15)  # 12 → 10, 15 → 15
    assert d.share(3, 20) is None                   # "<5" of 20: no share
    assert d.share(0, 0) is None
    assert d.share(0, 8) == 0


def interval(shown):
    """What a reader knows of the true count behind a shown value."""
    if shown == d.SMALL:
        return range(1, 5)
    if shown == 0:
        return range(0, 1)
    return range(max(shown - 2, d.MIN_CELL), shown + 3)


def recoverable(total, others):
    """The values the hidden cell can have, knowing the shown total and the other shown cells
    (every combination of true values consistent with what is shown)."""
    results = set()
    for t in interval(total):
        for combo in itertools.product(*(interval(o) for o in others)):
            rest = t - sum(combo)
            if rest >= 0:
                results.add(rest)
    return results


def test_a_hidden_cell_cannot_be_recovered_from_the_total():
    # Today's flaw: n = 19 shown exactly, the other cells 11 and 7 exactly: the hidden cell is 1.
    cells = [11, 7, 1]
    total = sum(cells)
    assert total - 11 - 7 == 1  # what "n minus the others" gave before
    shown_total, shown = d.count(total), [d.count(c) for c in cells]
    assert shown == [10, 5, "<5"] and shown_total == 20
    possible = recoverable(shown_total, shown[:2])
    assert len(possible & set(range(1, 5))) > 1  # several small values fit: none is given away


@pytest.mark.parametrize("cells", [[5, 1], [6, 2], [12, 3, 4], [30, 20, 1], [8, 7, 2, 1], [9, 9, 9, 4]])
def test_no_combination_of_cells_pins_a_small_cell(cells):
    total = d.count(sum(cells))
    shown = [d.count(c) for c in cells]
    for i, cell in enumerate(cells):
        if 0 < cell < d.MIN_CELL:
            possible = recoverable(total, shown[:i] + shown[i + 1:]) & set(range(1, 5))
            assert len(possible) > 1, (cells, i, possible)


def test_partition_hides_the_next_smallest_part_while_the_hidden_ones_are_fewer_than_five():
    assert d.partition_shown({"a": 20, "b": 7, "c": 3}) == {"a"}          # b hidden too: 3 + 7
    assert d.partition_shown({"a": 20, "b": 7, "c": 3, "d": 2}) == {"a", "b"}  # 3 + 2 = 5 hidden already
    assert d.partition_shown({"a": 5, "b": 3}) == set()
    assert d.partition_shown({"a": 5, "b": 0}) == {"a"}


def test_a_pooled_figure_is_withheld_while_the_small_municipalities_number_one_to_four():
    assert not d.union_allowed({"Hoogeveen": 5, "Amersfoort": 3}, {"Hoogeveen", "Amersfoort"})
    assert d.union_allowed({"Hoogeveen": 5, "Amersfoort": 3}, {"Hoogeveen"})
    assert d.union_allowed({"H": 5, "A": 3, "X": 2}, {"H", "A", "X"})  # the small ones are 5 together
    assert not d.union_allowed({"A": 3}, {"A"})


def test_a_filtered_view_whose_siblings_would_give_a_small_group_away_is_withheld():
    rows = [({"kind": "behaviour", "district": 1}, 7), ({"kind": "development", "district": 2}, 12),
            ({"kind": "parents", "district": 2}, 3)]
    # "all minus development" = behaviour + parents; "all minus development minus behaviour" = parents (3).
    assert not d.view_allowed(rows, {"kind": "behaviour"})
    assert d.view_allowed(rows, {"kind": "development"})  # the rest (7 + 3) is 10
    assert not d.view_allowed(rows, {"kind": "parents"})
    # District 2 = development + parents: the kind filter within it leaves parents' 3.
    assert not d.view_allowed(rows, {"district": 2, "kind": "development"})
    assert d.view_allowed(rows, {"district": 2})
    assert d.view_allowed(rows, {})
