"""Baselines on the same data and the same scoring as the fine-tuned classifiers.

* TF-IDF + logistic regression (scikit-learn): the strong classical baseline;
* zero-shot: cosine similarity between the backbone's mean-pooled embeddings of
  a statement and of each label's description in ``configs/taxonomy.yaml``.

Both read the same inputs as the fine-tuned models (``ArticleContext``), tune
theme thresholds on dev like them, and are scored on test with
``training.metrics``; ``compare_table`` lines all of them up.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier

from toolkit.inputs import ArticleContext
from toolkit.schema import Article
from toolkit.taxonomy import Taxonomy, load_taxonomy
from training.metrics import stance_scores, theme_scores, tune_thresholds

HEADLINE = {"themes": ("micro_f1", "macro_f1"), "stance": ("macro_f1", "f_avg", "accuracy")}


def _texts(articles: Sequence[Article], context: str) -> list[str]:
    out = []
    for a in articles:
        ctx = ArticleContext(a.text)
        for st in a.statements:
            text, pair = ctx.classifier_input(st, context)
            out.append(text if pair is None else f"{text} || {pair}")
    return out


def _gold(articles: Sequence[Article], task: str, taxonomy: Taxonomy) -> np.ndarray:
    sts = [st for a in articles for st in a.statements]
    if task == "themes":
        return np.array([[int(t in st.themes) for t in taxonomy.theme_names] for st in sts])
    return np.array([taxonomy.stances.index(st.stance) for st in sts])


def _score(task: str, probs_dev, gold_dev, probs_test, gold_test, taxonomy: Taxonomy) -> dict[str, dict]:
    if task == "themes":
        thresholds = tune_thresholds(probs_dev, gold_dev)
        names = taxonomy.theme_names
        return {
            "dev": theme_scores((probs_dev >= thresholds).astype(int), gold_dev, names),
            "test": theme_scores((probs_test >= thresholds).astype(int), gold_test, names),
        }
    names = taxonomy.stances
    return {
        "dev": stance_scores(probs_dev.argmax(-1), gold_dev, names),
        "test": stance_scores(probs_test.argmax(-1), gold_test, names),
    }


def tfidf_logreg(splits: dict[str, list[Article]], task: str, context: str = "sentence", seed: int = 0) -> dict:
    """Word 1-2 grams, balanced class weights; one-vs-rest for the multi-label themes."""
    taxonomy = load_taxonomy()
    x = {s: _texts(a, context) for s, a in splits.items()}
    y = {s: _gold(a, task, taxonomy) for s, a in splits.items()}
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)
    train_x = vectorizer.fit_transform(x["train"])
    logreg = LogisticRegression(max_iter=2000, class_weight="balanced", C=4.0, random_state=seed)
    model = OneVsRestClassifier(logreg) if task == "themes" else logreg
    model.fit(train_x, y["train"])
    probs = {s: model.predict_proba(vectorizer.transform(x[s])) for s in ("dev", "test")}
    return _score(task, probs["dev"], y["dev"], probs["test"], y["test"], taxonomy)


def zero_shot(splits: dict[str, list[Article]], task: str, embedder=None, context: str = "statement") -> dict:
    """Cosine similarity to each label's description; themes thresholded on dev, stance by argmax."""
    from toolkit.embed import Embedder

    taxonomy = load_taxonomy()
    embedder = embedder or Embedder()
    descriptions = taxonomy.themes if task == "themes" else taxonomy.stance_descriptions
    labels = embedder.encode(list(descriptions.values()))
    sims = {s: embedder.encode(_texts(splits[s], context)) @ labels.T for s in ("dev", "test")}
    y = {s: _gold(splits[s], task, taxonomy) for s in ("dev", "test")}
    if task == "themes":  # map cosine from [-1, 1] to [0, 1] so the threshold grid covers it
        sims = {s: (v + 1) / 2 for s, v in sims.items()}
    return _score(task, sims["dev"], y["dev"], sims["test"], y["test"], taxonomy)


def finetuned_scores(model_dir: Path) -> dict | None:
    """Dev and test scores a trained folder recorded (mean over seeds when it has them)."""
    meta_path = Path(model_dir) / "toolkit.json"
    if not meta_path.is_file():
        return None
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    variance = meta.get("variance")
    if variance:
        return {s: {k: v[0] for k, v in variance[s].items()} for s in ("dev", "test")}
    return meta["metrics"]


def compare_table(results: dict[str, dict[str, dict]], task: str) -> str:
    """A Markdown table of the headline test figures of every system of one task."""
    keys = HEADLINE[task]
    per_label = sorted({k for r in results.values() for k in r["test"] if k.startswith("f1_")})
    cols = list(keys) + per_label
    lines = [f"| {task} (test) | " + " | ".join(cols) + " |", "| --- |" + " --- |" * len(cols)]
    for name, r in results.items():
        lines.append(f"| {name} | " + " | ".join(f"{r['test'].get(k, float('nan')):.3f}" for k in cols) + " |")
    return "\n".join(lines)
