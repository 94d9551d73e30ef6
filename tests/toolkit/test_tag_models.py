"""``toolkit tag`` with real (tiny, few-step) models: the command, gold-span mode, and the Ray engine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import SEED_TEXT, synthetic_articles, tiny_backbone, write_jsonl
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.jsonl import validate_files
from toolkit.tagger import TagConfig, tag_corpus
from training.config import load_config
from training.trainer import train_classifier


def train_tiny_models(root: Path) -> Path:
    """themes/, stance/ and attribution/ folders trained for a few steps on a 2-layer random BERT (seconds)."""
    data = root / "data"
    data.mkdir(parents=True)
    write_jsonl(data / "train.jsonl", synthetic_articles(16))
    write_jsonl(data / "dev.jsonl", synthetic_articles(4, prefix="dev"))
    write_jsonl(data / "test.jsonl", synthetic_articles(4, prefix="test"))
    backbone = tiny_backbone(root / "backbone")
    for task in ("themes", "stance", "attribution"):
        cfg = root / f"{task}.yaml"
        cfg.write_text(
            f"task: {task}\nbackbone: {backbone}\n"
            f"data: {{train: {data / 'train.jsonl'}, dev: {data / 'dev.jsonl'}, test: {data / 'test.jsonl'}}}\n"
            f"output_dir: {root / 'models' / task}\nrun_dir: {root / 'runs' / task}\n",
            encoding="utf-8",
        )
        overrides = ["training.max_steps=6", "training.learning_rate=2e-3", "training.batch_size=8"]
        train_classifier(load_config(cfg, overrides + ["training.early_stopping_patience=100"]), progress=False)
    return root / "models"


@pytest.fixture(scope="module")
def models(tmp_path_factory) -> Path:
    return train_tiny_models(tmp_path_factory.mktemp("tiny-models"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("corpus")
    texts = [{"id": a["id"], "text": a["text"], "date": "2024-02-0" + str(i % 9 + 1)}
             for i, a in enumerate(synthetic_articles(10, prefix="news"))]  # fmt: skip
    write_jsonl(d / "news.jsonl", texts + [{"id": "news-t00", "text": "a duplicate id"}])
    (d / "txt").mkdir()
    (d / "txt" / "seed.txt").write_bytes(SEED_TEXT.read_bytes())
    return d


def test_the_command_tags_a_corpus_into_valid_jsonl_and_parquet(models, corpus, tmp_path):
    runner = CliRunner()
    out = tmp_path / "tagged.jsonl"
    args = ["tag", str(corpus / "news.jsonl"), str(corpus / "txt"), "--models", str(models), "--no-progress"]
    result = runner.invoke(app, [*args, "--out", str(out), "--batch-articles", "4"])
    assert result.exit_code == 0, result.output
    assert "read 12 records: tagged 11, errors 1" in result.output
    assert validate_files([out])[1] == []
    tagged = [json.loads(x) for x in out.read_text().splitlines()]
    assert [a["id"] for a in tagged][-1] == "seed" and len(tagged[-1]["statements"]) > 10
    st = tagged[0]["statements"][0]
    assert set(st["theme_scores"]) == {"sovereignty", "one_china", "security", "trade"} and st["speaker"]
    assert (models / "themes" / "onnx" / "model.int8.onnx").is_file()  # the fast path was on (the default)

    result = runner.invoke(app, [*args, "--out", str(tmp_path / "t.parquet"), "--no-fast"])
    assert result.exit_code == 0, result.output
    import pyarrow.parquet as pq

    rows = pq.read_table(tmp_path / "t.parquet").to_pylist()
    assert len(rows) == sum(len(a["statements"]) for a in tagged)
    assert [(r["article_id"], r["start"], r["end"]) for r in rows] == [
        (a["id"], s["start"], s["end"]) for a in tagged for s in a["statements"]
    ]

    result = runner.invoke(app, [*args, "--out", str(out)])
    assert result.exit_code == 0  # a finished run's output is simply replaced
    result = runner.invoke(app, ["tag", str(corpus / "nothing.jsonl"), "--out", str(out)])
    assert result.exit_code == 2 and "no such file" in result.output


def test_gold_span_mode_keeps_the_gold_statements(models, tmp_path):
    gold = write_jsonl(tmp_path / "gold.jsonl", synthetic_articles(3, prefix="gold"))
    out = tmp_path / "spans.jsonl"
    result = CliRunner().invoke(
        app, ["tag", "--spans", str(gold), "--out", str(out), "--models", str(models), "--no-progress"]
    )
    assert result.exit_code == 0, result.output
    keep = ("start", "end", "speaker", "affiliation", "kind", "cue")
    tagged = [json.loads(x) for x in out.read_text().splitlines()]
    for want, got in zip(synthetic_articles(3, prefix="gold"), tagged, strict=True):
        assert [{k: s[k] for k in keep} for s in got["statements"]] == [
            {k: s[k] for k in keep} for s in want["statements"]
        ]
        assert all("stance_scores" in s for s in got["statements"])


def test_the_ray_engine_gives_the_local_engine_output(models, corpus, tmp_path, monkeypatch):
    ray = pytest.importorskip("ray", reason="Ray is the optional extra: pip install '.[ray]'")
    # Same ONNX Runtime threads in both engines (Ray gives actors OMP_NUM_THREADS=1): another thread count
    # sums in another order and can move a score's last rounded digit.
    monkeypatch.setenv("TOOLKIT_ORT_THREADS", "1")
    inputs = [corpus / "news.jsonl", corpus / "txt"]
    # Same batches in both: int8 activations are scaled per batch, so batch mates move the last digit.
    # One shard: each shard is one Ray Data job, whose actors take seconds to start here.
    cfg = TagConfig(models=models, shard_articles=100, batch_articles=3)
    local = tmp_path / "local.jsonl"
    tag_corpus(inputs, local, cfg)
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        totals = tag_corpus(inputs, tmp_path / "ray.jsonl", cfg.model_copy(update={"engine": "ray"}))
    finally:
        ray.shutdown()
    assert (totals.read, totals.tagged, totals.errors, totals.shards) == (12, 11, 1, 1)
    assert (tmp_path / "ray.jsonl").read_bytes() == local.read_bytes()
    assert (tmp_path / "ray.jsonl.errors.jsonl").read_bytes() == (tmp_path / "local.jsonl.errors.jsonl").read_bytes()
