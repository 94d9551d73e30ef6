"""Sentence embeddings from a local backbone: mean-pooled, L2-normalised.

Shared by the comparison (matched statements) and the zero-shot baseline, so it
knows nothing of statements or labels: texts in, one unit vector per text out.
Mean pooling over the attention mask is how the shipped MiniLM was trained
(its ``1_Pooling`` config), so cosine similarity is a plain dot product of the
rows. The model is loaded once per ``Embedder``; only safetensors weights and
no remote code are ever loaded, and nothing is downloaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np
import torch
from transformers import AutoModel, AutoTokenizer
from transformers.utils import logging as hf_logging

from toolkit.paths import resolve_backbone


class TextEncoder(Protocol):
    """Anything that turns texts into L2-normalised row vectors (tests pass a fake one)."""

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray: ...


def mean_pool(hidden: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
    """Average of the token vectors that the mask keeps; padding never counts."""
    mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
    summed = (hidden * mask).sum(dim=1)
    return summed / mask.sum(dim=1).clamp(min=1e-9)


def _quiet_load(model_dir: Path) -> torch.nn.Module:
    """Load the weights without the loading progress bar, which would clutter a command's output."""
    was_enabled = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        return AutoModel.from_pretrained(model_dir, use_safetensors=True, trust_remote_code=False)
    finally:
        if was_enabled:
            hf_logging.enable_progress_bar()


class Embedder:
    """A backbone folder loaded once; ``encode`` returns unit-length mean-pooled embeddings.

    ``model_dir`` is a local Hugging Face folder (``None`` or ``"default"``: the
    shipped MiniLM). ``max_length`` truncates long texts; 256 is the MiniLM's
    own ``max_seq_length``.
    """

    def __init__(self, model_dir: str | Path | None = None, max_length: int = 256, device: str = "cpu"):
        self.model_dir = resolve_backbone(str(model_dir) if model_dir is not None else None)
        self.max_length = max_length
        self.device = torch.device(device)
        self.tokenizer = AutoTokenizer.from_pretrained(self.model_dir, trust_remote_code=False)
        self.model = _quiet_load(self.model_dir)
        self.model.eval().to(self.device)

    @property
    def dim(self) -> int:
        return int(self.model.config.hidden_size)

    @torch.inference_mode()
    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """``(len(texts), dim)`` float32 rows in input order, each of L2 norm 1.

        Texts are batched by length so that little padding is computed; the
        result does not depend on the batching.
        """
        texts = list(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for lo in range(0, len(order), max(1, batch_size)):
            idx = order[lo : lo + batch_size]
            batch = self.tokenizer(
                [texts[i] for i in idx],
                padding=True,
                truncation=True,
                max_length=self.max_length,
                return_tensors="pt",
            ).to(self.device)
            hidden = self.model(**batch).last_hidden_state
            pooled = torch.nn.functional.normalize(mean_pool(hidden, batch["attention_mask"]).float(), dim=-1)
            out[idx] = pooled.cpu().numpy()
        return out
