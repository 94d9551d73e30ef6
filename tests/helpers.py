"""Helpers shared by tests: paths and small hand-made records."""

from __future__ import annotations

import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "seeds" / "gold"
SEED_TEXT = REPO / "seeds" / "articles" / "000_c7fff0550d78954a.txt"


def make_article(**overrides) -> dict:
    """A small valid gold article as a dict; tests break one field at a time."""
    text = 'Talks Held\n\nChina is ready to work with Laos, Wang said. "We oppose tariffs," Li said.'
    first = "China is ready to work with Laos"
    second = "We oppose tariffs"
    article = {
        "id": "t-1",
        "title": "Talks Held",
        "text": text,
        "entities": [
            {"name": "Wang Yi", "affiliation": "China", "aliases": ["Wang"]},
            {"name": "Li Wei", "affiliation": "China", "aliases": ["Li"]},
        ],
        "statements": [
            {"start": text.index(first), "end": text.index(first) + len(first), "text": first,
             "kind": "indirect", "cue": "said", "speaker": "Wang Yi", "speaker_mention": "Wang",
             "affiliation": "China", "themes": [], "stance": "favor"},
            {"start": text.index(second), "end": text.index(second) + len(second), "text": second,
             "kind": "direct", "cue": "said", "speaker": "Li Wei", "speaker_mention": "Li",
             "affiliation": "China", "themes": ["trade"], "stance": "against"},
        ],
    }  # fmt: skip
    article.update(overrides)
    return article


def write_jsonl(path: Path, records: list) -> Path:
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n")
    return path
