"""``toolkit compare``: read tagged articles, compare, write comparison.json/.md/.html.

Gold files and predictions share one schema, so either can be compared.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from toolkit.compare.build import ThresholdInfo, compare_articles
from toolkit.compare.config import CompareConfig, load_compare_config
from toolkit.compare.html_report import write_html
from toolkit.compare.report import summary, write_json, write_markdown
from toolkit.compare.trends import PERIODS
from toolkit.embed import Embedder, TextEncoder
from toolkit.jsonl import read_articles
from toolkit.taxonomy import load_taxonomy


@lru_cache(maxsize=2)
def _cached_embedder(backbone: str, max_length: int) -> Embedder:
    """One model per process, however many comparisons run in it."""
    return Embedder(backbone, max_length=max_length)


def run_compare(
    inputs: Sequence[str | Path],
    out: str | Path,
    threshold: float | None = None,
    period: str = "month",
    embedder: TextEncoder | None = None,
    config: CompareConfig | None = None,
) -> str:
    """Compare the statements of every article in ``inputs``; write the three files into ``out``.

    ``threshold`` overrides the shipped one; ``embedder`` replaces the backbone
    (tests pass a fake). Returns the printable summary.
    """
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r} (allowed: {', '.join(PERIODS)})")
    taxonomy = load_taxonomy()
    config = (config or load_compare_config()).check(taxonomy)
    articles = [a for path in inputs for a in read_articles(path, taxonomy)]
    ids = [a.id for a in articles]
    if len(set(ids)) != len(ids):
        raise ValueError(f"an article id occurs in more than one input: {sorted({i for i in ids if ids.count(i) > 1})}")

    def encoder() -> TextEncoder:
        return embedder if embedder is not None else _cached_embedder(config.backbone, config.max_length)

    result = compare_articles(articles, taxonomy, config, ThresholdInfo.from_config(config, threshold), period, encoder)
    result["inputs"] = [str(p) for p in inputs]
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    write_json(result, out / "comparison.json")
    write_markdown(result, out / "comparison.md")
    write_html(result, out / "comparison.html")
    return summary(result, out)
