"""Choosing the matched-pair threshold on hand-judged pairs (``seeds/gold/pairs.jsonl``).

Each line of the pairs file is ``{"article": id, "a": [start, end], "b":
[start, end], "answers": true|false}``: two statements of different speakers
in one DEV article, sharing a theme, judged by hand on whether one answers
the other. The threshold is the similarity cut with the best F1 on those
pairs; it is written into ``configs/compare.yaml``, and ``choose_threshold``
recomputes it so a test can check the shipped value. The seed article and
test articles are refused: they are what the comparison is checked on.

Run ``python -m toolkit.compare.threshold`` to print the choice.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from toolkit.compare.pairs import pair_similarities
from toolkit.embed import TextEncoder
from toolkit.jsonl import read_articles
from toolkit.paths import REPO_ROOT
from toolkit.schema import Article

GOLD = REPO_ROOT / "seeds" / "gold"


@dataclass(frozen=True)
class LabelledPair:
    """A hand-judged pair resolved to its two statements' texts."""

    article: str
    a: tuple[int, int]
    b: tuple[int, int]
    a_text: str
    b_text: str
    answers: bool


@dataclass(frozen=True)
class ThresholdChoice:
    """The chosen cut and how well it separates the judged pairs."""

    threshold: float
    f1: float
    precision: float
    recall: float
    n_pairs: int
    n_true: int

    def describe(self, source: str = "seeds/gold/pairs.jsonl") -> str:
        return (
            f"maximises F1 on {self.n_pairs} hand-judged pairs of DEV articles in {source} "
            f"({self.n_true} answering); F1 {self.f1:.3f}, precision {self.precision:.3f}, recall {self.recall:.3f}"
        )


def best_threshold(similarities: Sequence[float], answers: Sequence[bool]) -> ThresholdChoice:
    """The cut with the highest F1 when pairs at or above it are predicted to answer each other.

    Only cuts between distinct similarity values are tried. Among equally good
    cuts the highest wins (fewer false matches for the same F1), and the cut
    is placed midway between the lowest accepted and the highest rejected
    similarity so that small numerical differences do not flip a pair.
    """
    sims = np.asarray(similarities, dtype=np.float64)
    gold = np.asarray(answers, dtype=bool)
    if len(sims) == 0 or not gold.any() or gold.all():
        raise ValueError("choosing a threshold needs judged pairs with both answers true and false")
    order = np.argsort(-sims, kind="stable")
    sims, gold = sims[order], gold[order]
    n_true = int(gold.sum())
    best: tuple[float, int] | None = None
    tp = 0
    for k in range(1, len(sims) + 1):
        tp += int(gold[k - 1])
        if k < len(sims) and sims[k] == sims[k - 1]:
            continue  # a cut cannot separate equal similarities
        f1 = 2 * tp / (k + n_true)
        if best is None or f1 > best[0]:
            best = (f1, k)
    f1, k = best
    tp = int(gold[:k].sum())
    low_accepted = float(sims[k - 1])
    high_rejected = float(sims[k]) if k < len(sims) else low_accepted - 0.02
    cut = (low_accepted + high_rejected) / 2
    rounded = round(cut, 3)
    if not high_rejected < rounded <= low_accepted:
        rounded = round(cut, 6)
    return ThresholdChoice(
        threshold=rounded, f1=f1, precision=tp / k, recall=tp / n_true, n_pairs=len(sims), n_true=n_true
    )


def forbidden_ids(gold_dir: Path = GOLD) -> set[str]:
    """Ids that must never tune the threshold: the seed and, once split, the test articles."""
    ids: set[str] = set()
    for name in ("seed.jsonl", "test.jsonl"):
        path = gold_dir / name
        if path.is_file():
            ids |= {a.id for a in read_articles(path)}
    return ids


def default_article_files(gold_dir: Path = GOLD) -> list[Path]:
    """Where DEV articles live: ``dev.jsonl`` once split, and the authors' ``parts/``."""
    files = [gold_dir / "dev.jsonl"] if (gold_dir / "dev.jsonl").is_file() else []
    return files + sorted((gold_dir / "parts").glob("*.jsonl"))


def load_articles(files: Iterable[Path]) -> dict[str, Article]:
    """Articles by id; the first file that holds an id wins (a part and dev.jsonl repeat each other)."""
    out: dict[str, Article] = {}
    for path in files:
        for article in read_articles(path):
            out.setdefault(article.id, article)
    return out


def read_labelled_pairs(
    path: Path, articles: dict[str, Article], forbidden: AbstractSet[str] = frozenset()
) -> list[LabelledPair]:
    """The judged pairs with their texts; an unknown article or span, or a forbidden article, is an error."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line_no, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            rec = json.loads(raw)
            where = f"{path}:{line_no}"
            if rec["article"] in forbidden:
                raise ValueError(f"{where}: article {rec['article']!r} is the seed or a test article")
            article = articles.get(rec["article"])
            if article is None:
                raise ValueError(f"{where}: article {rec['article']!r} not found in the gold files")
            spans = {(s.start, s.end): s for s in article.statements}
            a, b = tuple(rec["a"]), tuple(rec["b"])
            for span in (a, b):
                if span not in spans:
                    raise ValueError(f"{where}: no statement at {list(span)} in {rec['article']}")
            out.append(LabelledPair(rec["article"], a, b, spans[a].text, spans[b].text, bool(rec["answers"])))
    return out


def choose_threshold(
    encoder: TextEncoder,
    pairs_path: Path | None = None,
    article_files: Sequence[Path] | None = None,
    batch_size: int = 32,
) -> ThresholdChoice:
    """Recompute the shipped threshold: embed the judged pairs and take the best-F1 cut."""
    pairs_path = pairs_path or GOLD / "pairs.jsonl"
    articles = load_articles(article_files if article_files is not None else default_article_files())
    pairs = read_labelled_pairs(pairs_path, articles, forbidden_ids())
    sims = pair_similarities([(p.a_text, p.b_text) for p in pairs], encoder, batch_size)
    return best_threshold(sims.tolist(), [p.answers for p in pairs])


def main() -> None:  # pragma: no cover - a maintainer's tool
    from toolkit.compare.config import load_compare_config
    from toolkit.embed import Embedder

    config = load_compare_config()
    embedder = Embedder(config.backbone, config.max_length)
    choice = choose_threshold(embedder, config.labelled, batch_size=config.batch_size)
    print(f"threshold: {choice.threshold}\n{choice.describe()}")


if __name__ == "__main__":  # pragma: no cover
    main()
