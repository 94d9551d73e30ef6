import numpy as np
import pytest
from helpers import synthetic_articles

from toolkit.schema import Article
from training.baselines import compare_table, tfidf_logreg, zero_shot


@pytest.fixture(scope="module")
def splits():
    make = lambda n, p: [Article.model_validate(a) for a in synthetic_articles(n, prefix=p)]  # noqa: E731
    return {"train": make(16, "train"), "dev": make(4, "dev"), "test": make(4, "test")}


class KeywordEmbedder:
    """A fake encoder: one dimension per keyword, so similarity is keyword overlap."""

    words = ["trade", "tariffs", "security", "terrorism", "taiwan", "sovereignty", "oppos", "festival"]

    def encode(self, texts, batch_size=32):
        rows = np.array([[float(w in t.lower()) for w in self.words] + [0.1] for t in texts])
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)


@pytest.mark.parametrize("task", ["themes", "stance"])
def test_tfidf_learns_the_templates(splits, task):
    scores = tfidf_logreg(splits, task)
    key = "micro_f1" if task == "themes" else "macro_f1"
    assert scores["test"][key] > 0.9  # the synthetic templates repeat across splits


def test_zero_shot_scores_with_an_injected_encoder(splits):
    scores = zero_shot(splits, "themes", embedder=KeywordEmbedder())
    assert 0.0 <= scores["test"]["micro_f1"] <= 1.0
    assert set(scores) == {"dev", "test"}


def test_compare_table_lists_every_system(splits):
    results = {"a": tfidf_logreg(splits, "stance"), "b": tfidf_logreg(splits, "stance", context="statement")}
    table = compare_table(results, "stance")
    assert table.splitlines()[0].startswith("| stance (test) | macro_f1 | f_avg | accuracy |")
    assert "| a |" in table and "| b |" in table
