"""Scoring one system against gold, article by article, and collecting its worst errors.

Two modes, as the evaluation issue defines them:

- ``end2end``: predicted statements are matched to gold one-to-one by token
  Jaccard; speaker, affiliation, themes and stance are judged on the matched
  pairs only, so extraction errors show in the statement figures and are not
  counted twice.
- ``spans``: the system was given the gold spans, so every gold statement is
  paired with the prediction of identical ``(start, end)`` and the
  classifiers are judged on all gold statements, apart from extraction; a
  gold statement without its prediction counts as labelled with nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from eval.matching import Match, match_exact, match_spans
from eval.metrics import Counts, Labels, add_pair, normalize_name
from toolkit.schema import Article, Statement

MODES = ("end2end", "spans")
MAX_ERRORS = 20


@dataclass
class SystemScore:
    """One system on the gold articles: per-article count rows (gold order), their sum, errors, calibration."""

    name: str
    labels: Labels
    per_article: np.ndarray
    errors: dict[str, list[dict[str, Any]]]
    confidence: list[float] = field(default_factory=list)
    correct: list[bool] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def total(self) -> Counts:
        return Counts(self.labels, self.per_article.sum(axis=0))


def align(gold: Sequence[Article], pred: Sequence[Article], name: str) -> tuple[list[Article], list[str]]:
    """The predicted article for each gold article, in gold order.

    A gold article missing from the predictions counts as one where nothing
    was found; predicted articles not in gold are ignored. Both are reported
    as warnings. A different text makes offsets meaningless, so it is an error.
    """
    by_id = {a.id: a for a in pred}
    warnings, aligned = [], []
    missing = [g.id for g in gold if g.id not in by_id]
    if missing:
        warnings.append(f"{name}: {len(missing)} gold article(s) have no prediction, scored as empty: {missing[:5]}")
    extra = sorted(set(by_id) - {g.id for g in gold})
    if extra:
        warnings.append(f"{name}: {len(extra)} predicted article(s) not in gold, ignored: {extra[:5]}")
    for g in gold:
        p = by_id.get(g.id)
        if p is None:
            p = Article(id=g.id, text=g.text)
        elif p.text != g.text:
            raise ValueError(f"{name}: article {g.id!r} has a different text in the predictions than in gold")
        aligned.append(p)
    return aligned, warnings


def pair_statements(gold: Article, pred: Article, mode: str) -> tuple[list[Match], list[Match]]:
    """(pairs judged for labels, exact-span pairs) of one article."""
    gold_spans = [(s.start, s.end) for s in gold.statements]
    pred_spans = [(s.start, s.end) for s in pred.statements]
    exact = match_exact(gold_spans, pred_spans)
    if mode == "spans":
        return exact, exact
    if mode == "end2end":
        return match_spans(gold.text, gold_spans, pred_spans), exact
    raise ValueError(f"unknown mode {mode!r} (expected one of {', '.join(MODES)})")


def score_article(gold: Article, pred: Article, mode: str, labels: Labels) -> tuple[Counts, list[Match]]:
    """Counts of one article and its judged pairs."""
    pairs, exact = pair_statements(gold, pred, mode)
    counts = Counts(labels)
    counts.add("n_gold", len(gold.statements))
    counts.add("n_pred", len(pred.statements))
    counts.add("matched", len(pairs))
    counts.add("exact", len(exact))
    partner = {m.gold: pred.statements[m.pred] for m in pairs}
    for i, g in enumerate(gold.statements):
        if i in partner or mode == "spans":
            add_pair(counts, g, partner.get(i))
    return counts, pairs


def _stance_confidence(pred: Statement) -> tuple[str, float] | None:
    """The predicted stance and the score given to it, when the system gave stance scores."""
    if not pred.stance_scores:
        return None
    label = pred.stance or max(pred.stance_scores, key=pred.stance_scores.__getitem__)
    return label, float(pred.stance_scores.get(label, 0.0))


def _item(
    article: Article, st: Statement, gold: str | None, pred: str | None, confidence: float | None = None
) -> dict[str, Any]:
    """One error row: where it is, the statement's text, the gold and predicted values."""
    return {
        "article": article.id,
        "start": st.start,
        "end": st.end,
        "text": st.text,
        "gold": gold,
        "pred": pred,
        "confidence": confidence,
    }


def _who(st: Statement) -> str:
    return " / ".join(str(v) for v in (st.speaker, st.stance) if v is not None)


def score_system(
    name: str, gold: Sequence[Article], pred: Sequence[Article], mode: str, labels: Labels, max_errors: int = MAX_ERRORS
) -> SystemScore:
    """Score every gold article; keep the worst errors of each kind (``max_errors`` each).

    Missed statements and false positives are listed in corpus order; wrong
    stances by descending confidence and wrong speakers by descending speaker
    score, since a confident mistake is the one worth reading first.
    """
    aligned, warnings = align(gold, pred, name)
    rows = []
    errors: dict[str, list[dict[str, Any]]] = {
        "missed": [],
        "false_positive": [],
        "wrong_stance": [],
        "wrong_speaker": [],
    }
    confidence: list[float] = []
    correct: list[bool] = []
    for g_art, p_art in zip(gold, aligned, strict=True):
        counts, pairs = score_article(g_art, p_art, mode, labels)
        rows.append(counts.vector)
        matched_gold = {m.gold for m in pairs}
        matched_pred = {m.pred for m in pairs}
        for i, st in enumerate(g_art.statements):
            if i not in matched_gold:
                errors["missed"].append(_item(g_art, st, gold=_who(st), pred=None))
        for j, st in enumerate(p_art.statements):
            if j not in matched_pred:
                errors["false_positive"].append(_item(p_art, st, gold=None, pred=_who(st)))
        for m in pairs:
            g, p = g_art.statements[m.gold], p_art.statements[m.pred]
            scored = _stance_confidence(p)
            if scored is not None and g.stance is not None:
                confidence.append(scored[1])
                correct.append(scored[0] == g.stance)
            if g.stance is not None and p.stance != g.stance:
                conf = scored[1] if scored is not None else None
                errors["wrong_stance"].append(_item(g_art, g, gold=g.stance, pred=p.stance, confidence=conf))
            if g.speaker is not None and normalize_name(p.speaker) != normalize_name(g.speaker):
                errors["wrong_speaker"].append(
                    _item(g_art, g, gold=g.speaker, pred=p.speaker, confidence=p.speaker_score)
                )
    for kind in ("wrong_stance", "wrong_speaker"):
        errors[kind].sort(key=lambda e: -(e["confidence"] if e["confidence"] is not None else -1.0))
    errors = {kind: items[:max_errors] for kind, items in errors.items()}
    n_features = Counts.size(labels)
    per_article = np.vstack(rows) if rows else np.zeros((0, n_features))
    return SystemScore(name, labels, per_article, errors, confidence, correct, warnings)
