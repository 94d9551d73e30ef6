"""The tagger's settings, read from ``configs/tag.yaml`` and checked; the command line overrides them."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from toolkit.paths import config_path


class RaySettings(BaseModel):
    """Where the Ray engine runs and how many model copies it keeps."""

    model_config = ConfigDict(extra="forbid")

    address: str | None = None
    actors: int | None = Field(default=None, ge=1)
    cpus_per_actor: float = Field(default=1, gt=0)


class TagConfig(BaseModel):
    """Everything ``toolkit tag`` decides besides its inputs and output."""

    model_config = ConfigDict(extra="forbid")

    models: Path = Path("models")
    engine: Literal["local", "ray"] = "local"
    fast: bool = True
    batch_articles: int = Field(default=32, ge=1)
    classifier_batch_size: int = Field(default=16, ge=1)
    shard_articles: int = Field(default=1024, ge=1)
    max_text_chars: int = Field(default=2_000_000, ge=1)
    ray: RaySettings = Field(default_factory=RaySettings)


def load_tag_config(path: str | Path | None = None, **overrides) -> TagConfig:
    """Read the YAML config (``configs/tag.yaml`` by default) and apply the non-``None`` overrides.

    Raises ``ValueError`` naming the file and the bad key or value.
    """
    path = Path(path) if path else config_path("tag.yaml")
    data = {}
    if path.is_file():
        with open(path, encoding="utf-8") as f:
            data = yaml.safe_load(f) or {}
    data.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return TagConfig.model_validate(data)
    except ValidationError as e:
        raise ValueError(f"{path}: {e}") from None
