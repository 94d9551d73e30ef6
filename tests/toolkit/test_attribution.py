"""Speaker attribution: candidates, in-document resolution, affiliations, and the scorer end to end."""

import pytest
from helpers import synthetic_articles, tiny_backbone, write_jsonl

from toolkit.attribution import Attributor, candidates_for, scorer_input
from toolkit.extract import extract_statements
from toolkit.paths import REPO_ROOT

SEED = (REPO_ROOT / "seeds" / "articles" / "000_c7fff0550d78954a.txt").read_text(encoding="utf-8")


def attribute(text: str) -> list[tuple[str, str | None, str | None]]:
    statements, _ = Attributor().attribute(text, extract_statements(text))
    return [(s.text, s.speaker, s.affiliation) for s in statements]


def test_surname_pronoun_and_title_resolve_to_the_fullest_name():
    text = (
        "Talks Held\n\n"
        "Chinese Foreign Minister Wang Yi met his Tajik counterpart, Sirojiddin Muhriddin, on Monday.\n\n"
        "Ties are strong, Wang said. The weather was mild.\n\n"
        "He added that trade would grow.\n\n"
        "Tajikistan is committed to the one-China principle, Muhriddin said.\n\n"
        "The minister also said security cooperation matters."
    )
    assert attribute(text) == [
        ("Ties are strong", "Wang Yi", "China"),
        ("trade would grow", "Wang Yi", "China"),
        ("Tajikistan is committed to the one-China principle", "Sirojiddin Muhriddin", "Tajikistan"),
        ("security cooperation matters", "Sirojiddin Muhriddin", "Tajikistan"),
    ]


def test_groups_countries_reporters_and_organisations():
    text = (
        "Trade Talks\n\n"
        "The two sides agreed to expand trade. The Philippines welcomed the deal.\n\n"
        "A reporter from Reuters asked whether tariffs would fall.\n\n"
        "Kelvin Teo, an economist at Straits Meridian Bank, said exporters were nervous."
    )
    assert attribute(text) == [
        ("to expand trade", "the two sides", "multiple"),
        ("the deal", "Philippines", "Philippines"),
        ("whether tariffs would fall", "a reporter from Reuters", "Reuters"),
        ("exporters were nervous", "Kelvin Teo", "Straits Meridian Bank"),
    ]


def test_seed_article_speakers_and_entities():
    statements, entities = Attributor().attribute(SEED, extract_statements(SEED))
    speakers = {s.speaker for s in statements}
    assert {"Wang Yi", "Sirojiddin Muhriddin", "the two sides"} <= speakers
    by_name = {e.name: e for e in entities}
    assert by_name["Wang Yi"].affiliation == "China"
    assert by_name["Sirojiddin Muhriddin"].affiliation == "Tajikistan"
    assert "Wang" in by_name["Wang Yi"].aliases and "Muhriddin" in by_name["Sirojiddin Muhriddin"].aliases


def test_candidates_include_the_extracted_subject_and_are_marked_in_the_input():
    text = "Talks\n\nLi Wei met Ana Ruiz in Madrid. Trade will grow, Ruiz said."
    st = extract_statements(text)[0]
    candidates = candidates_for(text, st)
    assert candidates[0].text == "Ruiz"  # nearest to the cue first
    assert {"Li Wei", "Ana Ruiz", "Madrid"} <= {c.text for c in candidates}
    encoded, _ = scorer_input(text, st, candidates[0])
    assert "[ Trade will grow ]" in encoded and "<< Ruiz >>" in encoded


@pytest.fixture(scope="module")
def tiny_scorer(tmp_path_factory):
    from training.config import load_config
    from training.trainer import train_classifier

    d = tmp_path_factory.mktemp("attr")
    write_jsonl(d / "train.jsonl", synthetic_articles(12))
    write_jsonl(d / "dev.jsonl", synthetic_articles(3, prefix="dev"))
    cfg = d / "c.yaml"
    cfg.write_text(
        f"task: attribution\nbackbone: {tiny_backbone(d / 'bb')}\n"
        f"data: {{train: {d / 'train.jsonl'}, dev: {d / 'dev.jsonl'}, test: null}}\n"
        f"training: {{max_steps: 30, learning_rate: 2.0e-3, batch_size: 8}}\n"
        f"output_dir: {d / 'attribution'}\nrun_dir: {d / 'runs'}\n",
        encoding="utf-8",
    )
    return train_classifier(load_config(cfg), progress=False).output_dir


def test_trained_scorer_runs_end_to_end(tiny_scorer):
    attributor = Attributor.load(tiny_scorer)
    text = SEED
    statements, entities = attributor.attribute(text, extract_statements(text))
    assert len(statements) == 24
    assert all(s.speaker_score is not None and 0 <= s.speaker_score <= 1 for s in statements)
    assert {e.name for e in entities} == {s.speaker for s in statements}
