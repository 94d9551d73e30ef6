"""``toolkit eval``: score prediction files or models against gold, side by side, and write the reports.

The steps: read gold; get each system's predicted articles (a JSONL file, or
a models folder that tags the gold text); score every system article by
article; bootstrap the headline figures over articles with one set of
resamples shared by all systems (so every pair of systems gets a paired
bootstrap for free); write report.json, report.md and report.html; print a
summary table.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from eval.bootstrap import ALPHA, confidence_intervals, paired_difference, replicate, resample_weights
from eval.matching import JACCARD_THRESHOLD
from eval.metrics import HEADLINE, Counts, Labels, headline, reliability, summarize
from eval.provenance import model_info, provenance
from eval.report import format_summary, to_jsonable, write_reports
from eval.score import MODES, SystemScore, score_system
from toolkit.jsonl import read_articles
from toolkit.schema import Article, Statement
from toolkit.taxonomy import load_taxonomy


@dataclass
class System:
    """A system to score: its display name, where it came from, and its predicted articles."""

    name: str
    source: Path
    kind: str
    articles: list[Article]
    model_info: dict[str, Any] | None = None


def unique_name(stem: str, taken: set[str]) -> str:
    """The file stem or folder name, suffixed ``-2``, ``-3`` ... when two systems share it."""
    name, k = stem, 2
    while name in taken:
        name, k = f"{stem}-{k}", k + 1
    taken.add(name)
    return name


def tagger_input(article: Article, keep_spans: bool) -> Article:
    """The gold article stripped of every label, so a model cannot read the answers.

    Entities go too (they name the speakers); in spans mode the gold spans
    stay, with nothing but their offsets and text.
    """
    statements = [Statement(start=s.start, end=s.end, text=s.text) for s in article.statements] if keep_spans else []
    return Article(
        id=article.id,
        text=article.text,
        title=article.title,
        source=article.source,
        date=article.date,
        statements=statements,
    )


def tag_with_model(models_dir: Path, gold: Sequence[Article], mode: str) -> list[Article]:
    """Tag the gold texts with a trained pipeline (imported here: it is heavy, and optional for file scoring)."""
    from toolkit.pipeline import Pipeline

    inputs = [tagger_input(a, keep_spans=mode == "spans") for a in gold]
    return list(Pipeline.load(models_dir).tag(inputs, gold_spans=(mode == "spans"), progress=True))


def load_systems(gold: Sequence[Article], preds: Sequence[Path], models: Sequence[Path], mode: str) -> list[System]:
    taken: set[str] = set()
    systems = [System(unique_name(Path(p).stem, taken), Path(p), "predictions", read_articles(p)) for p in preds]
    for folder in models:
        folder = Path(folder)
        name = unique_name(folder.resolve().name, taken)
        systems.append(System(name, folder, "model", tag_with_model(folder, gold, mode), model_info(folder)))
    return systems


def system_section(
    system: System, score: SystemScore, point: dict[str, float], replicates: dict[str, np.ndarray]
) -> dict[str, Any]:
    """report.json's entry of one system: every figure, its intervals, errors, calibration."""
    ci = confidence_intervals(point, replicates, ALPHA)
    labels = score.labels
    section: dict[str, Any] = {"source": str(system.source), "kind": system.kind, "model_info": system.model_info}
    section.update(summarize(score.total))
    section["headline"] = {key: ci[key] for key in HEADLINE}
    section["per_label_ci"] = {
        "themes": {t: ci[f"themes/{t}/f1"] for t in labels.themes},
        "stance": {s: ci[f"stance/{s}/f1"] for s in labels.stances},
    }
    section["calibration"] = reliability(score.confidence, score.correct) if score.confidence else None
    section["errors"] = score.errors
    section["warnings"] = score.warnings
    return section


def run_evaluation(
    gold: Path,
    preds: list[Path],
    models: list[Path],
    out: Path,
    mode: str = "end2end",
    n_bootstrap: int = 1000,
    seed: int = 0,
) -> dict:
    """Score every system against the gold file, write out/report.{json,md,html}, return the report dict.

    The dict returned is what report.json holds (NaN as None), so callers and
    files agree.
    """
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r} (expected one of {', '.join(MODES)})")
    if not preds and not models:
        raise ValueError("nothing to evaluate: give at least one prediction file or models folder")
    taxonomy = load_taxonomy()
    labels = Labels.from_taxonomy(taxonomy)
    gold_articles = read_articles(gold, taxonomy)
    systems = load_systems(gold_articles, preds, models, mode)
    scores = [score_system(s.name, gold_articles, s.articles, mode, labels) for s in systems]

    def statistic(vector: np.ndarray) -> dict[str, float]:
        return headline(Counts(labels, vector))

    weights = resample_weights(len(gold_articles), n_bootstrap, seed)
    points = {s.name: statistic(s.per_article.sum(axis=0)) for s in scores}
    replicates = {s.name: replicate(s.per_article, weights, statistic, desc=f"bootstrap {s.name}") for s in scores}

    comparisons = []
    for i, a in enumerate(scores):
        for b in scores[i + 1 :]:
            diff = paired_difference(points[a.name], points[b.name], replicates[a.name], replicates[b.name], ALPHA)
            comparisons.append({"a": a.name, "b": b.name, "figures": {key: diff[key] for key in HEADLINE}})

    config = {
        "gold": str(gold),
        "preds": [str(p) for p in preds],
        "models": [str(m) for m in models],
        "out": str(out),
        "mode": mode,
        "n_bootstrap": n_bootstrap,
        "seed": seed,
        "alpha": ALPHA,
        "jaccard_threshold": JACCARD_THRESHOLD,
    }
    report = {
        "provenance": provenance(config),
        "config": config,
        "labels": {"themes": list(labels.themes), "stance": list(labels.stances), "f_avg": list(labels.f_avg)},
        "data": {
            "n_articles": len(gold_articles),
            "n_gold_statements": sum(len(a.statements) for a in gold_articles),
        },
        "systems": {
            sys_.name: system_section(sys_, sc, points[sc.name], replicates[sc.name])
            for sys_, sc in zip(systems, scores, strict=True)
        },
        "comparisons": comparisons,
    }
    paths = write_reports(report, out)
    for score in scores:
        for warning in score.warnings:
            print(f"warning: {warning}", file=sys.stderr)
    print(format_summary(report))
    print(f"reports: {', '.join(str(p) for p in paths.values())}")
    return to_jsonable(report)
