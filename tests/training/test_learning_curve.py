import math

import pytest

from training.learning_curve import fit_log, nested_subsets


def test_subsets_are_nested_and_sized_by_fraction():
    ids = [f"a{i:02d}" for i in range(10)]
    subsets = nested_subsets(ids, [0.25, 0.5, 1.0], seed=3)
    assert [len(subsets[f]) for f in (0.25, 0.5, 1.0)] == [3, 5, 10]
    assert set(subsets[0.25]) <= set(subsets[0.5]) <= set(subsets[1.0]) == set(ids)


def test_subsets_do_not_depend_on_input_order_but_on_seed():
    ids = [f"a{i:02d}" for i in range(20)]
    assert nested_subsets(ids, [0.5], seed=1) == nested_subsets(list(reversed(ids)), [0.5], seed=1)
    assert nested_subsets(ids, [0.5], seed=1) != nested_subsets(ids, [0.5], seed=2)


@pytest.mark.parametrize("bad", [0.0, 1.5, -0.2])
def test_fractions_outside_zero_one_are_refused(bad):
    with pytest.raises(ValueError, match="fractions"):
        nested_subsets(["a", "b"], [bad])


def test_log_fit_recovers_a_known_curve_and_inverts_it():
    sizes = [100, 200, 400, 800]
    fit = fit_log(sizes, [0.5 + 0.05 * math.log(n) for n in sizes])
    assert fit.slope == pytest.approx(0.05)
    assert fit.intercept == pytest.approx(0.5)
    assert fit.size_for(0.5 + 0.05 * math.log(3200)) == pytest.approx(3200)


def test_a_flat_or_falling_curve_never_reaches_a_target():
    assert fit_log([100, 200], [0.8, 0.7]).size_for(0.9) is None


def test_fit_needs_two_distinct_sizes():
    with pytest.raises(ValueError, match="two distinct"):
        fit_log([100, 100], [0.5, 0.6])
