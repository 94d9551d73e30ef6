"""The training pipeline on a tiny random BERT (seconds), and once on the real backbone."""

import json

import numpy as np
import pytest
from helpers import synthetic_articles, tiny_backbone, write_jsonl
from transformers import pipeline

from toolkit.classify import StatementClassifier
from toolkit.inputs import ArticleContext
from toolkit.schema import Article
from training.config import load_config
from training.run import train_seeds
from training.trainer import train_classifier


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    d = tmp_path_factory.mktemp("data")
    write_jsonl(d / "train.jsonl", synthetic_articles(16))
    write_jsonl(d / "dev.jsonl", synthetic_articles(4, prefix="dev"))
    write_jsonl(d / "test.jsonl", synthetic_articles(4, prefix="test"))
    return d


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return tiny_backbone(tmp_path_factory.mktemp("tiny"))


def _config(tmp_path, data, backbone, task, *overrides):
    path = tmp_path / f"{task}.yaml"
    path.write_text(
        f"task: {task}\nbackbone: {backbone}\n"
        f"data: {{train: {data / 'train.jsonl'}, dev: {data / 'dev.jsonl'}, test: {data / 'test.jsonl'}}}\n"
        f"output_dir: {tmp_path / task}\nrun_dir: {tmp_path / 'runs' / task}\n",
        encoding="utf-8",
    )
    return load_config(path, list(overrides))


def _inputs(meta_context: str) -> list[tuple[str, str | None]]:
    article = Article.model_validate(synthetic_articles(1, prefix="x")[0])
    ctx = ArticleContext(article.text)
    return [ctx.classifier_input(st, meta_context) for st in article.statements]


@pytest.mark.parametrize("task", ["themes", "stance"])
def test_tiny_model_loss_falls_saves_reloads_and_predicts_the_same(tmp_path, data, tiny, task):
    cfg = _config(
        tmp_path, data, tiny, task,
        "training.max_steps=40", "training.learning_rate=2e-3", "training.logging_steps=5",
        "training.early_stopping_patience=100", "training.batch_size=8",
    )  # fmt: skip
    result = train_classifier(cfg, progress=False)
    losses = [h["loss"] for h in result.history if "loss" in h]
    assert len(losses) >= 4
    assert np.mean(losses[-2:]) < np.mean(losses[:2])

    folder = result.output_dir
    assert (folder / "model.safetensors").is_file() and not list(folder.glob("*.bin"))
    meta = json.loads((folder / "toolkit.json").read_text())
    assert meta["task"] == task and len(meta["data_hash"]) == 64
    assert meta["metrics"]["test"] is not None
    assert "## Scores" in (folder / "README.md").read_text()
    if task == "themes":
        assert set(meta["thresholds"]) == {"sovereignty", "one_china", "security", "trade"}

    clf = StatementClassifier.load(folder)
    inputs = _inputs(meta["context"])
    first = clf.predict_proba(inputs)
    again = StatementClassifier.load(folder).predict_proba(inputs)
    np.testing.assert_allclose(first, again, rtol=1e-5, atol=1e-6)

    # Plain transformers reads the folder too, and agrees with the toolkit's scores.
    pipe = pipeline("text-classification", model=str(folder), top_k=None)
    texts = [{"text": t, "text_pair": p} if p else t for t, p in inputs]
    for row, out in zip(first, pipe(texts), strict=True):
        by_label = {d["label"]: d["score"] for d in out}
        np.testing.assert_allclose([by_label[lab] for lab in clf.labels], row, rtol=1e-4, atol=1e-5)


def test_seeds_report_mean_and_std_and_keep_best_on_dev(tmp_path, data, tiny):
    cfg = _config(tmp_path, data, tiny, "stance", "training.max_steps=6", "training.batch_size=8")
    summary = train_seeds(cfg, n_seeds=2, progress=False)
    assert summary["seeds"] == [13, 14]
    mean, std = summary["test"]["macro_f1"]
    per_seed = [r["test"]["macro_f1"] for r in summary["per_seed"]]
    assert mean == pytest.approx(np.mean(per_seed)) and std == pytest.approx(np.std(per_seed))
    meta = json.loads((tmp_path / "stance" / "toolkit.json").read_text())
    assert meta["variance"]["n_seeds"] == 2
    assert "Across 2 seeds" in (tmp_path / "stance" / "README.md").read_text()


def test_seed_article_is_refused_as_training_data(tmp_path, data, tiny):
    seedlike = synthetic_articles(2, prefix="seed")
    write_jsonl(tmp_path / "train.jsonl", seedlike)
    cfg = _config(tmp_path, data, tiny, "themes", f"data.train={tmp_path / 'train.jsonl'}")
    with pytest.raises(ValueError, match="seed article"):
        train_classifier(cfg, progress=False)


def test_real_backbone_fine_tunes_on_a_small_subset(tmp_path, data):
    """The one end-to-end training test on the shipped MiniLM: a few real steps, saved and usable."""
    cfg = _config(tmp_path, data, "default", "themes", "data.limit=32", "training.epochs=1", "training.batch_size=16")
    result = train_classifier(cfg, progress=False)
    clf = StatementClassifier.load(result.output_dir)
    scores = clf.predict_proba(_inputs(clf.context))
    assert scores.shape == (4, 4) and np.all((scores >= 0) & (scores <= 1))
    assert result.meta["train_examples"] == 32
    assert json.loads((result.output_dir / "config.json").read_text())["num_hidden_layers"] == 6


def test_frozen_embeddings_stay_as_the_backbone_has_them(tmp_path, data, tiny):
    from safetensors.torch import load_file

    cfg = _config(
        tmp_path, data, tiny, "themes", "training.max_steps=5", "training.learning_rate=1e-2",
        "training.freeze_embeddings=true", "training.batch_size=8", "input.context=marked",
    )  # fmt: skip
    result = train_classifier(cfg, progress=False)
    before = load_file(str(tiny / "model.safetensors"))
    after = load_file(str(result.output_dir / "model.safetensors"))
    key = "embeddings.word_embeddings.weight"
    assert (after[f"bert.{key}"] == before[key]).all()
    layer = "encoder.layer.0.attention.self.query.weight"
    assert not (after[f"bert.{layer}"] == before[layer]).all()
    assert result.meta["context"] == "marked"
    assert "word-embedding table kept as pre-trained" in (result.output_dir / "README.md").read_text()


def test_collapsed_predictions_are_named():
    from training.trainer import collapsed

    one_class = np.array([[2.0, 0.1, 0.0], [1.5, 0.2, 0.3]])
    assert collapsed("stance", one_class) == "every dev example predicted as class 0"
    assert collapsed("stance", np.array([[2.0, 0.1, 0.0], [0.0, 1.0, 0.3]])) is None
    assert collapsed("themes", np.full((3, 4), -3.0)) == "no theme predicted for any dev statement"
    assert collapsed("themes", np.array([[-3.0, 2.0, -3.0, -3.0]] * 3)) is None
