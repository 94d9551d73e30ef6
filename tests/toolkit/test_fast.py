"""The int8 fast path: a drop-in for ``StatementClassifier``, cached beside the model, and measured for agreement."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import torch
from helpers import SEED_TEXT, synthetic_articles, write_jsonl
from transformers import BertConfig, BertForSequenceClassification

from toolkit import fast
from toolkit.classify import StatementClassifier
from toolkit.fast import FastStatementClassifier, agreement_on_gold, ensure_int8, label_agreement
from toolkit.inputs import ArticleContext
from toolkit.paths import default_backbone
from toolkit.schema import Article

TASKS = {
    "themes": (["sovereignty", "one_china", "security", "trade"], True, "statement"),
    "stance": (["favor", "against", "neutral"], False, "sentence"),
    "attribution": (["other", "speaker"], False, "candidate"),
}


def classifier_folder(folder: Path, task: str, seed: int = 0) -> Path:
    """A randomly initialised 2-layer BERT classifier with the real tokenizer and a toolkit.json: instant."""
    labels, multi_label, context = TASKS[task]
    torch.manual_seed(seed)
    config = BertConfig(
        vocab_size=30522, hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64,
        max_position_embeddings=256, num_labels=len(labels), id2label=dict(enumerate(labels)),
        label2id={lab: i for i, lab in enumerate(labels)},
        problem_type="multi_label_classification" if multi_label else "single_label_classification",
    )  # fmt: skip
    BertForSequenceClassification(config).save_pretrained(folder, safe_serialization=True)
    for name in ("vocab.txt", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"):
        shutil.copy(default_backbone() / name, folder / name)
    thresholds = {lab: 0.4 + 0.05 * i for i, lab in enumerate(labels)} if multi_label else None
    meta = {"task": task, "labels": labels, "multi_label": multi_label, "context": context, "max_length": 64,
            "thresholds": thresholds}  # fmt: skip
    (folder / "toolkit.json").write_text(json.dumps(meta), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def models(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fast-models")
    for seed, task in enumerate(TASKS):
        classifier_folder(root / task, task, seed)
    return root


def inputs(context: str) -> list[tuple[str, str | None]]:
    out = []
    for raw in synthetic_articles(3, prefix="x"):
        article = Article.model_validate(raw)
        ctx = ArticleContext(article.text)
        out.extend(ctx.classifier_input(st, context) for st in article.statements)
    return out


@pytest.mark.parametrize("task", ["themes", "stance"])
def test_the_fast_classifier_is_a_drop_in_with_close_scores(models, task):
    full = StatementClassifier.load(models / task)
    quick = FastStatementClassifier.load(models / task)
    for attr in ("labels", "multi_label", "context", "max_length", "batch_size"):
        assert getattr(quick, attr) == getattr(full, attr)
    np.testing.assert_array_equal(quick.thresholds, full.thresholds)
    x = inputs(full.context)
    a, b = full.predict_proba(x), quick.predict_proba(x)
    assert b.shape == a.shape == (len(x), len(full.labels))
    np.testing.assert_allclose(b, a, atol=0.02)  # int8 noise on a random 2-layer model
    assert type(quick.decide(b)[0]) is type(full.decide(a)[0])
    assert quick.predict_proba([]).shape == (0, len(full.labels))

    same = label_agreement(full, quick, x)
    assert same["total"] == len(x) * (len(full.labels) if full.multi_label else 1)
    assert 0 <= same["same"] <= same["total"] and same["max_abs_score_diff"] < 0.02


def test_the_export_is_cached_inside_the_folder_and_redone_when_the_weights_change(models, tmp_path):
    folder = classifier_folder(tmp_path / "stance", "stance", seed=5)
    first = ensure_int8(folder)
    assert first == folder / "onnx" / "model.int8.onnx"
    stamp = json.loads((folder / "onnx" / "stamp.json").read_text())
    assert stamp["hash"] == fast.weights_hash(folder) and stamp["recipe"] == fast.RECIPE
    mtime = first.stat().st_mtime_ns
    assert ensure_int8(folder).stat().st_mtime_ns == mtime  # reused, not exported again

    classifier_folder(folder, "stance", seed=6)  # retrained: new weights
    assert ensure_int8(folder).stat().st_mtime_ns != mtime
    assert json.loads((folder / "onnx" / "stamp.json").read_text())["hash"] == fast.weights_hash(folder)
    assert not list(folder.rglob("*.pkl")) and not list(folder.rglob("*.tmp"))


def test_a_read_only_model_folder_is_cached_in_the_user_cache(models, tmp_path, monkeypatch):
    folder = classifier_folder(tmp_path / "ro", "themes", seed=7)
    monkeypatch.setenv("TOOLKIT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(fast, "_writable", lambda path: False)
    onnx_file = ensure_int8(folder)
    assert onnx_file == tmp_path / "cache" / "onnx" / fast.weights_hash(folder) / "model.int8.onnx"
    assert not (folder / "onnx").exists()


def test_the_pipeline_loads_the_fast_path_for_every_classifier(models):
    from toolkit.pipeline import Pipeline

    full, quick = Pipeline.load(models), Pipeline.load(models, fast=True)
    assert isinstance(quick.themes, FastStatementClassifier) and isinstance(quick.stance, FastStatementClassifier)
    assert isinstance(quick.attributor.scorer, FastStatementClassifier)
    article = Article(id="seed", text=SEED_TEXT.read_text(encoding="utf-8"))
    a, b = full.tag_batch([article])[0], quick.tag_batch([article])[0]
    assert [(s.start, s.end) for s in a.statements] == [(s.start, s.end) for s in b.statements]  # rules, not models
    diffs = [
        abs(x.stance_scores[k] - y.stance_scores[k])
        for x, y in zip(a.statements, b.statements, strict=True)
        for k in x.stance_scores
    ]
    assert max(diffs) < 0.02


def test_agreement_on_gold_counts_every_label_of_every_statement(models, tmp_path):
    gold = write_jsonl(tmp_path / "test.jsonl", synthetic_articles(3, prefix="test"))
    result = agreement_on_gold(models, gold)
    assert result["themes"]["total"] == 12 * 4 and result["stance"]["total"] == 12
    assert result["all"]["total"] == 60 and result["all"]["same"] == result["themes"]["same"] + result["stance"]["same"]
    assert 0.0 <= result["all"]["agreement"] <= 1.0
