from helpers import make_article

from toolkit.corpus_stats import corpus_stats, mention_type, unmet_targets
from toolkit.schema import Article, Statement


def _st(**kw) -> Statement:
    base = {"start": 0, "end": 1, "text": "x", "speaker": "Wang Yi", "affiliation": "China", "speaker_mention": "Wang"}
    return Statement(**(base | kw))


def test_mention_types():
    assert mention_type(_st()) == "surname"
    assert mention_type(_st(speaker_mention="Wang Yi")) == "full_name"
    assert mention_type(_st(speaker_mention="he")) == "pronoun"
    assert mention_type(_st(speaker_mention="the minister")) == "title"
    assert mention_type(_st(speaker="China", speaker_mention="China")) == "country_or_org"
    assert (
        mention_type(_st(speaker="the two sides", affiliation="multiple", speaker_mention="The two sides")) == "group"
    )


def test_counts_on_a_small_article():
    article = Article.model_validate(make_article())
    stats = corpus_stats([article])
    assert stats["statements"] == 2 and stats["direct_share"] == 0.5
    assert stats["themes"] == {"trade": 1} and stats["no_theme_share"] == 0.5
    assert stats["against_share"] == 0.5 and stats["speakers"] == 2
    misses = unmet_targets(stats)
    assert any(m.startswith("articles: 1 < 60") for m in misses)
