"""The label sets (themes, stances, statement kinds), read from ``configs/taxonomy.yaml``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from toolkit.paths import config_path


@dataclass(frozen=True)
class Taxonomy:
    """Themes and stances with their descriptions, and the statement kinds, in file order."""

    themes: dict[str, str]
    stance_descriptions: dict[str, str]
    kinds: tuple[str, ...]
    polar_stances: tuple[str, ...] = ()

    @property
    def stances(self) -> tuple[str, ...]:
        return tuple(self.stance_descriptions)

    @property
    def theme_names(self) -> tuple[str, ...]:
        return tuple(self.themes)

    def to_dict(self) -> dict:
        return {
            "themes": dict(self.themes),
            "stances": dict(self.stance_descriptions),
            "polar_stances": list(self.polar_stances),
            "kinds": list(self.kinds),
        }

    @classmethod
    def from_dict(cls, data: dict, source: str = "<dict>") -> Taxonomy:
        missing = {"themes", "stances", "kinds"} - set(data or {})
        if missing:
            raise ValueError(f"{source}: taxonomy lacks {sorted(missing)}")
        unknown = set(data) - {"themes", "stances", "kinds", "polar_stances"}
        if unknown:
            raise ValueError(f"{source}: unknown taxonomy keys {sorted(unknown)}")
        return cls(
            themes={str(k): str(v) for k, v in data["themes"].items()},
            stance_descriptions={str(k): str(v) for k, v in data["stances"].items()},
            kinds=tuple(data["kinds"]),
            polar_stances=tuple(data.get("polar_stances") or ()),
        )


@lru_cache(maxsize=8)
def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """Read a taxonomy file; the project's ``configs/taxonomy.yaml`` by default."""
    path = Path(path) if path else config_path("taxonomy.yaml")
    with open(path, encoding="utf-8") as f:
        return Taxonomy.from_dict(yaml.safe_load(f), source=str(path))
