"""Agreement between two annotators' theme and stance labels on the same statements.

A second annotator labels the gold statements blind (the spans and speakers
given, the labels withheld). Scoring the second set against the first with
the classifiers' own metrics says how far the labels themselves can be
reproduced: a classifier's test score is unlikely to exceed the agreement of
the people who made its test labels. Cohen's kappa is given beside F1 because
F1 alone flatters frequent labels.

The second annotator's file has one JSON object per statement:
``{"id": "ARTICLE#INDEX", "themes": [...], "stance": "..."}`` where INDEX
counts the article's gold statements from 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sklearn.metrics import cohen_kappa_score

from toolkit.jsonl import DataError, json_objects, read_articles
from toolkit.taxonomy import Taxonomy, load_taxonomy
from training.metrics import stance_scores, theme_scores


@dataclass
class Labels:
    """One annotator's themes and stance for one statement."""

    themes: frozenset[str]
    stance: str


@dataclass
class Agreement:
    n: int
    articles: int
    themes: dict[str, float]
    stance: dict[str, float]
    disagreements: list[dict] = field(default_factory=list)


def read_second(path: Path, taxonomy: Taxonomy) -> dict[str, Labels]:
    """The second annotator's labels by statement id; every bad line is a ``DataError``."""
    out: dict[str, Labels] = {}
    errors: list[DataError] = []
    with open(path, "rb") as f:
        for line, data, reason in json_objects(f):
            if data is None:
                errors.append(DataError(path, line, "<record>", None, reason or "unreadable"))
                continue
            sid, themes, stance = data.get("id"), data.get("themes"), data.get("stance")
            bad = []
            if not isinstance(sid, str) or "#" not in sid:
                bad.append(DataError(path, line, "id", sid, "expected 'ARTICLE#INDEX'"))
            elif sid in out:
                bad.append(DataError(path, line, "id", sid, "labelled twice"))
            if not isinstance(themes, list) or any(t not in taxonomy.theme_names for t in themes):
                bad.append(DataError(path, line, "themes", themes, f"a list of {list(taxonomy.theme_names)}"))
            if stance not in taxonomy.stances:
                bad.append(DataError(path, line, "stance", stance, f"one of {list(taxonomy.stances)}"))
            if bad:
                errors += bad
            else:
                out[sid] = Labels(frozenset(themes), stance)
    if errors:
        raise errors[0] if len(errors) == 1 else ValueError("\n".join(map(str, errors)))
    return out


def read_gold(paths: Sequence[Path], taxonomy: Taxonomy) -> dict[str, tuple[Labels, str]]:
    """Gold labels and span text by ``ARTICLE#INDEX``."""
    out = {}
    for path in paths:
        for article in read_articles(path, taxonomy, require_labels=True):
            for i, st in enumerate(article.statements):
                out[f"{article.id}#{i}"] = (Labels(frozenset(st.themes), st.stance), st.text)
    return out


def agreement(
    gold: dict[str, tuple[Labels, str]], second: dict[str, Labels], taxonomy: Taxonomy | None = None
) -> Agreement:
    """Scores of ``second`` against ``gold`` on the articles the second annotator labelled.

    Within those articles every gold statement must be labelled and nothing
    else: a partly labelled article would make the figure about a different
    set of statements. Gold articles the second annotator never saw are left
    out, so one gold file can hold more articles than the second annotation.
    """
    taxonomy = taxonomy or load_taxonomy()
    articles = {_article(i) for i in second}
    gold = {i: v for i, v in gold.items() if _article(i) in articles}
    missing = sorted(set(gold) - set(second))
    extra = sorted(set(second) - set(gold))
    if missing or extra:
        raise ValueError(f"second annotation covers other statements: missing {missing[:5]}, unknown {extra[:5]}")
    ids = sorted(gold)
    names, stances = list(taxonomy.theme_names), list(taxonomy.stances)
    g_themes = np.array([[t in gold[i][0].themes for t in names] for i in ids], dtype=int)
    s_themes = np.array([[t in second[i].themes for t in names] for i in ids], dtype=int)
    themes = theme_scores(s_themes, g_themes, names)
    for j, name in enumerate(names):
        themes[f"kappa_{name}"] = _kappa(g_themes[:, j], s_themes[:, j])
    themes["exact_set"] = float(np.mean((g_themes == s_themes).all(axis=1)))
    g_stance = np.array([stances.index(gold[i][0].stance) for i in ids])
    s_stance = np.array([stances.index(second[i].stance) for i in ids])
    stance = stance_scores(s_stance, g_stance, stances, taxonomy.polar_stances)
    stance["kappa"] = _kappa(g_stance, s_stance)
    disagreements = [
        {
            "id": i,
            "text": gold[i][1],
            "gold": {"themes": sorted(gold[i][0].themes), "stance": gold[i][0].stance},
            "second": {"themes": sorted(second[i].themes), "stance": second[i].stance},
        }
        for i in ids
        if gold[i][0] != second[i]
    ]
    return Agreement(len(ids), len(articles), themes, stance, disagreements)


def _article(statement_id: str) -> str:
    return statement_id.rsplit("#", 1)[0]


def _kappa(a: np.ndarray, b: np.ndarray) -> float:
    # Kappa is undefined when both annotators use one label throughout; agreement is then total.
    if len(set(a.tolist()) | set(b.tolist())) < 2:
        return 1.0
    return float(cohen_kappa_score(a, b))


def format_agreement(result: Agreement, taxonomy: Taxonomy | None = None) -> str:
    """Markdown tables: per-theme F1 and kappa, stance F1 and kappa."""
    taxonomy = taxonomy or load_taxonomy()
    t, s = result.themes, result.stance
    names = list(taxonomy.theme_names)
    lines = [
        f"{result.n} statements in {result.articles} articles; "
        f"{len(result.disagreements)} differ in themes or stance.\n",
        "| themes | micro-F1 | macro-F1 | exact set | " + " | ".join(names) + " |",
        "| --- | --- | --- | --- | " + " | ".join("---" for _ in names) + " |",
        f"| F1 (kappa) | {t['micro_f1']:.3f} | {t['macro_f1']:.3f} | {t['exact_set']:.3f} | "
        + " | ".join(f"{t[f'f1_{n}']:.3f} ({t[f'kappa_{n}']:.2f})" for n in names)
        + " |",
        "",
        "| stance | macro-F1 | F_avg | accuracy | kappa | " + " | ".join(taxonomy.stances) + " |",
        "| --- | --- | --- | --- | --- | " + " | ".join("---" for _ in taxonomy.stances) + " |",
        f"| | {s['macro_f1']:.3f} | {s['f_avg']:.3f} | {s['accuracy']:.3f} | {s['kappa']:.2f} | "
        + " | ".join(f"{s[f'f1_{n}']:.3f}" for n in taxonomy.stances)
        + " |",
    ]
    return "\n".join(lines)
