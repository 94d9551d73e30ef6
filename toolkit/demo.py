"""The main job on the shipped defaults, as ``make demo`` runs it.

Each stage runs when its capability exists and says plainly when it does not.
"""

from __future__ import annotations

from toolkit.corpus_stats import corpus_stats, format_stats
from toolkit.jsonl import read_articles
from toolkit.paths import REPO_ROOT


def run_demo() -> None:
    seed = REPO_ROOT / "seeds" / "articles" / "000_c7fff0550d78954a.txt"
    print(f"seed article: {seed.relative_to(REPO_ROOT)} ({len(seed.read_text(encoding='utf-8'))} characters)")
    gold = sorted((REPO_ROOT / "seeds" / "gold").glob("*.jsonl"))
    if not gold:
        print("no gold data yet (seeds/gold/*.jsonl)")
        return
    articles = [a for path in gold for a in read_articles(path)]
    print(f"gold data: {', '.join(p.name for p in gold)}")
    print(format_stats(corpus_stats(articles)))
    print("extraction, tagging and comparison are not built yet: nothing more to show.")
