"""Scores used while training: early stopping, threshold tuning, the model card.

The evaluation harness (``eval/``) reports the same figures with intervals;
these are the plain point estimates the trainer needs on dev and test.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.metrics import accuracy_score, f1_score


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def tune_thresholds(probs: np.ndarray, gold: np.ndarray, grid: Sequence[float] | None = None) -> np.ndarray:
    """Per-label decision thresholds that maximise each label's F1 on the given (dev) data.

    Ties go to the threshold nearest 0.5, so a label with flat scores keeps the default.
    """
    grid = np.round(np.arange(0.05, 0.96, 0.05), 2) if grid is None else np.asarray(grid)
    best = np.full(probs.shape[1], 0.5)
    for j in range(probs.shape[1]):
        scores = [f1_score(gold[:, j], probs[:, j] >= t, zero_division=0) for t in grid]
        top = max(scores)
        candidates = [t for t, s in zip(grid, scores, strict=True) if s == top]
        best[j] = min(candidates, key=lambda t: abs(t - 0.5))
    return best


def theme_scores(pred: np.ndarray, gold: np.ndarray, names: Sequence[str]) -> dict[str, float]:
    """Micro and macro F1 of multi-label predictions, and each label's F1."""
    out = {
        "micro_f1": float(f1_score(gold, pred, average="micro", zero_division=0)),
        "macro_f1": float(f1_score(gold, pred, average="macro", zero_division=0)),
    }
    for j, name in enumerate(names):
        out[f"f1_{name}"] = float(f1_score(gold[:, j], pred[:, j], zero_division=0))
    return out


def stance_scores(
    pred: np.ndarray, gold: np.ndarray, names: Sequence[str], polar: Sequence[str] | None = None
) -> dict[str, float]:
    """Accuracy, macro-F1, each class's F1 and F_avg (mean F1 of the taxonomy's polar stances, SemEval-2016)."""
    labels = list(range(len(names)))
    per_class = f1_score(gold, pred, labels=labels, average=None, zero_division=0)
    out = {
        "accuracy": float(accuracy_score(gold, pred)),
        "macro_f1": float(np.mean(per_class)),
    }
    for name, f in zip(names, per_class, strict=True):
        out[f"f1_{name}"] = float(f)
    if polar is None:
        from toolkit.taxonomy import load_taxonomy

        polar = load_taxonomy().polar_stances
    polar_f1 = [out[f"f1_{n}"] for n in polar if n in names]
    if polar_f1:
        out["f_avg"] = float(np.mean(polar_f1))
    return out
