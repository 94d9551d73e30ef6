"""Learning curves: how a classifier's scores grow with the number of training articles.

The issue's targets are far from the scores measured so far, and labelling is
the costly lever. A curve over nested subsets of the training articles, fitted
as ``score = a + b * ln(statements)``, says how many labelled statements the
current recipe would need to reach a target, if the trend held. Log-linear
fits are the usual description of fine-tuning curves over this range; they
flatten later, so an extrapolated size is a lower bound, not a promise.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass


def nested_subsets(ids: Sequence[str], fractions: Sequence[float], seed: int = 0) -> dict[float, list[str]]:
    """For each fraction, the first ``ceil(fraction * n)`` ids of one fixed shuffle.

    Nested subsets (each contains the smaller ones) keep the curve about data
    size, not about which articles a fraction happened to draw. Whole articles
    are kept together, as the split is by article.
    """
    if not ids:
        raise ValueError("no training articles to subset")
    bad = [f for f in fractions if not 0 < f <= 1]
    if bad:
        raise ValueError(f"fractions must lie in (0, 1]: got {bad}")
    order = sorted(ids)
    random.Random(seed).shuffle(order)
    return {f: order[: max(1, math.ceil(f * len(order)))] for f in fractions}


@dataclass(frozen=True)
class LogFit:
    """``score = intercept + slope * ln(n)``, fitted by least squares."""

    intercept: float
    slope: float

    def __call__(self, n: float) -> float:
        return self.intercept + self.slope * math.log(n)

    def size_for(self, target: float) -> float | None:
        """Training size at which the fitted curve reaches ``target``; None if it never rises."""
        if self.slope <= 0:
            return None
        return math.exp((target - self.intercept) / self.slope)


def fit_log(sizes: Sequence[float], scores: Sequence[float]) -> LogFit:
    """Least-squares fit of ``score`` against ``ln(size)``; needs two distinct sizes."""
    if len(sizes) != len(scores):
        raise ValueError(f"{len(sizes)} sizes but {len(scores)} scores")
    xs = [math.log(s) for s in sizes]
    if len(set(xs)) < 2:
        raise ValueError("a curve needs at least two distinct training sizes")
    mx, my = sum(xs) / len(xs), sum(scores) / len(scores)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, scores, strict=True)) / sum((x - mx) ** 2 for x in xs)
    return LogFit(my - slope * mx, slope)
