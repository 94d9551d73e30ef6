"""Where a report's figures came from: time, code version, library versions, model data hashes.

A score without its provenance cannot be compared with next month's score,
so every report records them. Nothing here may fail the evaluation: a missing
git, package or file becomes ``None``.
"""

from __future__ import annotations

import json
import platform
import subprocess
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

import toolkit
from toolkit.paths import REPO_ROOT

MODEL_MANIFEST = "toolkit.json"
DATA_HASH_KEYS = ("data_hash", "data_sha256", "train_data_hash")


def git_commit(repo: Path = REPO_ROOT) -> str | None:
    """``git rev-parse HEAD`` of the repository, or None outside a checkout or without git."""
    try:
        result = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True, timeout=10, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None


def package_version(name: str) -> str | None:
    """An installed distribution's version, read from its metadata (torch is never imported here)."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def versions() -> dict[str, str | None]:
    return {
        "python": platform.python_version(),
        "torch": package_version("torch"),
        "transformers": package_version("transformers"),
        "toolkit": getattr(toolkit, "__version__", None) or package_version("statement-toolkit"),
    }


def model_info(folder: Path) -> dict[str, Any]:
    """A models folder's data hash (and the rest of its ``toolkit.json`` summary) when the folder has one."""
    info: dict[str, Any] = {"path": str(folder), "data_hash": None, "manifest": None}
    manifest = Path(folder) / MODEL_MANIFEST
    if not manifest.is_file():
        return info
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return info
    if not isinstance(data, dict):
        return info
    info["manifest"] = str(manifest)
    nested = data.get("data") if isinstance(data.get("data"), dict) else {}
    for key in DATA_HASH_KEYS:
        if data.get(key) or nested.get(key):
            info["data_hash"] = data.get(key) or nested.get(key)
            break
    else:
        info["data_hash"] = nested.get("hash") or nested.get("sha256")
    for key in ("version", "created", "task", "tasks"):
        if key in data:
            info[key] = data[key]
    return info


def provenance(config: dict[str, Any]) -> dict[str, Any]:
    """The provenance block of report.json: UTC time, git commit, versions, the run's arguments."""
    return {
        "time_utc": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "git_commit": git_commit(),
        "versions": versions(),
        "config": config,
    }
