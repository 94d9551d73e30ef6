"""The shipped gold data: valid, split cleanly, the seed kept apart, the corpus targets met."""

import pytest
from helpers import GOLD

from toolkit.corpus_stats import corpus_stats, unmet_targets
from toolkit.jsonl import read_articles, validate_files
from toolkit.sentences import sentences

SPLITS = ["train", "dev", "test"]


@pytest.fixture(scope="module")
def splits():
    return {s: read_articles(GOLD / f"{s}.jsonl", require_labels=True) for s in SPLITS}


def test_every_gold_file_validates():
    files = [GOLD / f"{s}.jsonl" for s in SPLITS] + [GOLD / "seed.jsonl"] + sorted((GOLD / "parts").glob("*.jsonl"))
    n, errors = validate_files(files[:4], require_labels=True)
    assert errors == [] and n >= 61
    for part in files[4:]:
        assert validate_files([part], require_labels=True)[1] == []


def test_splits_share_no_article_and_no_sentence(splits):
    ids = {s: {a.id for a in arts} for s, arts in splits.items()}
    assert not (ids["train"] & ids["dev"]) and not (ids["train"] & ids["test"]) and not (ids["dev"] & ids["test"])
    sents = {
        s: {" ".join(a.text[x.start : x.end].split()) for a in arts for x in sentences(a.text)[1:]}
        for s, arts in splits.items()
    }
    for a, b in (("train", "dev"), ("train", "test"), ("dev", "test")):
        shared = {x for x in sents[a] & sents[b] if len(x.split()) > 6}
        assert not shared, f"{a} and {b} share sentences: {sorted(shared)[:3]}"


def test_seed_is_in_no_split_and_split_sizes_are_about_70_15_15(splits):
    seed = read_articles(GOLD / "seed.jsonl", require_labels=True)
    assert [a.id for a in seed] == ["seed-000"]
    seed_text = seed[0].text
    for arts in splits.values():
        assert all(a.id != "seed-000" and a.text != seed_text for a in arts)
    sizes = {s: len(a) for s, a in splits.items()}
    total = sum(sizes.values())
    assert 0.62 <= sizes["train"] / total <= 0.78 and min(sizes["dev"], sizes["test"]) / total >= 0.1
    genres = {a.id.split("-")[0] for arts in splits.values() for a in arts}
    for s, arts in splits.items():
        assert {a.id.split("-")[0] for a in arts} == genres, f"{s} lacks a genre"


def test_corpus_targets_hold(splits):
    stats = corpus_stats([a for arts in splits.values() for a in arts])
    assert unmet_targets(stats) == []


@pytest.mark.parametrize("split", ["dev", "test"])
def test_second_annotation_covers_whole_held_out_articles(split):
    """The blind second annotation (seeds/gold/second/) reads and lines up with the gold statements."""
    from eval.agreement import agreement, read_gold, read_second
    from toolkit.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    result = agreement(
        read_gold([GOLD / f"{split}.jsonl"], taxonomy), read_second(GOLD / "second" / f"{split}.jsonl", taxonomy)
    )
    assert result.articles >= 9 and result.n >= 150
