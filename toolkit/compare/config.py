"""The comparison's settings, read from ``configs/compare.yaml`` and checked.

The stance roles live here rather than in code so that no stance name is
written into the comparison: the taxonomy owns the names, this file says which
two of them are opposite positions (everything else takes no side).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from toolkit.paths import REPO_ROOT, config_path
from toolkit.taxonomy import Taxonomy

_KEYS = {
    "stances": {"support", "oppose"},
    "alignment": {"side_pairs", "group_affiliation"},
    "pairs": {"threshold", "chosen_by", "f1", "n_pairs", "labelled", "backbone", "batch_size", "max_length"},
}


@dataclass(frozen=True)
class CompareConfig:
    """Stance roles, the matched-pair threshold with how it was chosen, and embedding settings."""

    support: str
    oppose: str
    threshold: float
    chosen_by: str = "not recorded"
    f1: float | None = None
    n_pairs: int | None = None
    labelled: Path = REPO_ROOT / "seeds" / "gold" / "pairs.jsonl"
    backbone: str = "default"
    batch_size: int = 32
    max_length: int = 256
    side_pairs: str = "shared-article"
    group_affiliation: str | None = "multiple"

    def check(self, taxonomy: Taxonomy) -> CompareConfig:
        """Raise ``ValueError`` unless both roles name distinct stances of the taxonomy."""
        for role in ("support", "oppose"):
            if getattr(self, role) not in taxonomy.stances:
                raise ValueError(
                    f"compare config: stances.{role} = {getattr(self, role)!r} is not a taxonomy stance "
                    f"({', '.join(taxonomy.stances)})"
                )
        polar = tuple(getattr(taxonomy, "polar_stances", ()) or ())
        if polar and set(polar) != {self.support, self.oppose}:
            raise ValueError(f"compare config: stances {self.polar} differ from the taxonomy's polar_stances {polar}")
        if self.support == self.oppose:
            raise ValueError("compare config: stances.support and stances.oppose must differ")
        if self.side_pairs not in ("shared-article", "all"):
            raise ValueError(
                f"compare config: alignment.side_pairs = {self.side_pairs!r} (allowed: shared-article, all)"
            )
        return self

    @property
    def polar(self) -> tuple[str, str]:
        return self.support, self.oppose


def _checked(data: Any, source: str) -> dict:
    if not isinstance(data, dict):
        raise ValueError(f"{source}: expected a mapping")
    unknown = set(data) - set(_KEYS)
    if unknown:
        raise ValueError(f"{source}: unknown keys {sorted(unknown)}")
    for section, allowed in _KEYS.items():
        extra = set(data.get(section) or {}) - allowed
        if extra:
            raise ValueError(f"{source}: unknown keys in {section}: {sorted(extra)}")
    return data


def load_compare_config(path: str | Path | None = None) -> CompareConfig:
    """Read ``configs/compare.yaml`` (or ``path``); unknown keys are an error, not ignored."""
    path = Path(path) if path else config_path("compare.yaml")
    with open(path, encoding="utf-8") as f:
        data = _checked(yaml.safe_load(f), str(path))
    stances, pairs = data.get("stances") or {}, data.get("pairs") or {}
    alignment = data.get("alignment") or {}
    labelled = Path(pairs.get("labelled", "seeds/gold/pairs.jsonl"))
    return CompareConfig(
        support=str(stances["support"]),
        oppose=str(stances["oppose"]),
        threshold=float(pairs["threshold"]),
        chosen_by=str(pairs.get("chosen_by", "not recorded")),
        f1=None if pairs.get("f1") is None else float(pairs["f1"]),
        n_pairs=None if pairs.get("n_pairs") is None else int(pairs["n_pairs"]),
        labelled=labelled if labelled.is_absolute() else REPO_ROOT / labelled,
        backbone=str(pairs.get("backbone", "default")),
        batch_size=int(pairs.get("batch_size", 32)),
        max_length=int(pairs.get("max_length", 256)),
        side_pairs=str(alignment.get("side_pairs", "shared-article")),
        group_affiliation=alignment.get("group_affiliation", "multiple"),
    )
