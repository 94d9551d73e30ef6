"""Comparison on tiny hand-made articles, with a deterministic fake embedder (no model)."""

from __future__ import annotations

import hashlib
import json
import re

import numpy as np
import pytest
from helpers import write_jsonl
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.compare import run as run_module
from toolkit.compare.alignment import compare_sides, majority_stance
from toolkit.compare.config import CompareConfig, load_compare_config
from toolkit.compare.pairs import candidate_pairs, match_pairs
from toolkit.compare.records import flatten
from toolkit.compare.run import run_compare
from toolkit.compare.tables import stance_table
from toolkit.compare.threshold import best_threshold, read_labelled_pairs
from toolkit.compare.trends import period_of, stance_trends
from toolkit.schema import Article
from toolkit.taxonomy import load_taxonomy

TAX = load_taxonomy()
CONFIG = CompareConfig(support="favor", oppose="against", threshold=0.8, chosen_by="a test value")
POLAR = CONFIG.polar
AFFILIATION = {"Ann": "Avalon", "Bo": "Borduria", "Cy": "Carpania", "Di": "Avalon"}


class FakeEmbedder:
    """Hashed bag of words: texts sharing words are similar; deterministic across runs."""

    def __init__(self, dim: int = 256):
        self.dim = dim
        self.calls = 0

    def encode(self, texts, batch_size: int = 32) -> np.ndarray:
        self.calls += 1
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                out[i, int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dim] += 1.0
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


def make(article_id: str, said: list[tuple[str, list[str], str, str]], date: str | None = None) -> Article:
    """An article whose sentences are ``<content>, <speaker> said.``; offsets computed, not typed."""
    text, statements = "Headline\n\n", []
    for speaker, themes, stance, content in said:
        start = len(text)
        text += f"{content}, {speaker} said. "
        statements.append(
            {"start": start, "end": start + len(content), "text": content, "kind": "indirect", "cue": "said",
             "speaker": speaker, "speaker_mention": speaker, "affiliation": AFFILIATION[speaker],
             "themes": themes, "stance": stance}
        )  # fmt: skip
    entities = [{"name": s, "affiliation": AFFILIATION[s]} for s in dict.fromkeys(s for s, *_ in said)]
    return Article(id=article_id, text=text, date=date, entities=entities, statements=statements)


def verdicts(
    articles: list[Article], level: str = "speaker", scope: str = "shared-article"
) -> dict[tuple[str, str, str], str]:
    found = compare_sides(flatten(articles), level, TAX, POLAR, scope)
    return {(v.a, v.b, v.theme): v.verdict for v in found}


# --- majority stance and verdicts ---------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({"favor": 2, "against": 1, "neutral": 0}, "favor"),
        ({"favor": 1, "against": 2, "neutral": 1}, "against"),
        ({"favor": 1, "against": 1, "neutral": 0}, None),  # support tied with oppose: no majority
        ({"favor": 1, "against": 0, "neutral": 1}, "favor"),  # a neutral mention does not cancel a position
        ({"favor": 1, "against": 0, "neutral": 2}, "neutral"),
        ({"favor": 0, "against": 0, "neutral": 0}, None),
    ],
)
def test_majority_stance(counts, expected):
    assert majority_stance(counts, POLAR) == expected


def test_aligned_divergent_one_sided_and_non_committal():
    article = make(
        "x-1",
        [
            ("Ann", ["trade"], "favor", "We welcome the new trade corridor"),
            ("Bo", ["trade"], "favor", "The corridor will lift exports"),
            ("Ann", ["security"], "against", "The drills threaten the region"),
            ("Bo", ["security"], "favor", "The drills keep the region safe"),
            ("Ann", ["sovereignty"], "favor", "Our borders are not negotiable"),
            ("Bo", ["one_china"], "neutral", "Taiwan was mentioned in the talks"),
            ("Ann", ["one_china"], "favor", "We uphold the one-China policy"),
        ],
    )
    found = verdicts([article])
    assert found == {
        ("Ann", "Bo", "sovereignty"): "one-sided",
        ("Ann", "Bo", "one_china"): "non-committal",
        ("Ann", "Bo", "security"): "divergent",
        ("Ann", "Bo", "trade"): "aligned",
    }


def test_verdict_lists_the_statements_behind_it():
    article = make(
        "x-2", [("Ann", ["trade"], "favor", "We back the deal"), ("Bo", ["trade"], "against", "The deal is unfair")]
    )
    (verdict,) = compare_sides(flatten([article]), "speaker", TAX, POLAR)
    assert verdict.verdict == "divergent"
    assert (verdict.a_stance, verdict.b_stance) == ("favor", "against")
    cited = [(s["side"], s["article"], article.text[s["start"] : s["end"]], s["text"]) for s in verdict.statements]
    assert cited == [
        ("Ann", "x-2", "We back the deal", "We back the deal"),
        ("Bo", "x-2", "The deal is unfair", "The deal is unfair"),
    ]


def test_majority_rule_decides_the_verdict():
    article = make(
        "x-3",
        [
            ("Ann", ["trade"], "favor", "Tariffs must fall"),
            ("Ann", ["trade"], "favor", "Open markets help everyone"),
            ("Ann", ["trade"], "against", "This one tariff must stay"),
            ("Bo", ["trade"], "favor", "We cut tariffs"),
            ("Cy", ["trade"], "against", "The tariff cut hurts our farmers"),
        ],
    )
    found = verdicts([article])
    assert found[("Ann", "Bo", "trade")] == "aligned"  # Ann: 2 favor, 1 against -> favor
    assert found[("Ann", "Cy", "trade")] == "divergent"
    assert found[("Bo", "Cy", "trade")] == "divergent"


def test_corpus_pairs_compare_on_shared_articles_unless_all():
    first = make(
        "x-4",
        [
            ("Ann", ["trade"], "favor", "Tariffs must fall"),
            ("Ann", ["trade"], "favor", "Open markets help everyone"),
            ("Cy", ["trade"], "against", "The tariff cut hurts our farmers"),
        ],
    )
    second = make(
        "x-5",
        [("Ann", ["trade"], "against", "This one tariff must stay"), ("Bo", ["trade"], "favor", "We cut tariffs")],
    )
    shared = verdicts([first, second])
    assert shared[("Ann", "Bo", "trade")] == "divergent"  # in x-5, the one article they share, Ann was against
    assert shared[("Ann", "Cy", "trade")] == "divergent"
    assert ("Bo", "Cy", "trade") not in shared  # never in one article: not compared
    everything = verdicts([first, second], scope="all")
    assert everything[("Ann", "Bo", "trade")] == "aligned"  # all of Ann's statements: 2 favor, 1 against
    assert everything[("Bo", "Cy", "trade")] == "divergent"


def test_group_speakers_are_per_article_and_not_an_affiliation_side():
    said = [("Ann", ["trade"], "favor", "We trade"), ("Bo", ["trade"], "favor", "We trade too")]
    first, second = make("g-1", said), make("g-2", said)
    for article in (first, second):
        article.entities.append({"name": "the two sides", "affiliation": "multiple"})
        article.statements.append(article.statements[0].model_copy(update={"speaker": "the two sides",
                                                                            "affiliation": "multiple"}))  # fmt: skip
    speakers = {st.speaker for st in flatten([first, second], "multiple")}
    assert speakers == {"Ann", "Bo", "the two sides [g-1]", "the two sides [g-2]"}
    found = compare_sides(flatten([first, second], "multiple"), "affiliation", TAX, POLAR)
    assert {(v.a, v.b) for v in found} == {("Avalon", "Borduria")}


def test_affiliation_level_pools_its_speakers():
    article = make(
        "x-5",
        [
            ("Ann", ["trade"], "favor", "We welcome investment"),
            ("Di", ["trade"], "favor", "Investment is welcome"),
            ("Bo", ["trade"], "against", "We oppose the investment rules"),
        ],
    )
    assert verdicts([article], "affiliation") == {("Avalon", "Borduria", "trade"): "divergent"}
    table = stance_table(flatten([article]), "affiliation", TAX)
    assert table["Avalon"]["trade"] == {"favor": 2, "against": 0, "neutral": 0}
    assert table["Borduria"]["trade"] == {"favor": 0, "against": 1, "neutral": 0}


def test_table_counts_a_statement_under_each_of_its_themes():
    article = make("x-6", [("Ann", ["trade", "security"], "against", "Sanctions and drills must end")])
    row = stance_table(flatten([article]), "speaker", TAX)["Ann"]
    assert row["trade"]["against"] == row["security"]["against"] == 1
    assert list(row) == list(TAX.themes)
    assert sum(sum(c.values()) for c in row.values()) == 2


# --- trends -------------------------------------------------------------------------------


def _dated_corpus() -> list[Article]:
    return [
        make("d-1", [("Ann", ["trade"], "favor", "Trade grows")], date="2024-01-05"),
        make("d-2", [("Ann", ["trade"], "against", "Tariffs hurt")], date="2024-01-28"),
        make("d-3", [("Bo", ["trade"], "favor", "Exports rise")], date="2024-03-02"),
        make("d-4", [("Ann", ["trade"], "favor", "Trade helps")], date="2023-12-31"),
        make("d-5", [("Ann", ["trade"], "neutral", "Trade was discussed")]),
    ]


def test_trends_by_month_with_an_undated_article():
    trends = stance_trends(flatten(_dated_corpus()), "month", TAX)
    assert list(trends) == ["2023-12", "2024-01", "2024-03", "undated"]
    assert trends["2024-01"] == {"Avalon": {"trade": {"favor": 1, "against": 1, "neutral": 0}}}
    assert trends["2024-03"] == {"Borduria": {"trade": {"favor": 1, "against": 0, "neutral": 0}}}
    assert trends["undated"]["Avalon"]["trade"]["neutral"] == 1


def test_trends_by_year_and_day():
    by_year = stance_trends(flatten(_dated_corpus()), "year", TAX)
    assert list(by_year) == ["2023", "2024", "undated"]
    assert by_year["2024"]["Avalon"]["trade"] == {"favor": 1, "against": 1, "neutral": 0}
    assert list(stance_trends(flatten(_dated_corpus()), "day", TAX))[:2] == ["2023-12-31", "2024-01-05"]


def test_period_errors_are_plain():
    assert period_of(None, "year") == "undated"
    with pytest.raises(ValueError, match="not an ISO date"):
        period_of("5 March 2024", "month")
    with pytest.raises(ValueError, match="unknown period"):
        period_of("2024-03-05", "week")


# --- matched pairs and the threshold --------------------------------------------------------


def test_candidates_need_different_speakers_a_shared_theme_and_one_article():
    one = make(
        "p-1",
        [
            ("Ann", ["trade"], "favor", "We pledge to open our grain market"),
            ("Ann", ["trade"], "favor", "We pledge to open our grain market fully"),
            ("Bo", ["trade", "security"], "favor", "We pledge to open our grain market too"),
            ("Bo", ["security"], "favor", "Border patrols will be doubled"),
        ],
    )
    other = make("p-2", [("Cy", ["trade"], "favor", "We pledge to open our grain market")])
    pairs = candidate_pairs(flatten([one, other]))
    assert [(c.a.speaker, c.b.speaker, c.themes) for c in pairs] == [("Ann", "Bo", ("trade",))] * 2


def test_match_pairs_uses_similarity_and_threshold():
    article = make(
        "p-3",
        [
            ("Ann", ["trade"], "favor", "We will buy more grain from Borduria"),
            ("Bo", ["trade"], "favor", "Borduria will sell more grain to Avalon"),
            ("Bo", ["trade"], "against", "Steel quotas are unacceptable"),
        ],
    )
    candidates = candidate_pairs(flatten([article]))
    assert len(candidates) == 2
    embedder = FakeEmbedder()
    strict = match_pairs(candidates, embedder, threshold=0.4)
    assert [(m.candidate.b.text, round(m.similarity, 2) >= 0.4) for m in strict] == [
        ("Borduria will sell more grain to Avalon", True)
    ]
    assert len(match_pairs(candidates, embedder, threshold=-1.0)) == 2
    assert match_pairs([], None, threshold=0.5) == []


def test_best_threshold_maximises_f1():
    sims = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4]
    answers = [True, True, False, True, False, False]
    choice = best_threshold(sims, answers)
    assert choice.threshold == 0.55  # accept the top four: F1 = 2*3 / (4 + 3)
    assert choice.f1 == pytest.approx(6 / 7)
    assert (choice.n_pairs, choice.n_true) == (6, 3)
    assert best_threshold([0.9, 0.8, 0.3], [True, True, False]).threshold == 0.55
    with pytest.raises(ValueError, match="both"):
        best_threshold([0.9, 0.8], [True, True])


def test_labelled_pairs_refuse_forbidden_and_unknown(tmp_path):
    article = make("dev-1", [("Ann", ["trade"], "favor", "Grain deal"), ("Bo", ["trade"], "favor", "Grain deal")])
    a, b = article.statements
    line = {"article": "dev-1", "a": [a.start, a.end], "b": [b.start, b.end], "answers": True}
    path = write_jsonl(tmp_path / "pairs.jsonl", [line])
    (pair,) = read_labelled_pairs(path, {"dev-1": article})
    assert (pair.a_text, pair.b_text, pair.answers) == ("Grain deal", "Grain deal", True)
    with pytest.raises(ValueError, match="seed or a test article"):
        read_labelled_pairs(path, {"dev-1": article}, forbidden={"dev-1"})
    write_jsonl(path, [{**line, "b": [0, 3]}])
    with pytest.raises(ValueError, match="no statement at"):
        read_labelled_pairs(path, {"dev-1": article})


# --- config ---------------------------------------------------------------------------------


def test_shipped_config_is_valid_and_unknown_keys_are_refused(tmp_path):
    config = load_compare_config().check(TAX)
    assert 0 < config.threshold < 1 and config.f1 is not None
    bad = tmp_path / "compare.yaml"
    bad.write_text("stances: {support: favor, oppose: against}\npairs: {threshold: 0.5, treshold: 0.4}\n")
    with pytest.raises(ValueError, match="treshold"):
        load_compare_config(bad)
    with pytest.raises(ValueError, match="not a taxonomy stance"):
        CompareConfig(support="pro", oppose="against", threshold=0.5).check(TAX)


# --- outputs --------------------------------------------------------------------------------


def test_html_escapes_article_text_and_is_self_contained(tmp_path):
    article = make(
        "h-1",
        [
            ("Ann", ["trade"], "favor", "<script>alert('x')</script> trade & grain"),
            ("Bo", ["trade"], "favor", "<script>alert('x')</script> trade & grain too"),
        ],
    )
    path = write_jsonl(tmp_path / "in.jsonl", [article.to_json_dict()])
    run_compare([path], tmp_path / "out", embedder=FakeEmbedder(), config=CONFIG)
    html = (tmp_path / "out" / "comparison.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;" in html
    assert "<script>" not in html
    assert "trade &amp; grain" in html
    assert "data:image/png;base64," in html
    assert not re.search(r'(src|href)="(?!data:)', html)
    assert "&lt;script&gt;" in (tmp_path / "out" / "comparison.md").read_text(encoding="utf-8")


def test_comparison_json_states_threshold_and_pairs(tmp_path):
    article = make(
        "j-1",
        [
            ("Ann", ["trade"], "favor", "We open the grain market"),
            ("Bo", ["trade"], "favor", "We open the grain market"),
        ],
    )
    path = write_jsonl(tmp_path / "in.jsonl", [article.to_json_dict()])
    embedder = FakeEmbedder()
    summary = run_compare([path], tmp_path / "a", embedder=embedder, config=CONFIG)
    result = json.loads((tmp_path / "a" / "comparison.json").read_text(encoding="utf-8"))
    assert result["threshold"] == {"value": 0.8, "source": "configs/compare.yaml", "chosen_by": "a test value",
                                   "f1": None, "n_pairs": None}  # fmt: skip
    (pair,) = result["matched_pairs"]
    assert pair["similarity"] == pytest.approx(1.0, abs=1e-4)
    assert (pair["a"]["speaker"], pair["b"]["speaker"]) == ("Ann", "Bo")
    assert "Ann (Avalon)" in summary and "aligned 1" in summary and "matched pairs: 1 of 1" in summary
    run_compare([path], tmp_path / "b", threshold=1.01, embedder=embedder, config=CONFIG)
    again = json.loads((tmp_path / "b" / "comparison.json").read_text(encoding="utf-8"))
    assert again["matched_pairs"] == [] and again["threshold"]["source"] == "--threshold"


def test_no_candidates_never_loads_a_model(tmp_path):
    article = make("n-1", [("Ann", ["trade"], "favor", "Trade"), ("Bo", ["security"], "favor", "Security")])
    path = write_jsonl(tmp_path / "in.jsonl", [article.to_json_dict()])
    embedder = FakeEmbedder()
    run_compare([path], tmp_path / "out", embedder=embedder, config=CONFIG)
    assert embedder.calls == 0


def test_cli_writes_the_three_files(tmp_path, monkeypatch):
    monkeypatch.setattr(run_module, "_cached_embedder", lambda *args: FakeEmbedder())
    corpus = _dated_corpus() + [
        make("c-1", [("Ann", ["trade"], "favor", "Grain deal now"), ("Bo", ["trade"], "favor", "Grain deal now")])
    ]
    path = write_jsonl(tmp_path / "in.jsonl", [a.to_json_dict() for a in corpus])
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["compare", str(path), "--out", str(out), "--period", "year"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["comparison.html", "comparison.json", "comparison.md"]
    data = json.loads((out / "comparison.json").read_text(encoding="utf-8"))
    assert list(data["trends"]["counts"]) == ["2023", "2024", "undated"]
    assert "speakers: Ann (Avalon), Bo (Borduria)" in result.output
    assert "matched pairs: 1 of 1" in result.output
