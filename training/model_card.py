"""The ``README.md`` model card written into every trained model folder."""

from __future__ import annotations

from pathlib import Path

INPUTS = {
    "statement": "the statement alone",
    "sentence": "the statement paired with its sentence",
    "passage": "the statement paired with its sentence and the sentence before",
    "marked": "the statement's sentence with the statement marked in it",
    "candidate": "the statement paired with its context, one candidate speaker mention marked",
}


def _regime(training: dict) -> str:
    """How the weights were trained, in words: what a reader comparing two model cards needs."""
    frozen = training.get("freeze_embeddings")
    parts = [
        "every encoder layer and the head fine-tuned, the word-embedding table kept as pre-trained"
        if frozen
        else "every weight fine-tuned",
        "bfloat16 autocast" if training.get("bf16") else "float32",
    ]
    if training.get("group_by_length"):
        parts.append("length-grouped batches")
    return "; ".join(parts)


def _table(scores: dict[str, dict | None]) -> str:
    keys = sorted({k for s in scores.values() if s for k in s})
    lines = ["| metric | " + " | ".join(scores) + " |", "| --- |" + " --- |" * len(scores)]
    for key in keys:
        cells = [f"{s[key]:.3f}" if s and key in s else "—" for s in scores.values()]
        lines.append(f"| {key} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_model_card(folder: Path, meta: dict) -> Path:
    """Describe what the model does, what it was trained on and how well it scores."""
    cfg = meta["config"]
    thresholds = meta.get("thresholds")
    parts = [
        f"# Statement {meta['task']} classifier",
        "",
        f"Fine-tuned from `{meta['backbone']}` on the project's hand-labelled statements "
        f"({meta['train_examples']} training examples, {meta['epochs_run']:.1f} epochs, "
        f"{meta['train_seconds']:.0f} s). Labels: {', '.join(meta['labels'])}"
        f" ({'multi-label, sigmoid' if meta['multi_label'] else 'one per statement, softmax'}).",
        f"Input: {INPUTS[meta['context']]}, at most {meta['max_length']} tokens.",
        "",
        "## Scores",
        "",
        _table({split: meta["metrics"].get(split) for split in ("dev", "test")}),
        "",
    ]
    if "variance" in meta:
        v = meta["variance"]
        parts += [f"## Across {v['n_seeds']} seeds {v['seeds']} (mean ± std; this folder: best on {v['selected_by']})"]
        spread = {split: {k: f"{m:.3f} ± {s:.3f}" for k, (m, s) in v[split].items()} for split in ("dev", "test")}
        keys = sorted({k for split in spread.values() for k in split})
        parts += ["", "| metric | dev | test |", "| --- | --- | --- |"]
        parts += [f"| {k} | {spread['dev'].get(k, '—')} | {spread['test'].get(k, '—')} |" for k in keys] + [""]
    if thresholds:
        parts += ["## Decision thresholds (tuned on dev)", ""]
        parts += [f"- {k}: {t:.2f}" for k, t in thresholds.items()] + [""]
    parts += [
        "## Provenance",
        "",
        f"- training data SHA-256: `{meta['data_hash']}` ({', '.join(Path(p).name for p in meta['data_files'])})",
        f"- seed: {cfg['training']['seed']}, learning rate {cfg['training']['learning_rate']}, "
        f"batch {cfg['training']['batch_size']}",
        f"- {_regime(cfg['training'])}",
        "",
        'Load with plain transformers: `pipeline("text-classification", model=FOLDER)`;'
        " the toolkit reads `toolkit.json` for thresholds and input format.",
    ]
    path = folder / "README.md"
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return path
