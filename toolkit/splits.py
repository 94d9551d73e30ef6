"""Building the fixed train/dev/test files from the labelled parts.

The split is by article and fixed by id in ``configs/splits.yaml``, so it never
changes when articles are added; the seed article, a test article only, is in
no split.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import yaml

from toolkit.corpus_stats import genre
from toolkit.jsonl import read_articles, write_articles
from toolkit.paths import config_path
from toolkit.schema import Article

SPLITS = ("train", "dev", "test")


def assign(articles: Sequence[Article], config: dict) -> dict[str, list[Article]]:
    """Articles by split; raises when the config names an unknown id or a genre misses a split."""
    dev, test = set(config.get("dev") or []), set(config.get("test") or [])
    ids = {a.id for a in articles}
    unknown = sorted((dev | test) - ids)
    if unknown:
        raise ValueError(f"splits config names articles that are not in the parts: {unknown}")
    if dev & test:
        raise ValueError(f"articles in both dev and test: {sorted(dev & test)}")
    out: dict[str, list[Article]] = {s: [] for s in SPLITS}
    for a in sorted(articles, key=lambda a: a.id):
        if a.id.startswith("seed-"):
            raise ValueError(f"{a.id}: the seed article belongs in no split")
        out["dev" if a.id in dev else "test" if a.id in test else "train"].append(a)
    genres = {genre(a) for a in articles}
    for split, items in out.items():
        missing = genres - {genre(a) for a in items}
        if missing:
            raise ValueError(f"split {split!r} has no {sorted(missing)} article")
    return out


def build_splits(parts: Sequence[Path], out_dir: Path, config_file: Path | None = None) -> dict[str, Counter]:
    """Write train/dev/test JSONL; returns the article count per genre of each split."""
    with open(config_file or config_path("splits.yaml"), encoding="utf-8") as f:
        config = yaml.safe_load(f)
    articles = [a for p in parts for a in read_articles(p, require_labels=True)]
    by_split = assign(articles, config)
    for split, items in by_split.items():
        write_articles(Path(out_dir) / f"{split}.jsonl", items)
    return {s: Counter(genre(a) for a in items) for s, items in by_split.items()}
