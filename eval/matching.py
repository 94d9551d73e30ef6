"""Pairing predicted statements with gold ones: tokens, Jaccard overlap, one-to-one matching.

A predicted span rarely hits the gold boundaries to the character, so
end-to-end scoring accepts a span whose word tokens overlap the gold span's
with Jaccard >= 0.5. Matching is one-to-one and maximises the total overlap
(Hungarian algorithm): a prediction that straddles two gold statements earns
one match, not two, and two fragments of one gold statement earn one match and
one false positive. Without that, a system could raise recall by emitting
long spans, or precision by emitting many small ones.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

WORD = re.compile(r"\w+")
JACCARD_THRESHOLD = 0.5

Span = tuple[int, int]


@dataclass(frozen=True)
class Match:
    """A gold statement (index into the gold list) paired with a prediction, and their overlap."""

    gold: int
    pred: int
    jaccard: float


def tokens(text: str) -> list[str]:
    """Lowercase word tokens (``\\w+``): the unit of span overlap."""
    return [m.group().lower() for m in WORD.finditer(text)]


def span_tokens(text: str, start: int, end: int) -> frozenset[tuple[int, str]]:
    """The word tokens of ``text[start:end]``, each keyed by its offset in ``text``.

    Keying by position means the same words said twice in one article are two
    different tokens, so a span never overlaps a distant repetition of itself.
    """
    return frozenset((m.start(), m.group().lower()) for m in WORD.finditer(text, start, end))


def jaccard(a: AbstractSet, b: AbstractSet) -> float:
    """|a & b| / |a | b|; 0.0 for two empty sets (nothing to agree on)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def overlap_matrix(text: str, gold: Sequence[Span], pred: Sequence[Span]) -> np.ndarray:
    """Jaccard of every (gold, pred) span pair; identical spans score 1.0 even without word tokens."""
    gold_tokens = [span_tokens(text, s, e) for s, e in gold]
    pred_tokens = [span_tokens(text, s, e) for s, e in pred]
    matrix = np.zeros((len(gold), len(pred)))
    for i, (g_span, g_tok) in enumerate(zip(gold, gold_tokens, strict=True)):
        for j, (p_span, p_tok) in enumerate(zip(pred, pred_tokens, strict=True)):
            matrix[i, j] = 1.0 if tuple(g_span) == tuple(p_span) else jaccard(g_tok, p_tok)
    return matrix


def match_spans(
    text: str, gold: Sequence[Span], pred: Sequence[Span], threshold: float = JACCARD_THRESHOLD
) -> list[Match]:
    """One-to-one pairs with Jaccard >= ``threshold`` that maximise the total Jaccard.

    Pairs under the threshold are given weight 0 before the assignment, so
    they can never displace an eligible pair, and are dropped afterwards.
    """
    if not gold or not pred:
        return []
    matrix = overlap_matrix(text, gold, pred)
    weights = np.where(matrix >= threshold, matrix, 0.0)
    rows, cols = linear_sum_assignment(weights, maximize=True)
    return [Match(int(i), int(j), float(matrix[i, j])) for i, j in zip(rows, cols, strict=True) if weights[i, j] > 0]


def match_exact(gold: Sequence[Span], pred: Sequence[Span]) -> list[Match]:
    """One-to-one pairs of identical ``(start, end)``; duplicates pair off in order."""
    free: dict[Span, list[int]] = {}
    for j, span in enumerate(pred):
        free.setdefault(tuple(span), []).append(j)
    pairs = []
    for i, span in enumerate(gold):
        candidates = free.get(tuple(span))
        if candidates:
            pairs.append(Match(i, candidates.pop(0), 1.0))
    return pairs
