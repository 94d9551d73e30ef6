"""Training configs: YAML files in ``configs/``, validated, with dotted overrides.

Unknown keys are rejected (a typo such as ``learnig_rate`` must not silently
train with the default), and ``--set training.learning_rate=3e-5`` overrides
any value from the command line, as spaCy's configs do.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from toolkit.paths import REPO_ROOT


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DataConfig(_Strict):
    train: Path = Path("seeds/gold/train.jsonl")
    dev: Path = Path("seeds/gold/dev.jsonl")
    test: Path | None = Path("seeds/gold/test.jsonl")
    limit: int | None = Field(None, description="Use only the first N training examples (smoke tests).")


class InputConfig(_Strict):
    context: Literal["statement", "sentence", "marked", "passage"] = "sentence"
    max_length: int = 128


class TrainingParams(_Strict):
    epochs: float = 8
    batch_size: int = 16
    learning_rate: float = 5e-5
    weight_decay: float = 0.01
    warmup_ratio: float = 0.1
    seed: int = 13
    early_stopping_patience: int = 2
    class_weights: bool = True
    bf16: bool = False
    freeze_embeddings: bool = Field(
        False, description="Keep the word-embedding table fixed: a third of a CPU step is its gradient and update."
    )
    group_by_length: bool = Field(False, description="Batch examples of similar length: less padding.")
    use_cpu: bool = True  # false: train on an available GPU
    max_steps: int = -1
    logging_steps: int = 10


class TrainConfig(_Strict):
    task: Literal["themes", "stance", "attribution"]
    backbone: str = "default"
    data: DataConfig = DataConfig()
    input: InputConfig = InputConfig()
    training: TrainingParams = TrainingParams()
    output_dir: Path
    run_dir: Path = Path("runs")

    def resolve(self, path: Path) -> Path:
        """Relative paths in a config are relative to the repository root."""
        return path if path.is_absolute() else REPO_ROOT / path


class ConfigError(ValueError):
    """A config that cannot be used, with the file and the key at fault."""


def _set_dotted(data: dict[str, Any], dotted: str, raw_value: str) -> None:
    keys = dotted.split(".")
    node = data
    for key in keys[:-1]:
        node = node.setdefault(key, {})
        if not isinstance(node, dict):
            raise ConfigError(f"override {dotted!r}: {key!r} is not a section")
    node[keys[-1]] = yaml.safe_load(raw_value)


def load_config(path: str | Path, overrides: list[str] | tuple[str, ...] = ()) -> TrainConfig:
    """Read, override and validate a training config; raises ``ConfigError`` with the key at fault."""
    path = Path(path)
    try:
        with open(path, encoding="utf-8") as f:
            data = yaml.safe_load(f) or {}
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such config file") from None
    for item in overrides:
        if "=" not in item:
            raise ConfigError(f"override {item!r} is not KEY=VALUE")
        key, value = item.split("=", 1)
        _set_dotted(data, key.strip(), value)
    try:
        return TrainConfig.model_validate(data)
    except ValidationError as e:
        lines = []
        for err in e.errors():
            key = ".".join(str(p) for p in err["loc"])
            reason = "unknown key" if err["type"] == "extra_forbidden" else err["msg"]
            lines.append(f"{path}: {key}: {reason}")
        raise ConfigError("\n".join(lines)) from None
