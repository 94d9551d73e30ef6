"""Fine-tuning a statement classifier (themes or stance) with the Hugging Face ``Trainer``.

One function, ``train_classifier``, goes from a validated config to a saved
model folder that plain ``transformers`` can load, with its thresholds, label
maps, resolved config, data hash and a model card holding dev and test scores.
"""

from __future__ import annotations

import json
import shutil
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from transformers import (
    AutoModelForSequenceClassification,
    AutoTokenizer,
    DataCollatorWithPadding,
    EarlyStoppingCallback,
    Trainer,
    TrainingArguments,
    set_seed,
)

from toolkit.classify import META_FILE
from toolkit.paths import resolve_backbone
from toolkit.taxonomy import load_taxonomy
from training.config import TrainConfig
from training.data import (
    ATTRIBUTION_LABELS,
    attribution_examples,
    classifier_examples,
    data_hash,
    load_gold,
    refuse_seed,
    tokenized_dataset,
)
from training.metrics import sigmoid, stance_scores, theme_scores, tune_thresholds
from training.model_card import write_model_card


class WeightedTrainer(Trainer):
    """A ``Trainer`` whose loss weighs classes against imbalance."""

    def __init__(self, *args, class_weights: torch.Tensor | None = None, multi_label: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.class_weights = class_weights
        self.multi_label = multi_label

    def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
        labels = inputs.pop("labels")
        outputs = model(**inputs)
        logits = outputs.logits
        weights = None if self.class_weights is None else self.class_weights.to(logits.device)
        if self.multi_label:
            loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, labels.float(), pos_weight=weights)
        else:
            loss = torch.nn.functional.cross_entropy(logits, labels, weight=weights)
        return (loss, outputs) if return_outputs else loss


def class_weights(labels: list, task: str, n_labels: int) -> torch.Tensor:
    """Themes: positive weight sqrt(neg/pos) per label; stance: inverse class frequency, mean 1."""
    if task == "themes":
        y = np.asarray(labels, dtype=float)
        pos = y.sum(axis=0).clip(min=1)
        neg = len(y) - pos
        return torch.tensor(np.sqrt(neg / pos).clip(1.0, 10.0), dtype=torch.float32)
    counts = np.bincount(np.asarray(labels), minlength=n_labels).clip(min=1)
    w = len(labels) / (n_labels * counts)
    return torch.tensor(w / w.mean(), dtype=torch.float32)


def collapsed(task: str, logits: np.ndarray, thresholds: np.ndarray | None = None) -> str | None:
    """Why the predictions look like an untrained model's (one class for everything), or None.

    A short run can stay at chance (loss stuck at ln 2 or ln 3); its scores
    alone do not say so loudly enough, so training warns.
    """
    if len(logits) < 2:
        return None
    if task == "themes":
        cut = np.full(logits.shape[1], 0.5) if thresholds is None else thresholds
        if not (sigmoid(logits) >= cut).any():
            return "no theme predicted for any dev statement"
        return None
    classes = np.unique(logits.argmax(-1))
    return f"every dev example predicted as class {int(classes[0])}" if len(classes) == 1 else None


@dataclass
class TrainResult:
    output_dir: Path
    dev: dict[str, float]
    test: dict[str, float] | None
    seconds: float
    meta: dict
    history: list[dict]


def _scores(task: str, logits: np.ndarray, gold: np.ndarray, names, thresholds=None) -> dict[str, float]:
    if task == "themes":
        thresholds = np.full(len(names), 0.5) if thresholds is None else thresholds
        return theme_scores((sigmoid(logits) >= thresholds).astype(int), gold.astype(int), names)
    return stance_scores(logits.argmax(-1), gold, names)


def train_classifier(config: TrainConfig, progress: bool = True) -> TrainResult:
    """Fine-tune the backbone on the config's task; save and describe the model folder."""
    started = time.time()
    cfg = config
    taxonomy = load_taxonomy()
    task = cfg.task
    names = list(
        taxonomy.theme_names if task == "themes" else taxonomy.stances if task == "stance" else ATTRIBUTION_LABELS
    )
    set_seed(cfg.training.seed)

    paths = {split: cfg.resolve(p) for split, p in (("train", cfg.data.train), ("dev", cfg.data.dev))}
    if cfg.data.test is not None:
        paths["test"] = cfg.resolve(cfg.data.test)
    gold = {split: load_gold(p, taxonomy) for split, p in paths.items()}
    refuse_seed(gold["train"], paths["train"])
    refuse_seed(gold["dev"], paths["dev"])

    backbone = resolve_backbone(cfg.backbone)
    tokenizer = AutoTokenizer.from_pretrained(backbone)
    if task == "attribution":
        columns = {s: attribution_examples(a) for s, a in gold.items()}
    else:
        columns = {s: classifier_examples(a, task, taxonomy, cfg.input.context) for s, a in gold.items()}
    if cfg.data.limit:
        columns["train"] = {k: v[: cfg.data.limit] for k, v in columns["train"].items()}
    datasets = {s: tokenized_dataset(c, tokenizer, cfg.input.max_length) for s, c in columns.items()}

    multi_label = task == "themes"
    model = AutoModelForSequenceClassification.from_pretrained(
        backbone,
        num_labels=len(names),
        id2label=dict(enumerate(names)),
        label2id={n: i for i, n in enumerate(names)},
        problem_type="multi_label_classification" if multi_label else "single_label_classification",
        use_safetensors=True,
        trust_remote_code=False,
    )
    if cfg.training.freeze_embeddings:
        model.get_input_embeddings().weight.requires_grad_(False)
    run_dir = cfg.resolve(cfg.run_dir)
    metric = "micro_f1" if multi_label else "macro_f1"
    args = TrainingArguments(
        output_dir=str(run_dir),  # TensorBoard logs land in run_dir/runs/
        report_to=["tensorboard"],
        eval_strategy="epoch",
        save_strategy="epoch",
        save_total_limit=1,
        load_best_model_at_end=True,
        metric_for_best_model=metric,
        greater_is_better=True,
        num_train_epochs=cfg.training.epochs,
        max_steps=cfg.training.max_steps,
        per_device_train_batch_size=cfg.training.batch_size,
        per_device_eval_batch_size=64,
        learning_rate=cfg.training.learning_rate,
        weight_decay=cfg.training.weight_decay,
        warmup_steps=cfg.training.warmup_ratio,  # a float below 1 is a share of all steps
        logging_steps=cfg.training.logging_steps,
        seed=cfg.training.seed,
        data_seed=cfg.training.seed,
        bf16=cfg.training.bf16,
        train_sampling_strategy="group_by_length" if cfg.training.group_by_length else "random",
        use_cpu=cfg.training.use_cpu,
        disable_tqdm=not progress,
        dataloader_num_workers=0,
    )
    weights = class_weights(columns["train"]["labels"], task, len(names)) if cfg.training.class_weights else None

    def compute_metrics(eval_pred):
        logits, labels = eval_pred
        return _scores(task, logits, labels, names)

    trainer = WeightedTrainer(
        model=model,
        args=args,
        train_dataset=datasets["train"],
        eval_dataset=datasets["dev"],
        data_collator=DataCollatorWithPadding(tokenizer),
        processing_class=tokenizer,
        compute_metrics=compute_metrics,
        callbacks=[EarlyStoppingCallback(early_stopping_patience=cfg.training.early_stopping_patience)],
        class_weights=weights,
        multi_label=multi_label,
    )
    trainer.train()

    predictions = {s: trainer.predict(d) for s, d in datasets.items() if s != "train"}
    thresholds = None
    if multi_label:
        dev = predictions["dev"]
        thresholds = tune_thresholds(sigmoid(dev.predictions), dev.label_ids.astype(int))
    scores = {s: _scores(task, p.predictions, p.label_ids, names, thresholds) for s, p in predictions.items()}
    problem = collapsed(task, predictions["dev"].predictions, thresholds)
    if problem:
        advice = "try more epochs or a higher learning rate"
        warnings.warn(f"{task}: the trained model looks untrained ({problem}); {advice}", stacklevel=2)

    out = cfg.resolve(cfg.output_dir)
    if out.exists():
        shutil.rmtree(out)
    trainer.model.save_pretrained(out, safe_serialization=True)
    tokenizer.save_pretrained(out)
    data_paths = [paths["train"], paths["dev"]]
    meta = {
        "task": task,
        "labels": names,
        "multi_label": multi_label,
        "thresholds": None if thresholds is None else dict(zip(names, map(float, thresholds), strict=True)),
        "context": "candidate" if task == "attribution" else cfg.input.context,
        "max_length": cfg.input.max_length,
        "backbone": str(backbone),
        "config": json.loads(cfg.model_dump_json()),
        "data_hash": data_hash(data_paths),
        "data_files": [str(p) for p in data_paths],
        "metrics": {"dev": scores["dev"], "test": scores.get("test")},
        "train_examples": len(datasets["train"]),
        "epochs_run": float(trainer.state.epoch or 0),
        "train_seconds": round(time.time() - started, 1),
    }
    (out / META_FILE).write_text(json.dumps(meta, indent=2), encoding="utf-8")
    write_model_card(out, meta)
    for checkpoint in run_dir.glob("checkpoint-*"):
        shutil.rmtree(checkpoint, ignore_errors=True)
    history = trainer.state.log_history
    (run_dir / "log_history.json").write_text(json.dumps(history, indent=1), encoding="utf-8")
    return TrainResult(out, scores["dev"], scores.get("test"), time.time() - started, meta, history)
