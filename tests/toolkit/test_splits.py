import pytest
from helpers import synthetic_articles

from toolkit.schema import Article
from toolkit.splits import assign


def _articles():
    out = []
    for genre in ("readout", "wire"):
        out += [Article.model_validate(a) for a in synthetic_articles(5, prefix=genre)]
    return out


def test_assign_by_id_keeps_every_genre_in_every_split():
    config = {"dev": ["readout-t00", "wire-t00"], "test": ["readout-t01", "wire-t01"]}
    split = assign(_articles(), config)
    assert [a.id for a in split["dev"]] == ["readout-t00", "wire-t00"]
    assert len(split["train"]) == 6


def test_assign_refuses_unknown_ids_missing_genres_and_the_seed():
    with pytest.raises(ValueError, match="not in the parts"):
        assign(_articles(), {"dev": ["nope"], "test": []})
    with pytest.raises(ValueError, match="has no"):
        assign(_articles(), {"dev": ["readout-t00"], "test": ["wire-t01"]})
    seed = Article.model_validate(synthetic_articles(1, prefix="seed")[0])
    with pytest.raises(ValueError, match="seed"):
        assign([*_articles(), seed], {"dev": ["readout-t00", "wire-t00"], "test": ["readout-t01", "wire-t01"]})
