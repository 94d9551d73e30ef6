"""Matched statements: pairs of speakers' statements that answer each other.

A pledge and the counterpart's matching pledge, a claim and its rebuttal:
both are about the same matter, so they share a theme and read alike. We
therefore only compare statements of DIFFERENT speakers in the SAME article
that share at least one theme (an answer needs a shared occasion, and theme
filtering keeps "similar wording, different matter" out), and call a pair
matched when the cosine similarity of their mean-pooled backbone embeddings
reaches a threshold chosen on hand-judged pairs (``threshold.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from toolkit.compare.records import StatementRef
from toolkit.embed import TextEncoder


@dataclass(frozen=True)
class Candidate:
    """Two statements of different speakers in one article with the themes they share."""

    a: StatementRef
    b: StatementRef
    themes: tuple[str, ...]


def candidate_pairs(statements: Sequence[StatementRef]) -> list[Candidate]:
    """Every same-article, different-speaker pair sharing a theme; ``a`` comes first in the text."""
    by_article: dict[str, list[StatementRef]] = {}
    for st in statements:
        by_article.setdefault(st.article, []).append(st)
    out = []
    for sts in by_article.values():
        for a, b in combinations(sorted(sts, key=lambda s: (s.start, s.end)), 2):
            shared = tuple(t for t in a.themes if t in b.themes)
            if a.speaker != b.speaker and shared:
                out.append(Candidate(a, b, shared))
    return out


def pair_similarities(pairs: Sequence[tuple[str, str]], encoder: TextEncoder, batch_size: int = 32) -> np.ndarray:
    """Cosine similarity of each ``(text_a, text_b)``; each distinct text is embedded once."""
    if not pairs:
        return np.zeros(0, dtype=np.float32)
    texts = sorted({t for pair in pairs for t in pair})
    index = {t: i for i, t in enumerate(texts)}
    vectors = np.asarray(encoder.encode(texts, batch_size=batch_size), dtype=np.float32)
    a = vectors[[index[x] for x, _ in pairs]]
    b = vectors[[index[y] for _, y in pairs]]
    return np.einsum("ij,ij->i", a, b)


@dataclass(frozen=True)
class MatchedPair:
    """A candidate at or above the threshold, with its similarity."""

    candidate: Candidate
    similarity: float

    def to_dict(self) -> dict:
        c = self.candidate
        return {
            "article": c.a.article,
            "themes": list(c.themes),
            "similarity": round(self.similarity, 4),
            "a": _side(c.a),
            "b": _side(c.b),
        }


def _side(st: StatementRef) -> dict:
    return {"speaker": st.speaker, "affiliation": st.affiliation, "stance": st.stance, **st.cite()}


def match_pairs(
    candidates: Sequence[Candidate], encoder: TextEncoder | None, threshold: float, batch_size: int = 32
) -> list[MatchedPair]:
    """Candidates whose similarity is at least ``threshold``, most similar first.

    ``encoder`` may be ``None`` only when there are no candidates, so a run
    without any shared theme never loads the model.
    """
    if not candidates:
        return []
    if encoder is None:
        raise ValueError("an encoder is needed to score candidate pairs")
    sims = pair_similarities([(c.a.text, c.b.text) for c in candidates], encoder, batch_size)
    matched = [MatchedPair(c, float(s)) for c, s in zip(candidates, sims, strict=True) if s >= threshold]
    return sorted(matched, key=lambda m: (-m.similarity, m.candidate.a.article, m.candidate.a.start))
