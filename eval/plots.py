"""Figures for the HTML report, rendered with the Agg backend and returned as base64 PNG.

Figures are built on ``matplotlib.figure.Figure`` with an explicit Agg
canvas, never through ``pyplot``: no global figure state, no GUI backend, safe
on a headless machine and in tests, and nothing to close afterwards.
"""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure


def _figure(width: float, height: float) -> Figure:
    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def to_base64(fig: Figure) -> str:
    """The figure as a base64 PNG, for a ``data:image/png;base64,`` URI."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return base64.b64encode(buf.getvalue()).decode("ascii")


def confusion_plot(matrices: Mapping[str, Sequence[Sequence[int]]], labels: Sequence[str], title: str) -> str:
    """One annotated confusion matrix per system, side by side (gold rows, predicted columns)."""
    n = max(len(matrices), 1)
    fig = _figure(3.2 * n + 0.5, 3.4)
    axes = fig.subplots(1, n, squeeze=False)[0]
    for ax, (name, matrix) in zip(axes, matrices.items(), strict=False):
        m = np.asarray(matrix, dtype=float)
        ax.imshow(m, cmap="Blues", vmin=0, vmax=max(m.max(), 1))
        ax.set_xticks(range(len(labels)), labels, rotation=30, ha="right")
        ax.set_yticks(range(len(labels)), labels)
        ax.set_xlabel("predicted")
        ax.set_ylabel("gold")
        ax.set_title(name, fontsize=9)
        for (i, j), v in np.ndenumerate(m):
            ax.text(j, i, str(int(v)), ha="center", va="center", color="white" if v > m.max() / 2 else "black")
    fig.suptitle(title)
    return to_base64(fig)


def f1_bars(scores: Mapping[str, Mapping[str, Mapping[str, float]]], labels: Sequence[str], title: str) -> str:
    """Grouped F1 bars per label, one bar per system, with the bootstrap interval as error bars.

    ``scores`` maps system -> label -> {value, low, high}; a missing or NaN
    interval draws no error bar.
    """
    fig = _figure(max(4.0, 1.1 * len(labels) * max(len(scores), 1) ** 0.5 + 2), 3.2)
    ax = fig.subplots()
    width = 0.8 / max(len(scores), 1)
    x = np.arange(len(labels))
    for k, (name, per_label) in enumerate(scores.items()):
        values = np.array([per_label[lab]["value"] for lab in labels], dtype=float)
        low = np.array([per_label[lab].get("low", math.nan) for lab in labels], dtype=float)
        high = np.array([per_label[lab].get("high", math.nan) for lab in labels], dtype=float)
        err = np.vstack([np.nan_to_num(values - low), np.nan_to_num(high - values)]).clip(min=0)
        ax.bar(x + (k - (len(scores) - 1) / 2) * width, values, width, yerr=err, capsize=3, label=name)
    ax.set_xticks(x, labels)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("F1")
    ax.set_title(title)
    if scores:
        ax.legend(fontsize=8)
    return to_base64(fig)


def calibration_plot(reliability: Mapping[str, Mapping]) -> str:
    """Reliability diagram of stance scores (accuracy per confidence bin) beside the confidence histogram.

    Both panels come from the reliability bins alone (their mean confidence,
    accuracy and count), so the figure can be redrawn from report.json.
    """
    fig = _figure(8.5, 3.4)
    diagram, histogram = fig.subplots(1, 2)
    diagram.plot([0, 1], [0, 1], linestyle="--", color="grey", linewidth=1, label="perfect")
    for name, rel in reliability.items():
        bins = rel["bins"]
        points = [(b["confidence"], b["accuracy"]) for b in bins if b["count"]]
        if points:
            xs, ys = zip(*points, strict=True)
            ece = rel.get("ece")
            diagram.plot(xs, ys, marker="o", label=f"{name} (ECE {ece:.3f})" if ece is not None else name)
        edges = [bins[0]["low"]] + [b["high"] for b in bins]
        centers = [(b["low"] + b["high"]) / 2 for b in bins]
        histogram.hist(centers, bins=edges, weights=[b["count"] for b in bins], alpha=0.5, label=name)
    diagram.set_xlim(0, 1)
    diagram.set_ylim(0, 1)
    diagram.set_xlabel("stance confidence")
    diagram.set_ylabel("accuracy")
    diagram.set_title("reliability")
    diagram.legend(fontsize=8)
    histogram.set_xlabel("stance confidence")
    histogram.set_ylabel("matched statements")
    histogram.set_title("confidence histogram")
    if reliability:
        histogram.legend(fontsize=8)
    return to_base64(fig)
