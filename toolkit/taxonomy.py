"""The label sets (themes, stances, statement kinds), read from ``configs/taxonomy.yaml``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from toolkit.paths import config_path


@dataclass(frozen=True)
class Taxonomy:
    """Theme names with their descriptions, and the stance and kind labels, in file order."""

    themes: dict[str, str]
    stances: tuple[str, ...]
    kinds: tuple[str, ...]

    @property
    def theme_names(self) -> tuple[str, ...]:
        return tuple(self.themes)

    def to_dict(self) -> dict:
        return {"themes": dict(self.themes), "stances": list(self.stances), "kinds": list(self.kinds)}

    @classmethod
    def from_dict(cls, data: dict, source: str = "<dict>") -> Taxonomy:
        missing = {"themes", "stances", "kinds"} - set(data or {})
        if missing:
            raise ValueError(f"{source}: taxonomy lacks {sorted(missing)}")
        unknown = set(data) - {"themes", "stances", "kinds"}
        if unknown:
            raise ValueError(f"{source}: unknown taxonomy keys {sorted(unknown)}")
        return cls(
            themes={str(k): str(v) for k, v in data["themes"].items()},
            stances=tuple(data["stances"]),
            kinds=tuple(data["kinds"]),
        )


@lru_cache(maxsize=8)
def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """Read a taxonomy file; the project's ``configs/taxonomy.yaml`` by default."""
    path = Path(path) if path else config_path("taxonomy.yaml")
    with open(path, encoding="utf-8") as f:
        return Taxonomy.from_dict(yaml.safe_load(f), source=str(path))
