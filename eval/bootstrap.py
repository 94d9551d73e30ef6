"""Bootstrap confidence intervals that resample articles, and the paired bootstrap between systems.

Statements of one article are not independent (one author, one event, one
speaker saying several things), so the unit resampled is the article, as
Koehn (2004) resamples sentences for MT. Each resample is a vector of
multiplicities over articles; a statistic is computed on the weighted sum of
the per-article count vectors, which equals pooling the resampled articles.

The weights depend only on the seed and the number of articles, so every
system scored in one run sees the same resamples: the paired bootstrap is the
difference of two replicate arrays.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from tqdm.auto import tqdm

Statistic = Callable[[np.ndarray], dict[str, float]]
ALPHA = 0.05


def resample_weights(n_items: int, n_resamples: int, seed: int) -> np.ndarray:
    """(n_resamples x n_items) multiplicities: each row draws n_items items with replacement."""
    rng = np.random.default_rng(seed)
    if n_items == 0 or n_resamples <= 0:
        return np.zeros((max(n_resamples, 0), n_items), dtype=np.int64)
    return rng.multinomial(n_items, np.full(n_items, 1.0 / n_items), size=n_resamples)


def replicate(
    counts: np.ndarray, weights: np.ndarray, statistic: Statistic, desc: str = "bootstrap"
) -> dict[str, np.ndarray]:
    """The statistic on every resample: name -> array of n_resamples values.

    ``counts`` is (n_items x n_features); a progress bar shows on a terminal.
    """
    pooled = weights @ counts
    values: dict[str, list[float]] = {}
    for row in tqdm(pooled, desc=desc, leave=False, disable=None if len(pooled) >= 200 else True):
        for name, value in statistic(row).items():
            values.setdefault(name, []).append(value)
    return {name: np.asarray(v, dtype=float) for name, v in values.items()}


def percentile_interval(samples: np.ndarray, alpha: float = ALPHA) -> tuple[float, float]:
    """Percentile-method interval; NaN resamples (nothing to judge) are left out."""
    samples = samples[~np.isnan(samples)]
    if not len(samples):
        return float("nan"), float("nan")
    low, high = np.percentile(samples, [100 * alpha / 2, 100 * (1 - alpha / 2)])
    return float(low), float(high)


def confidence_intervals(
    point: dict[str, float], replicates: dict[str, np.ndarray], alpha: float = ALPHA
) -> dict[str, dict[str, float]]:
    """name -> {value, low, high} from a point estimate and its replicates."""
    out = {}
    for name, value in point.items():
        low, high = percentile_interval(replicates[name], alpha) if name in replicates else (np.nan, np.nan)
        out[name] = {"value": value, "low": low, "high": high}
    return out


def bootstrap_ci(
    counts: np.ndarray, statistic: Statistic, n_resamples: int = 1000, seed: int = 0, alpha: float = ALPHA
) -> dict[str, dict[str, float]]:
    """95% (by default) percentile intervals of every figure the statistic returns."""
    weights = resample_weights(len(counts), n_resamples, seed)
    point = statistic(counts.sum(axis=0))
    return confidence_intervals(point, replicate(counts, weights, statistic), alpha)


def paired_difference(
    point_a: dict[str, float],
    point_b: dict[str, float],
    replicates_a: dict[str, np.ndarray],
    replicates_b: dict[str, np.ndarray],
    alpha: float = ALPHA,
) -> dict[str, dict[str, Any]]:
    """A minus B on the same resamples: difference, interval, sign-flip share, and whether it is real.

    ``p_flip`` is the share of resamples whose difference does not keep the
    sign of the observed one (ties count as flips; an observed 0 gives 1.0).
    The difference is called real when its interval excludes 0.
    """
    out = {}
    for name in point_a:
        diff = point_a[name] - point_b[name]
        empty = np.array([])
        samples = replicates_a.get(name, empty) - replicates_b.get(name, empty)
        samples = samples[~np.isnan(samples)]
        low, high = percentile_interval(samples, alpha)
        if np.isnan(diff) or not len(samples):
            p_flip = float("nan")
        elif diff == 0:
            p_flip = 1.0
        else:
            p_flip = float(np.mean(np.sign(samples) != np.sign(diff)))
        out[name] = {
            "diff": float(diff),
            "low": low,
            "high": high,
            "p_flip": p_flip,
            "significant": bool(low > 0 or high < 0),
        }
    return out


def paired_bootstrap(
    counts_a: np.ndarray,
    counts_b: np.ndarray,
    statistic: Statistic,
    n_resamples: int = 1000,
    seed: int = 0,
    alpha: float = ALPHA,
) -> dict[str, dict[str, Any]]:
    """Paired bootstrap of two systems scored on the same articles (rows aligned)."""
    if len(counts_a) != len(counts_b):
        raise ValueError(f"paired bootstrap needs the same articles: {len(counts_a)} vs {len(counts_b)} rows")
    weights = resample_weights(len(counts_a), n_resamples, seed)
    return paired_difference(
        statistic(counts_a.sum(axis=0)),
        statistic(counts_b.sum(axis=0)),
        replicate(counts_a, weights, statistic),
        replicate(counts_b, weights, statistic),
        alpha,
    )
