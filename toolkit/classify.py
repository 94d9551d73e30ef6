"""Inference with a trained statement classifier folder (themes or stance).

A folder is a plain Hugging Face model (``save_pretrained`` safetensors and
tokenizer) plus ``toolkit.json``: label order, per-label thresholds and how
the inputs are built. Only safetensors weights are loaded, never remote code.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

META_FILE = "toolkit.json"


def read_meta(model_dir: str | Path) -> dict:
    """The folder's ``toolkit.json``; a clear error when the folder is not a toolkit model."""
    path = Path(model_dir) / META_FILE
    if not path.is_file():
        raise FileNotFoundError(f"{model_dir}: not a trained toolkit model (no {META_FILE})")
    return json.loads(path.read_text(encoding="utf-8"))


def require_safetensors(model_dir: str | Path) -> None:
    if not any(Path(model_dir).glob("*.safetensors")):
        raise FileNotFoundError(f"{model_dir}: no safetensors weights; other weight formats are never loaded")


class StatementClassifier:
    """Scores statements with one fine-tuned classifier; ``labels`` orders the score columns."""

    def __init__(self, model, tokenizer, meta: dict, batch_size: int = 16):
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.meta = meta
        self.labels: list[str] = list(meta["labels"])
        self.multi_label: bool = bool(meta["multi_label"])
        self.context: str = meta["context"]
        self.max_length: int = int(meta["max_length"])
        thresholds = meta.get("thresholds") or {}
        self.thresholds = np.array([thresholds.get(label, 0.5) for label in self.labels])
        self.batch_size = batch_size

    @classmethod
    def load(cls, model_dir: str | Path, batch_size: int = 16) -> StatementClassifier:
        meta = read_meta(model_dir)
        require_safetensors(model_dir)
        model = AutoModelForSequenceClassification.from_pretrained(
            model_dir, use_safetensors=True, trust_remote_code=False
        )
        tokenizer = AutoTokenizer.from_pretrained(model_dir, trust_remote_code=False)
        return cls(model, tokenizer, meta, batch_size)

    tensor_type = "pt"  # what ``encode`` returns; the int8 fast path feeds ONNX Runtime numpy arrays

    def encode(self, inputs: Sequence[tuple[str, str | None]]) -> dict:
        texts = [t for t, _ in inputs]
        pairs = [p for _, p in inputs]
        return self.tokenizer(
            texts,
            pairs if any(p is not None for p in pairs) else None,
            truncation=True,
            max_length=self.max_length,
            padding=True,
            return_tensors=self.tensor_type,
        )

    @torch.inference_mode()
    def logits(self, inputs: Sequence[tuple[str, str | None]]) -> np.ndarray:
        """Raw scores, computed in length-sorted batches and returned in input order."""
        out = np.zeros((len(inputs), len(self.labels)), dtype=np.float32)
        order = sorted(range(len(inputs)), key=lambda i: len(inputs[i][0]) + len(inputs[i][1] or ""))
        for lo in range(0, len(order), self.batch_size):
            idx = order[lo : lo + self.batch_size]
            batch = self.encode([inputs[i] for i in idx])
            out[idx] = self.model(**batch).logits.float().numpy()
        return out

    def scores_from_logits(self, logits: np.ndarray) -> np.ndarray:
        if self.multi_label:
            return 1.0 / (1.0 + np.exp(-logits))
        e = np.exp(logits - logits.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)

    def predict_proba(self, inputs: Sequence[tuple[str, str | None]]) -> np.ndarray:
        return self.scores_from_logits(self.logits(inputs))

    def decide(self, scores: np.ndarray) -> list:
        """Themes: the labels at or over their thresholds; stance: the top label."""
        if self.multi_label:
            chosen = scores >= self.thresholds
            return [[lab for lab, keep in zip(self.labels, row, strict=True) if keep] for row in chosen]
        return [self.labels[int(i)] for i in scores.argmax(-1)]
