"""A tiny gold corpus and two systems' predictions, written as JSONL, for the end-to-end eval tests.

Gold: four readouts with three statements each, and one hostile article whose
statement is ``<script>alert(1)</script>``: 13 gold statements.

- ``sys_a`` is gold plus scores: perfect.
- ``sys_b`` misses the third statement of each readout and the hostile one,
  shortens the first span (a Jaccard match, not exact), gives the first
  statement the wrong speaker and the second the wrong stance with
  confidence 0.8: 8 predictions, 8 matched, 4 exact, speaker 4/8 right.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import write_jsonl

from toolkit.taxonomy import load_taxonomy

HOSTILE = "<script>alert(1)</script>"


def span(text: str, sub: str, **labels) -> dict:
    start = text.index(sub)
    return {"start": start, "end": start + len(sub), "text": sub, "kind": "direct", "cue": "said"} | labels


def readout(i: int) -> dict:
    taxonomy = load_taxonomy()
    favor, against, neutral = taxonomy.stances
    sovereignty, _, security, trade = taxonomy.theme_names
    text = (
        f"Talks Held {i}\n\nChina is ready to work with Laos on trade and roads, Wang said. "
        f'"We oppose the new tariffs," Li said. Officials noted that security talks will continue next year.'
    )
    who = {"Wang Yi": "Wang", "Li Wei": "Li", "Officials": "Officials"}
    statements = [
        ("China is ready to work with Laos on trade and roads", "Wang Yi", [trade], favor),
        ("We oppose the new tariffs", "Li Wei", [trade, sovereignty], against),
        ("security talks will continue next year", "Officials", [security], neutral),
    ]
    return {
        "id": f"readout-t{i:02d}",
        "title": f"Talks Held {i}",
        "text": text,
        "entities": [{"name": n, "affiliation": "China", "aliases": [m]} for n, m in who.items()],
        "statements": [
            span(text, sub, speaker=spk, speaker_mention=who[spk], affiliation="China", themes=th, stance=st)
            for sub, spk, th, st in statements
        ],
    }


def hostile() -> dict:
    stance = load_taxonomy().stances[-1]
    text = f'{HOSTILE} in the news\n\n"{HOSTILE}," Wang said.'
    return {
        "id": "wire-t99",
        "title": f"{HOSTILE} in the news",
        "text": text,
        "entities": [{"name": "Wang Yi", "affiliation": "China", "aliases": ["Wang"]}],
        "statements": [
            span(
                text,
                HOSTILE,
                start=text.index(HOSTILE, 5),
                end=text.index(HOSTILE, 5) + len(HOSTILE),
                speaker="Wang Yi",
                speaker_mention="Wang",
                affiliation="China",
                themes=[],
                stance=stance,
            )
        ],
    }


def with_scores(article: dict) -> dict:
    taxonomy = load_taxonomy()
    article = copy.deepcopy(article)
    for st in article["statements"]:
        st["stance_scores"] = {s: (0.9 if s == st["stance"] else 0.05) for s in taxonomy.stances}
        st["theme_scores"] = {t: (0.8 if t in st["themes"] else 0.1) for t in taxonomy.theme_names}
        st["speaker_score"] = 0.9
    return article


def degrade(article: dict) -> dict:
    """sys_b's version of a readout (see the module docstring)."""
    taxonomy = load_taxonomy()
    article = with_scores(article)
    first, second, _ = article["statements"]
    shorter = "China is ready to work with Laos on trade"
    first.update(end=first["start"] + len(shorter), text=shorter, speaker="Li Wei", speaker_score=0.7)
    wrong = taxonomy.stances[-1]
    second["stance"] = wrong
    second["stance_scores"] = {s: (0.8 if s == wrong else 0.1) for s in taxonomy.stances}
    article["statements"] = [first, second]
    return article


@dataclass
class Corpus:
    gold: Path
    sys_a: Path
    sys_b: Path
    out: Path


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    readouts = [readout(i) for i in range(4)]
    gold = readouts + [hostile()]
    hostile_empty = hostile() | {"statements": []}
    return Corpus(
        gold=write_jsonl(tmp_path / "gold.jsonl", gold),
        sys_a=write_jsonl(tmp_path / "sys_a.jsonl", [with_scores(a) for a in gold]),
        sys_b=write_jsonl(tmp_path / "sys_b.jsonl", [degrade(a) for a in readouts] + [hostile_empty]),
        out=tmp_path / "report",
    )
