"""Scores of one system from counts: precision/recall/F1, accuracies, confusion matrices.

Every figure is a function of additive per-article counts (``Counts``). Adding
counts and then computing the figure is exactly what pooling the statements
does, and it lets the bootstrap resample articles by summing their count
vectors with multiplicities instead of re-matching anything.

Zero-division follows scikit-learn's ``zero_division=0`` for precision, recall
and F1. A figure with nothing to judge (an accuracy over no pairs, the F1 of a
label absent from gold and predictions) is NaN, reported as null, because 0.0
would claim that every judgement was wrong.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from toolkit.schema import Statement
from toolkit.taxonomy import Taxonomy, load_taxonomy

SCALARS = (
    "n_gold",
    "n_pred",
    "matched",
    "exact",
    "speaker_judged",
    "speaker_correct",
    "affiliation_judged",
    "affiliation_correct",
    "fully_right",
    "theme_judged",
)
THEME_CELLS = ("tp", "fp", "fn", "tn")
HEADLINE = ("statement_f1", "exact_f1", "speaker_accuracy", "theme_micro_f1", "stance_macro_f1", "stance_f_avg")


@dataclass(frozen=True)
class Labels:
    """The label sets scored, in taxonomy order, and the stances that F_avg averages.

    SemEval-2016's F_avg is the mean F1 of the two polar stances, leaving out
    the neutral one; the taxonomy names them (``polar_stances``).
    """

    themes: tuple[str, ...]
    stances: tuple[str, ...]
    f_avg: tuple[str, ...]

    @classmethod
    def from_taxonomy(cls, taxonomy: Taxonomy | None = None) -> Labels:
        taxonomy = taxonomy or load_taxonomy()
        return cls(tuple(taxonomy.theme_names), tuple(taxonomy.stances), tuple(taxonomy.polar_stances))


@dataclass
class Counts:
    """Additive statistics of one system on some articles, stored as one flat vector.

    Layout: the ``SCALARS``, then a (themes x ``THEME_CELLS``) block, then the
    stance confusion matrix, gold rows by predicted columns plus a last
    column for a matched statement that got no stance at all.
    """

    labels: Labels
    vector: np.ndarray = field(default=None)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self.vector is None:
            self.vector = np.zeros(self.size(self.labels))

    @staticmethod
    def size(labels: Labels) -> int:
        n_s = len(labels.stances)
        return len(SCALARS) + len(labels.themes) * len(THEME_CELLS) + n_s * (n_s + 1)

    def __getitem__(self, name: str) -> float:
        return float(self.vector[SCALARS.index(name)])

    def add(self, name: str, value: float = 1) -> None:
        self.vector[SCALARS.index(name)] += value

    @property
    def themes(self) -> np.ndarray:
        """(themes x [tp, fp, fn, tn]) view."""
        start = len(SCALARS)
        return self.vector[start : start + len(self.labels.themes) * 4].reshape(len(self.labels.themes), 4)

    @property
    def stance(self) -> np.ndarray:
        """(gold stance x predicted stance + [none]) view."""
        n_s = len(self.labels.stances)
        start = len(SCALARS) + len(self.labels.themes) * 4
        return self.vector[start:].reshape(n_s, n_s + 1)

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.labels, self.vector + other.vector)


def safe_div(num: float, den: float) -> float:
    return float(num) / float(den) if den else 0.0


def prf(tp: float, fp: float, fn: float) -> dict[str, float]:
    """Precision, recall and F1 from counts; 0.0 where a denominator is 0."""
    precision, recall = safe_div(tp, tp + fp), safe_div(tp, tp + fn)
    return {"precision": precision, "recall": recall, "f1": safe_div(2 * precision * recall, precision + recall)}


def accuracy(correct: float, judged: float) -> float:
    return float(correct) / float(judged) if judged else float("nan")


def normalize_name(name: str | None) -> str | None:
    """Case- and space-insensitive form of a speaker or affiliation: ``" wang  YI"`` equals ``"Wang Yi"``."""
    return " ".join(name.split()).casefold() if name is not None else None


def add_pair(counts: Counts, gold: Statement, pred: Statement | None, judge_attribution: bool = True) -> None:
    """Judge one gold statement against its paired prediction (``None``: no prediction for it).

    Speaker, affiliation, themes and stance are counted; ``fully_right`` needs
    a prediction, the same speaker, the same theme set and the same stance.
    """
    labels = counts.labels
    speaker_ok = False
    if judge_attribution and gold.speaker is not None:
        speaker_ok = pred is not None and normalize_name(pred.speaker) == normalize_name(gold.speaker)
        counts.add("speaker_judged")
        counts.add("speaker_correct", speaker_ok)
    if judge_attribution and gold.affiliation is not None:
        counts.add("affiliation_judged")
        counts.add(
            "affiliation_correct",
            pred is not None and normalize_name(pred.affiliation) == normalize_name(gold.affiliation),
        )

    gold_themes, pred_themes = set(gold.themes), set(pred.themes if pred is not None else ())
    counts.add("theme_judged")
    for k, theme in enumerate(labels.themes):
        g, p = theme in gold_themes, theme in pred_themes
        counts.themes[k, 0 if g and p else 1 if p else 2 if g else 3] += 1

    if gold.stance is not None:
        row = labels.stances.index(gold.stance)
        pred_stance = pred.stance if pred is not None else None
        col = labels.stances.index(pred_stance) if pred_stance in labels.stances else len(labels.stances)
        counts.stance[row, col] += 1

    if pred is not None and speaker_ok and gold_themes == pred_themes and gold.stance == pred.stance:
        counts.add("fully_right")


def statement_metrics(counts: Counts) -> dict[str, Any]:
    """Span-level P/R/F1: Jaccard-matched and exact (identical start and end)."""
    n_gold, n_pred = counts["n_gold"], counts["n_pred"]
    out: dict[str, Any] = {"n_gold": int(n_gold), "n_pred": int(n_pred), "matched": int(counts["matched"])}
    out.update(prf(counts["matched"], n_pred - counts["matched"], n_gold - counts["matched"]))
    exact = {"matched": int(counts["exact"])}
    exact.update(prf(counts["exact"], n_pred - counts["exact"], n_gold - counts["exact"]))
    out["exact"] = exact
    return out


def attribution_metrics(counts: Counts) -> dict[str, Any]:
    """Speaker and affiliation accuracy on judged pairs; the rate of fully right statements over gold."""
    return {
        "speaker_accuracy": accuracy(counts["speaker_correct"], counts["speaker_judged"]),
        "speaker_judged": int(counts["speaker_judged"]),
        "affiliation_accuracy": accuracy(counts["affiliation_correct"], counts["affiliation_judged"]),
        "affiliation_judged": int(counts["affiliation_judged"]),
        "fully_right": int(counts["fully_right"]),
        "fully_right_rate": accuracy(counts["fully_right"], counts["n_gold"]),
    }


def _label_prf(tp: float, fp: float, fn: float) -> dict[str, float]:
    """P/R/F1 of one label; NaN for a label absent from gold and predictions alike.

    Such a label was never tested, so reporting 0.0 would read as a failure.
    """
    if tp + fp + fn == 0:
        return {"precision": float("nan"), "recall": float("nan"), "f1": float("nan")}
    return prf(tp, fp, fn)


def _macro(per_label: dict[str, dict[str, float]]) -> float:
    """Mean F1 over labels seen in gold or predictions (scikit-learn's default label set)."""
    f1s = [m["f1"] for m in per_label.values() if not np.isnan(m["f1"])]
    return float(np.mean(f1s)) if f1s else 0.0


def theme_summary(counts: Counts) -> dict[str, Any]:
    """Per-theme P/R/F1, support and 2x2 confusion ([[tn, fp], [fn, tp]]), micro and macro F1."""
    cells = counts.themes
    per_label = {}
    for theme, (tp, fp, fn, tn) in zip(counts.labels.themes, cells, strict=True):
        per_label[theme] = _label_prf(tp, fp, fn) | {
            "support": int(tp + fn),
            "confusion": [[int(tn), int(fp)], [int(fn), int(tp)]],
        }
    tp, fp, fn = cells[:, 0].sum(), cells[:, 1].sum(), cells[:, 2].sum()
    return {
        "per_label": per_label,
        "micro": prf(tp, fp, fn),
        "macro_f1": _macro(per_label),
        "n_pairs": int(counts["theme_judged"]),
    }


def stance_summary(counts: Counts) -> dict[str, Any]:
    """Per-class P/R/F1, accuracy, macro-F1, F_avg and the confusion matrix (gold rows, predicted columns)."""
    labels = counts.labels
    matrix = counts.stance
    n_s = len(labels.stances)
    per_label = {}
    for k, stance in enumerate(labels.stances):
        tp = matrix[k, k]
        per_label[stance] = _label_prf(tp, matrix[:, k].sum() - tp, matrix[k, :].sum() - tp) | {
            "support": int(matrix[k, :].sum())
        }
    # F_avg as SemEval-2016 scores it: a polar class that never occurs counts 0, not "undefined".
    f_avg = [np.nan_to_num(per_label[s]["f1"]) for s in labels.f_avg]
    return {
        "per_label": per_label,
        "accuracy": accuracy(np.trace(matrix[:, :n_s]), matrix.sum()),
        "macro_f1": _macro(per_label),
        "f_avg": float(np.mean(f_avg)) if f_avg else 0.0,
        "f_avg_labels": list(labels.f_avg),
        "confusion": {"labels": list(labels.stances), "matrix": matrix[:, :n_s].astype(int).tolist()},
        "unlabelled": int(matrix[:, n_s].sum()),
        "n_pairs": int(matrix.sum()),
    }


def summarize(counts: Counts) -> dict[str, Any]:
    """Every figure of one system."""
    return {
        "statements": statement_metrics(counts),
        "attribution": attribution_metrics(counts),
        "themes": theme_summary(counts),
        "stance": stance_summary(counts),
    }


def headline(counts: Counts) -> dict[str, float]:
    """The figures that get confidence intervals: the ``HEADLINE`` ones plus per-label F1 (for error bars)."""
    summary = summarize(counts)
    out = {
        "statement_f1": summary["statements"]["f1"],
        "exact_f1": summary["statements"]["exact"]["f1"],
        "speaker_accuracy": summary["attribution"]["speaker_accuracy"],
        "theme_micro_f1": summary["themes"]["micro"]["f1"],
        "stance_macro_f1": summary["stance"]["macro_f1"],
        "stance_f_avg": summary["stance"]["f_avg"],
    }
    for kind in ("themes", "stance"):
        for label, scores in summary[kind]["per_label"].items():
            out[f"{kind}/{label}/f1"] = scores["f1"]
    return out


def stance_metrics(gold: Sequence[str], pred: Sequence[str | None], labels: Labels) -> dict[str, Any]:
    """Stance figures for parallel label lists (``None``: no stance predicted)."""
    counts = Counts(labels)
    for g, p in zip(gold, pred, strict=True):
        add_pair(counts, Statement(start=0, end=0, text="", stance=g), Statement(start=0, end=0, text="", stance=p))
    return stance_summary(counts)


def theme_metrics(gold: Sequence[Iterable[str]], pred: Sequence[Iterable[str]], labels: Labels) -> dict[str, Any]:
    """Multi-label theme figures for parallel lists of theme sets."""
    counts = Counts(labels)
    for g, p in zip(gold, pred, strict=True):
        add_pair(
            counts,
            Statement(start=0, end=0, text="", themes=list(g)),
            Statement(start=0, end=0, text="", themes=list(p)),
        )
    return theme_summary(counts)


def reliability(confidence: Sequence[float], correct: Sequence[bool], n_bins: int = 10) -> dict[str, Any]:
    """Reliability bins (equal width on [0, 1]) and the expected calibration error.

    ECE is the support-weighted mean gap between a bin's accuracy and its mean
    confidence: a well-calibrated 0.9 is right nine times in ten.
    """
    conf = np.clip(np.asarray(confidence, dtype=float), 0.0, 1.0)
    ok = np.asarray(correct, dtype=float)
    which = np.minimum((conf * n_bins).astype(int), n_bins - 1)
    bins, ece = [], 0.0
    for b in range(n_bins):
        mask = which == b
        n = int(mask.sum())
        mean_conf = float(conf[mask].mean()) if n else None
        acc = float(ok[mask].mean()) if n else None
        if n:
            ece += n / len(conf) * abs(acc - mean_conf)
        bins.append({"low": b / n_bins, "high": (b + 1) / n_bins, "count": n, "confidence": mean_conf, "accuracy": acc})
    return {"bins": bins, "ece": ece if len(conf) else None, "n": int(len(conf))}
