"""The int8 fast path: a trained classifier folder run by ONNX Runtime with int8 weights.

Why ONNX Runtime dynamic int8 (per-channel weights) and not torch's
``quantize_dynamic``, measured here (a MiniLM-L6 classifier, 37-token
sentences, batch 16, tokenisation included, medians of 5 interleaved passes
in one process, while a colleague's training run held the other core;
``benchmarks/tag_throughput.py`` measures the whole tagger):

=====================================  ===============  =========
backend (statements/s)                 1 thread         2 threads
=====================================  ===============  =========
torch fp32 (``StatementClassifier``)    93               16
torch dynamic int8 (Linear layers)     248              29
ONNX Runtime dynamic int8 (this file)  270              237
=====================================  ===============  =========

On a quiet machine the performance notes measured 155-165 (fp32), 510-570
(torch int8) and 545-740 (ONNX Runtime int8) with both cores. ONNX Runtime
wins at equal threads, and it stays fast when the two cores are shared: its
threads sleep instead of spinning (``session.intra_op.allow_spinning=0``),
where torch's OpenMP threads collapse 5-8x as soon as another process takes a
core. Torch's dynamic quantisation is also deprecated in torch 2.13.

Fidelity: per-channel weight scales cost nothing in speed and halve the
largest score errors of per-tensor ones (what torch's path does; stance
agreement 97.8% against 93.9% on dev + test). Measured with a
fine-tuned themes model (3 epochs) and a colleague's fine-tuned stance model
(sentence context) on the gold spans: on the test split 99.33% of labels
agree (themes 708/712, stance 176/178); on dev 98.78% (themes 98.75%,
stance 98.89%); with the team's models in ``models/``, 99.10% on test
(themes 99.16%, stance 98.88%). Scores move by 0.02 on average, up to 0.35 for a few
statements, and a statement's scores depend a little on its batch mates
(activations are scaled per batch). The error comes from massive
activations at the [CLS] token in a few channels; what was tried and did
not raise stance agreement reliably over 99%: keeping the first or every
feed-forward output in fp32, SmoothQuant-style channel scaling, and running
the outlier channels in fp32 (LLM.int8()-style; it halves the mean error).
``agreement_on_gold`` measures the decisions on the gold test split (the
benchmark prints it); where it falls under 99% for a model, tag with
``--no-fast`` (or ``fast: false`` in ``configs/tag.yaml``). The graph is
exported from a model loaded with ``attn_implementation="eager"``: with the
SDPA graph ONNX Runtime fuses no attention nodes. Threads: all cores unless
``TOOLKIT_ORT_THREADS`` (or ``OMP_NUM_THREADS``, which Ray sets per actor)
says otherwise.

Where the exported files live: ``<model folder>/onnx/model.int8.onnx`` with
``stamp.json`` beside it, recording a hash of the weights, config and
tokenizer files and the export recipe; a stale or foreign stamp means a fresh
export. When the model folder is read-only the files go to
``$TOOLKIT_CACHE`` (default ``~/.cache/statement-toolkit``)
``/onnx/<hash>/``. Every file is written to a temp name and renamed into
place, so several processes (Ray actors) may export at once; nothing is ever
pickled: ONNX files are protobuf.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from toolkit.classify import StatementClassifier, read_meta, require_safetensors

ONNX_DIR = "onnx"
ONNX_FILE = "model.int8.onnx"
STAMP_FILE = "stamp.json"
# Bump when the export recipe changes, so caches made by an older recipe are redone.
RECIPE = "torchscript-opset17-eager-attn/quantize_dynamic-QInt8-per-channel/v2"
_HASHED = ("config.json", "tokenizer.json", "vocab.txt", "tokenizer_config.json", "special_tokens_map.json")


def weights_hash(model_dir: str | Path) -> str:
    """SHA-256 over the folder's weights, config and tokenizer files and the recipe: the cache key."""
    model_dir = Path(model_dir)
    h = hashlib.sha256(RECIPE.encode())
    files = sorted(model_dir.glob("*.safetensors")) + [model_dir / n for n in _HASHED if (model_dir / n).is_file()]
    for path in files:
        h.update(path.name.encode())
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()


def _writable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".probe.")
        os.close(fd)
        os.unlink(probe)
        return True
    except OSError:
        return False


def cache_dir(model_dir: str | Path, digest: str | None = None) -> Path:
    """``<model folder>/onnx``, or a user cache folder keyed by the weights' hash when that is read-only."""
    inside = Path(model_dir) / ONNX_DIR
    if _writable(inside):
        return inside
    digest = digest or weights_hash(model_dir)
    root = Path(os.environ.get("TOOLKIT_CACHE", Path.home() / ".cache" / "statement-toolkit"))
    return root / "onnx" / digest


def _atomic_write(path: Path, text: str | None = None, source: Path | None = None) -> None:
    """``text`` or the file ``source`` put at ``path`` by a rename, readable by all as a plain write would be."""
    from toolkit.tagger.writers import FILE_MODE

    if source is None:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text or "")
        source = Path(tmp)
    os.chmod(source, FILE_MODE)
    os.replace(source, path)


def export_int8(model_dir: str | Path, out_file: str | Path) -> Path:
    """Export the folder's classifier to ONNX (fp32), quantise it to dynamic int8, rename into ``out_file``."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    model_dir, out_file = Path(model_dir), Path(out_file)
    require_safetensors(model_dir)
    model = AutoModelForSequenceClassification.from_pretrained(
        model_dir, use_safetensors=True, trust_remote_code=False, attn_implementation="eager"
    ).eval()
    tokenizer = AutoTokenizer.from_pretrained(model_dir, trust_remote_code=False)
    sample = tokenizer(["a short sentence", "a second, longer sample sentence"], padding=True, return_tensors="pt")
    names = [n for n in ("input_ids", "attention_mask", "token_type_ids") if n in sample]

    class LogitsOnly(torch.nn.Module):
        """Positional inputs in ``names`` order, the logits tensor out: what the ONNX graph needs."""

        def __init__(self, inner: torch.nn.Module):
            super().__init__()
            self.inner = inner

        def forward(self, *tensors: torch.Tensor) -> torch.Tensor:
            return self.inner(**dict(zip(names, tensors, strict=True))).logits

    out_file.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out_file.parent, prefix=".export.") as tmp:
        fp32 = Path(tmp) / "model.fp32.onnx"
        with torch.inference_mode(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # tracer notes on shapes: the axes are declared dynamic below
            torch.onnx.export(
                LogitsOnly(model),
                tuple(sample[n] for n in names),
                str(fp32),
                dynamo=False,
                opset_version=17,
                input_names=names,
                output_names=["logits"],
                dynamic_axes={**{n: {0: "batch", 1: "sequence"} for n in names}, "logits": {0: "batch"}},
            )
        int8 = Path(tmp) / ONNX_FILE
        root = logging.getLogger()
        level = root.level
        root.setLevel(logging.ERROR)  # quantize_dynamic advises pre-processing on the root logger, every time
        try:
            quantize_dynamic(fp32, int8, weight_type=QuantType.QInt8, per_channel=True)
        finally:
            root.setLevel(level)
        _atomic_write(out_file, source=int8)
    return out_file


def ensure_int8(model_dir: str | Path) -> Path:
    """The cached int8 ONNX file of a classifier folder, exported first when missing or stale."""
    digest = weights_hash(model_dir)
    folder = cache_dir(model_dir, digest)
    onnx_file, stamp_file = folder / ONNX_FILE, folder / STAMP_FILE
    if onnx_file.is_file() and stamp_file.is_file():
        try:
            if json.loads(stamp_file.read_text(encoding="utf-8")).get("hash") == digest:
                return onnx_file
        except (OSError, ValueError):
            pass
    export_int8(model_dir, onnx_file)
    _atomic_write(stamp_file, json.dumps({"hash": digest, "recipe": RECIPE, "file": ONNX_FILE}, indent=1))
    return onnx_file


def default_threads() -> int:
    """``TOOLKIT_ORT_THREADS``, else ``OMP_NUM_THREADS`` (Ray sets it to an actor's CPUs), else 0 (all cores)."""
    return int(os.environ.get("TOOLKIT_ORT_THREADS") or os.environ.get("OMP_NUM_THREADS") or 0)


def make_session(onnx_file: str | Path, threads: int | None = None):
    """An ONNX Runtime CPU session that sleeps instead of spinning between runs.

    Several sessions in one process (themes, stance, speaker scorer) busy-wait
    against each other on two cores unless spinning is off: 3.5-10x slower.
    """
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    opts.add_session_config_entry("session.inter_op.allow_spinning", "0")
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    opts.intra_op_num_threads = default_threads() if threads is None else threads
    opts.inter_op_num_threads = 1
    return ort.InferenceSession(str(onnx_file), sess_options=opts, providers=["CPUExecutionProvider"])


class _SessionModel:
    """Stands where ``StatementClassifier`` keeps its torch model (``eval()`` is all it asks of it)."""

    def __init__(self, session):
        self.session = session
        self.input_names = [i.name for i in session.get_inputs()]

    def eval(self) -> _SessionModel:
        return self

    def run(self, batch: dict[str, np.ndarray]) -> np.ndarray:
        feed = {n: batch[n].astype(np.int64, copy=False) for n in self.input_names}
        return self.session.run(["logits"], feed)[0]


class FastStatementClassifier(StatementClassifier):
    """``StatementClassifier`` with the forward pass in ONNX Runtime int8: same labels, thresholds, inputs.

    Only ``encode`` (numpy instead of torch tensors) and ``logits`` differ;
    ``predict_proba``, ``scores_from_logits`` and ``decide`` are inherited, so
    the pipeline takes either.
    """

    model: _SessionModel

    tensor_type = "np"

    @classmethod
    def load(cls, model_dir: str | Path, batch_size: int = 16, threads: int | None = None) -> FastStatementClassifier:
        from transformers import AutoTokenizer

        meta = read_meta(model_dir)
        session = make_session(ensure_int8(model_dir), threads=threads)
        tokenizer = AutoTokenizer.from_pretrained(model_dir, trust_remote_code=False)
        return cls(_SessionModel(session), tokenizer, meta, batch_size)

    def logits(self, inputs: Sequence[tuple[str, str | None]]) -> np.ndarray:
        """Raw scores, computed in length-sorted batches and returned in input order (as the parent)."""
        out = np.zeros((len(inputs), len(self.labels)), dtype=np.float32)
        order = sorted(range(len(inputs)), key=lambda i: len(inputs[i][0]) + len(inputs[i][1] or ""))
        for lo in range(0, len(order), self.batch_size):
            idx = order[lo : lo + self.batch_size]
            out[idx] = self.model.run(self.encode([inputs[i] for i in idx]))
        return out


def gold_inputs(gold_path: str | Path, context: str) -> list[tuple[str, str | None]]:
    """The classifier inputs of every gold statement of a JSONL file, as the pipeline builds them."""
    from toolkit.inputs import ArticleContext
    from toolkit.jsonl import read_articles

    inputs = []
    for article in read_articles(gold_path):
        ctx = ArticleContext(article.text)
        inputs.extend(ctx.classifier_input(st, context) for st in article.statements)
    return inputs


def label_agreement(full: StatementClassifier, fast: StatementClassifier, inputs) -> dict[str, float | int]:
    """How often the two classifiers decide alike: per (statement, label) for themes, per statement for stance."""
    a, b = full.predict_proba(inputs), fast.predict_proba(inputs)
    da, db = full.decide(a), fast.decide(b)
    if full.multi_label:
        chosen_a = np.array([[lab in row for lab in full.labels] for row in da], dtype=bool).reshape(a.shape)
        chosen_b = np.array([[lab in row for lab in fast.labels] for row in db], dtype=bool).reshape(b.shape)
        same, total = int((chosen_a == chosen_b).sum()), int(chosen_a.size)
    else:
        same, total = sum(x == y for x, y in zip(da, db, strict=True)), len(da)
    return {
        "same": same,
        "total": total,
        "agreement": same / total if total else 1.0,
        "max_abs_score_diff": float(np.abs(a - b).max()) if len(inputs) else 0.0,
    }


def agreement_on_gold(models_dir: str | Path, gold_path: str | Path) -> dict[str, dict]:
    """Full precision vs the int8 fast path on the gold statements of ``gold_path`` (the test split).

    Returns per-task figures and ``all`` (labels pooled over both tasks); the
    fast path is fit to ship when ``all.agreement >= 0.99``.
    """
    out: dict[str, dict] = {}
    for task in ("themes", "stance"):
        folder = Path(models_dir) / task
        full, fast = StatementClassifier.load(folder), FastStatementClassifier.load(folder)
        out[task] = label_agreement(full, fast, gold_inputs(gold_path, full.context))
    same = sum(out[t]["same"] for t in ("themes", "stance"))
    total = sum(out[t]["total"] for t in ("themes", "stance"))
    out["all"] = {"same": same, "total": total, "agreement": same / total if total else 1.0}
    return out
