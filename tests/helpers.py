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


TEMPLATES = [
    ("China firmly opposes the new tariffs on steel", ["trade"], "against"),
    ("the two sides will expand trade and investment", ["trade"], "favor"),
    ("we will strengthen security cooperation against terrorism", ["security"], "favor"),
    ("the military drills threaten regional peace", ["security"], "against"),
    ("Taiwan is an inalienable part of China's territory", ["one_china", "sovereignty"], "favor"),
    ("the students enjoyed the cultural festival", [], "neutral"),
    ("we respect the sovereignty and territorial integrity of Laos", ["sovereignty"], "favor"),
    ("the ministry asked about the schedule of the visit", [], "neutral"),
]


def synthetic_articles(n: int, prefix: str = "wire") -> list[dict]:
    """Small labelled articles built from templates: enough for a model to learn a little."""
    names = [("Ana Ruiz", "Spain"), ("Li Wei", "China"), ("Omar Haddad", "Egypt"), ("Kim Min-jun", "South Korea")]
    articles = []
    for i in range(n):
        statements = []
        text = "Headline Of The Day\n\n"
        for j in range(4):
            content, themes, stance = TEMPLATES[(i + j) % len(TEMPLATES)]
            name, country = names[(i + j) % len(names)]
            surname = name.split()[-1]
            prefix_text = f"{surname} said that "
            start = len(text) + len(prefix_text)
            text += f"{prefix_text}{content}. The weather was mild. "
            statements.append(
                {"start": start, "end": start + len(content), "text": content, "kind": "indirect", "cue": "said",
                 "speaker": name, "speaker_mention": surname, "affiliation": country, "themes": themes,
                 "stance": stance}
            )  # fmt: skip
        entities = {s["speaker"]: s["affiliation"] for s in statements}
        articles.append(
            {"id": f"{prefix}-t{i:02d}", "title": "Headline Of The Day", "text": text.strip(),
             "entities": [{"name": k, "affiliation": v, "aliases": [k.split()[-1]]} for k, v in entities.items()],
             "statements": statements}
        )  # fmt: skip
    return articles


def tiny_backbone(folder: Path) -> Path:
    """A randomly initialised 2-layer BERT with the real MiniLM tokenizer: no download, trains in seconds."""
    import shutil

    from transformers import BertConfig, BertModel

    from toolkit.paths import default_backbone

    folder.mkdir(parents=True, exist_ok=True)
    for name in ("vocab.txt", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"):
        shutil.copy(default_backbone() / name, folder / name)
    config = BertConfig(
        vocab_size=30522, hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64,
        max_position_embeddings=256,
    )  # fmt: skip
    BertModel(config).save_pretrained(folder, safe_serialization=True)
    return folder
