"""Bootstrap over articles: seeded, intervals around the estimate, paired differences."""

from __future__ import annotations

import numpy as np
import pytest

from eval.bootstrap import bootstrap_ci, paired_bootstrap, resample_weights


def ratio(vector: np.ndarray) -> dict[str, float]:
    """A pooled ratio, like an accuracy: correct / judged."""
    return {"acc": vector[0] / vector[1] if vector[1] else float("nan")}


@pytest.fixture
def articles() -> np.ndarray:
    """(correct, judged) per article for 40 articles."""
    rng = np.random.default_rng(7)
    judged = rng.integers(1, 8, size=40)
    correct = rng.binomial(judged, 0.7)
    return np.column_stack([correct, judged]).astype(float)


def test_weights_resample_every_article_count():
    w = resample_weights(5, 100, seed=3)
    assert w.shape == (100, 5) and (w.sum(axis=1) == 5).all()
    assert np.array_equal(w, resample_weights(5, 100, seed=3))
    assert not np.array_equal(w, resample_weights(5, 100, seed=4))


def test_deterministic_with_seed(articles):
    a = bootstrap_ci(articles, ratio, n_resamples=300, seed=1)
    b = bootstrap_ci(articles, ratio, n_resamples=300, seed=1)
    c = bootstrap_ci(articles, ratio, n_resamples=300, seed=2)
    assert a == b
    assert a["acc"]["low"] != c["acc"]["low"] or a["acc"]["high"] != c["acc"]["high"]


def test_interval_contains_point_estimate(articles):
    ci = bootstrap_ci(articles, ratio, n_resamples=500, seed=0)["acc"]
    assert ci["value"] == pytest.approx(articles[:, 0].sum() / articles[:, 1].sum())
    assert ci["low"] < ci["value"] < ci["high"]
    assert ci["high"] - ci["low"] < 0.3


def test_no_resamples_gives_no_interval(articles):
    ci = bootstrap_ci(articles, ratio, n_resamples=0)["acc"]
    assert np.isnan(ci["low"]) and np.isnan(ci["high"]) and not np.isnan(ci["value"])


def test_paired_bootstrap_against_itself_is_zero(articles):
    d = paired_bootstrap(articles, articles, ratio, n_resamples=200, seed=0)["acc"]
    assert d["diff"] == 0.0 and d["low"] == 0.0 and d["high"] == 0.0
    assert d["significant"] is False and d["p_flip"] == 1.0


def test_paired_bootstrap_sees_a_real_difference(articles):
    better = articles.copy()
    better[:, 0] = np.minimum(better[:, 0] + 1, better[:, 1])  # one more right per article where possible
    d = paired_bootstrap(better, articles, ratio, n_resamples=300, seed=0)["acc"]
    assert d["diff"] > 0 and d["low"] > 0 and d["significant"] is True and d["p_flip"] == 0.0
    reverse = paired_bootstrap(articles, better, ratio, n_resamples=300, seed=0)["acc"]
    assert reverse["diff"] == pytest.approx(-d["diff"]) and reverse["high"] < 0


def test_paired_bootstrap_needs_same_articles(articles):
    with pytest.raises(ValueError, match="same articles"):
        paired_bootstrap(articles, articles[:-1], ratio, n_resamples=10)
