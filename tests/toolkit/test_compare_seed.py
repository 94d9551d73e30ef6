"""The comparison on the seed's gold labels, and the shipped threshold, with the real backbone."""

from __future__ import annotations

import json

import pytest
from helpers import GOLD

from toolkit.compare.config import load_compare_config
from toolkit.compare.run import run_compare
from toolkit.compare.threshold import choose_threshold, forbidden_ids
from toolkit.embed import Embedder
from toolkit.taxonomy import load_taxonomy

WANG, MUHRIDDIN = "Wang Yi", "Sirojiddin Muhriddin"
DEV_IDS = {f"{genre}-{nn}" for genre in ("readout", "presser", "wire") for nn in ("a09", "a10", "b09")}


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return Embedder()


@pytest.fixture(scope="module")
def seed_result(embedder, tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("seed-compare")
    run_compare([GOLD / "seed.jsonl"], out, embedder=embedder)
    return json.loads((out / "comparison.json").read_text(encoding="utf-8"))


def _raised(row: dict) -> dict[str, dict[str, int]]:
    return {theme: counts for theme, counts in row.items() if sum(counts.values())}


def test_seed_speakers_are_in_favor_and_aligned_where_both_speak(seed_result):
    config = load_compare_config()
    table = seed_result["tables"]["speaker"]
    wang, muhriddin = _raised(table[WANG]), _raised(table[MUHRIDDIN])
    assert set(wang) == {"sovereignty", "security", "trade"}
    assert set(muhriddin) == {"sovereignty", "one_china", "security", "trade"}
    for counts in [*wang.values(), *muhriddin.values()]:
        assert counts[config.support] == sum(counts.values())  # in favor on every theme raised

    for level, (a, b) in (("speaker", (MUHRIDDIN, WANG)), ("affiliation", ("China", "Tajikistan"))):
        found = {v["theme"]: v for v in seed_result["verdicts"][level] if (v["a"], v["b"]) == (a, b)}
        assert {t: v["verdict"] for t, v in found.items()} == {
            "sovereignty": "aligned",
            "one_china": "one-sided",
            "security": "aligned",
            "trade": "aligned",
        }, level
        for theme in ("sovereignty", "security", "trade"):
            assert found[theme]["a_stance"] == found[theme]["b_stance"] == config.support


def test_seed_pairs_answer_each_other(seed_result):
    between = [m for m in seed_result["matched_pairs"] if {m["a"]["speaker"], m["b"]["speaker"]} == {WANG, MUHRIDDIN}]

    def text(pair: dict, speaker: str) -> str:
        return pair["a"]["text"] if pair["a"]["speaker"] == speaker else pair["b"]["text"]

    def has(theme: str, wang_words: str = "", muhriddin_words: str = "") -> bool:
        return any(
            theme in m["themes"] and wang_words in text(m, WANG) and muhriddin_words in text(m, MUHRIDDIN)
            for m in between
        )

    assert has(
        "sovereignty",
        "China strongly supports Tajikistan’s efforts to safeguard its sovereignty",
        "committed to safeguarding China’s core interests and always adheres to the one-China principle",
    )
    assert has("security", muhriddin_words="strengthen security cooperation")
    assert has("trade", "economic and trade cooperation", "promote trade and investment cooperation")


def test_shipped_threshold_is_the_best_f1_choice_on_the_judged_pairs(embedder):
    config = load_compare_config()
    lines = [json.loads(x) for x in config.labelled.read_text(encoding="utf-8").splitlines() if x.strip()]
    assert len(lines) >= 60 and {x["answers"] for x in lines} == {True, False}
    assert {x["article"] for x in lines} <= DEV_IDS and not {x["article"] for x in lines} & forbidden_ids()

    choice = choose_threshold(embedder, config.labelled, batch_size=config.batch_size)
    assert config.threshold == pytest.approx(choice.threshold, abs=1e-5)
    assert config.f1 == pytest.approx(choice.f1, abs=1e-3)
    assert config.n_pairs == choice.n_pairs == len(lines)
    assert load_taxonomy()  # the labels the pairs were judged under are the shipped ones
