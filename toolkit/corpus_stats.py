"""Counts that describe a labelled corpus, and whether it meets its targets.

``toolkit data stats`` prints them; the gold-data tests assert the targets of
``configs/corpus_targets.yaml``. Pattern counts (asides, dashes, colons) are
read off the text around each statement, so they are indicative, not labels.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

import yaml

from toolkit.paths import config_path
from toolkit.schema import Article, Statement
from toolkit.sentences import sentences

SPLIT_QUOTE = re.compile(r"[,”\"]\s+\w.*?,\s*[“\"]")
MULTI_SENTENCE = re.compile(r"[.!?]\s+[A-Z]")
PRONOUNS = {"he", "she", "they", "it", "we", "i", "his", "her", "their"}


def genre(article: Article) -> str:
    """The genre of a team-written article (its id prefix, decision D0); the seed is "seed"."""
    return article.id.split("-", 1)[0]


def mention_type(st: Statement) -> str:
    """Classify how the statement names its speaker (full name, surname, title, ...)."""
    mention = (st.speaker_mention or "").strip()
    speaker = st.speaker or ""
    low = mention.lower()
    if st.affiliation == "multiple":
        return "group"
    if low in PRONOUNS:
        return "pronoun"
    if mention == speaker and speaker == st.affiliation:
        return "country_or_org"
    if mention == speaker:
        return "full_name"
    if mention and mention in speaker.split():
        return "surname"
    if low.startswith(("the ", "a ", "an ")) or mention[:1].islower():
        return "title"
    return "other_name"


def _quote_chars(article: Article, st: Statement) -> str:
    window = article.text[max(0, st.start - 2) : st.end + 2]
    return "curly" if any(c in window for c in "“”‘’") else "straight" if '"' in window else ""


def corpus_stats(articles: Sequence[Article]) -> dict[str, Any]:
    """Every count of the data issue, over the given articles."""
    sts = [(a, s) for a in articles for s in a.statements]
    n = len(sts) or 1
    kinds = Counter(s.kind for _, s in sts)
    stances = Counter(s.stance for _, s in sts)
    themes = Counter(t for _, s in sts for t in s.themes)
    per_article = [len(a.statements) for a in articles]
    two_cue, narrative_min = 0, None
    for a in articles:
        sents = sentences(a.text)[1:]  # the first block is the headline
        covered = Counter()
        for sent in sents:
            covered[sent] = sum(1 for s in a.statements if s.start < sent.end and s.end > sent.start)
        two_cue += sum(1 for c in covered.values() if c >= 2)
        narrative = sum(1 for c in covered.values() if c == 0)
        narrative_min = narrative if narrative_min is None else min(narrative_min, narrative)
    text_after = lambda a, s: a.text[s.end : s.end + 4]  # noqa: E731
    text_before = lambda a, s: a.text[max(0, s.start - 4) : s.start]  # noqa: E731
    direct = [(a, s) for a, s in sts if s.kind in ("direct", "mixed")]
    return {
        "articles": len(articles),
        "articles_per_genre": dict(Counter(genre(a) for a in articles)),
        "statements": len(sts),
        "statements_per_article": [min(per_article, default=0), max(per_article, default=0)],
        "affiliations": len({s.affiliation for _, s in sts}),
        "speakers": len({s.speaker for _, s in sts}),
        "cues": len({(s.cue or "").lower() for _, s in sts}),
        "kinds": dict(kinds),
        "direct_share": kinds["direct"] / n,
        "mixed_share": kinds["mixed"] / n,
        "mention_types": dict(Counter(mention_type(s) for _, s in sts)),
        "two_cue_sentences": two_cue,
        "split_quotations": sum(
            1 for _, s in sts if s.kind == "direct" and re.search(r"[,”\"]\s+\w.*?,\s*[“\"]", s.text)
        ),
        "multi_sentence_quotations": sum(
            1 for _, s in sts if s.kind == "direct" and re.search(r"[.!?]\s+[A-Z]", s.text)
        ),
        "curly_quoted": sum(1 for a, s in direct if _quote_chars(a, s) == "curly"),
        "straight_quoted": sum(1 for a, s in direct if _quote_chars(a, s) == "straight"),
        "asides": sum(len(re.findall(r", who(?:se)? [^,]+,", a.text)) for a in articles),
        "dash_attributions": sum(1 for a, s in sts if "—" in text_after(a, s) or "—" in text_before(a, s)),
        "colon_attributions": sum(1 for a, s in sts if ":" in text_before(a, s)),
        "min_narrative_sentences_per_article": narrative_min or 0,
        "themes": {t: themes[t] for t in sorted(themes)},
        "statements_per_theme": min(themes.values(), default=0),
        "no_theme_share": sum(1 for _, s in sts if not s.themes) / n,
        "multi_theme_share": sum(1 for _, s in sts if len(s.themes) >= 2) / n,
        "stances": dict(stances),
        "against_share": stances["against"] / n,
        "neutral_share": stances["neutral"] / n,
    }


def load_targets() -> dict[str, Any]:
    with open(config_path("corpus_targets.yaml"), encoding="utf-8") as f:
        return yaml.safe_load(f)


def unmet_targets(stats: dict[str, Any], targets: dict[str, Any] | None = None) -> list[str]:
    """Each target the stats miss, as a readable line; empty when all are met."""
    targets = targets or load_targets()
    misses = []
    for key, low in targets["min"].items():
        value = stats[key]
        if key == "articles_per_genre":
            value = min(value.values(), default=0)
        elif key == "mention_types":
            value = len(value)
        if value < low:
            misses.append(f"{key}: {value} < {low}")
    for key, (low, high) in targets["range"].items():
        lo, hi = stats[key]
        if lo < low or hi > high:
            misses.append(f"{key}: [{lo}, {hi}] outside [{low}, {high}]")
    return misses


def format_stats(stats: dict[str, Any]) -> str:
    lines = []
    for key, value in stats.items():
        shown = f"{value:.1%}" if isinstance(value, float) else value
        lines.append(f"{key:38s} {shown}")
    misses = unmet_targets(stats)
    lines.append("targets: " + ("all met" if not misses else "MISSED: " + "; ".join(misses)))
    return "\n".join(lines)
