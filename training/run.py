"""``toolkit train``: one config, one or several seeds, one model folder.

Few-shot fine-tuning swings by several points between seeds, so ``--seeds N``
trains N times (seed, seed+1, ...), reports mean and standard deviation of
the dev and test scores, and keeps the run that scored best on dev.
"""

from __future__ import annotations

import json
import shutil
import statistics
from pathlib import Path

from training.config import TrainConfig, load_config
from training.model_card import write_model_card
from training.trainer import TrainResult, train_classifier


def _mean_std(results: list[TrainResult], split: str) -> dict[str, tuple[float, float]]:
    runs = [getattr(r, split) for r in results if getattr(r, split)]
    keys = sorted(set.intersection(*(set(r) for r in runs))) if runs else []
    return {
        k: (statistics.fmean(r[k] for r in runs), statistics.pstdev(r[k] for r in runs) if len(runs) > 1 else 0.0)
        for k in keys
    }


def train_seeds(config: TrainConfig, n_seeds: int = 1, progress: bool = True) -> dict:
    """Train ``n_seeds`` times; the best-on-dev model ends in ``config.output_dir``."""
    train = train_classifier
    if n_seeds == 1:
        result = train(config, progress=progress)
        return {"output_dir": str(result.output_dir), "dev": result.dev, "test": result.test, "seeds": 1}

    out = config.resolve(config.output_dir)
    run_dir = config.resolve(config.run_dir)
    results = []
    for i in range(n_seeds):
        seed = config.training.seed + i
        cfg = config.model_copy(
            update={
                "training": config.training.model_copy(update={"seed": seed}),
                "output_dir": run_dir / f"seed-{seed}" / "model",
                "run_dir": run_dir / f"seed-{seed}",
            }
        )
        results.append(train(cfg, progress=progress))
    key = "micro_f1" if config.task == "themes" else "macro_f1"
    best = max(results, key=lambda r: r.dev.get(key, 0.0))
    summary = {
        "n_seeds": n_seeds,
        "seeds": [config.training.seed + i for i in range(n_seeds)],
        "selected_by": f"dev {key}",
        "dev": _mean_std(results, "dev"),
        "test": _mean_std(results, "test"),
        "per_seed": [{"seed": r.meta["config"]["training"]["seed"], "dev": r.dev, "test": r.test} for r in results],
    }
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(best.output_dir, out)
    meta_path = out / "toolkit.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["variance"] = summary
    meta_path.write_text(json.dumps(meta, indent=2), encoding="utf-8")
    write_model_card(out, meta)
    (run_dir / "variance.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return {"output_dir": str(out), **summary}


def run_training(config_path: Path, overrides: list[str], n_seeds: int = 1, progress: bool = True) -> dict:
    return train_seeds(load_config(config_path, overrides), n_seeds=n_seeds, progress=progress)


def format_summary(summary: dict) -> str:
    lines = [f"model: {summary['output_dir']}"]
    for split in ("dev", "test"):
        scores = summary.get(split) or {}
        for k, v in scores.items():
            shown = f"{v[0]:.3f} ± {v[1]:.3f}" if isinstance(v, (tuple, list)) else f"{v:.3f}"
            lines.append(f"  {split:4s} {k:24s} {shown}")
    return "\n".join(lines)
