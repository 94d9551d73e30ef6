"""Gold JSONL -> Hugging Face ``datasets`` for each classifier task.

Inputs are built by ``toolkit.inputs.ArticleContext`` so that training and
inference read statements the same way.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

from datasets import Dataset

from toolkit.extract import Extracted, extract_statements
from toolkit.inputs import ArticleContext
from toolkit.jsonl import read_articles
from toolkit.schema import Article
from toolkit.taxonomy import Taxonomy

SEED_ARTICLE_PREFIX = "seed-"


def load_gold(path: Path, taxonomy: Taxonomy) -> list[Article]:
    """Gold articles of one split, every label required (``refuse_seed`` guards training splits)."""
    return read_articles(path, taxonomy, require_labels=True)


def refuse_seed(articles: Sequence[Article], path: Path) -> None:
    """Raise if the seed article is among training or tuning data."""
    for a in articles:
        if a.id.startswith(SEED_ARTICLE_PREFIX) or (a.source or "").startswith("seeds/articles/"):
            raise ValueError(f"{path}: article {a.id!r} is the seed article, which no model may train or tune on")


def data_hash(paths: Sequence[Path]) -> str:
    """SHA-256 over the bytes of the training and tuning files, to identify a model's data."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(Path(path).name.encode())
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()


def classifier_examples(articles: Sequence[Article], task: str, taxonomy: Taxonomy, context: str) -> dict[str, list]:
    """Columns ``text``, ``text_pair``, ``labels`` (multi-hot for themes, an index for stance)."""
    columns: dict[str, list] = {"text": [], "text_pair": [], "labels": []}
    themes = taxonomy.theme_names
    stances = taxonomy.stances
    for article in articles:
        ctx = ArticleContext(article.text)
        for st in article.statements:
            text, pair = ctx.classifier_input(st, context)
            columns["text"].append(text)
            columns["text_pair"].append(pair)
            if task == "themes":
                columns["labels"].append([1.0 if t in st.themes else 0.0 for t in themes])
            elif task == "stance":
                columns["labels"].append(stances.index(st.stance))
            else:
                raise ValueError(f"no statement-classifier examples for task {task!r}")
    return columns


ATTRIBUTION_LABELS = ["other", "speaker"]
NEGATIVES_PER_STATEMENT = 2


def _norm(text: str | None) -> str:
    return " ".join((text or "").lower().split())


def _extracted_for(article: Article, st, found: list) -> Extracted:
    """The extractor's view of a gold statement (its cue and subject), or a stand-in at the gold cue."""
    from toolkit.attribution import span_overlap

    best = max(found, key=lambda e: span_overlap((e.start, e.end), (st.start, st.end)), default=None)
    if best is not None and span_overlap((best.start, best.end), (st.start, st.end)) >= 0.5:
        return best
    text = article.text
    lo, hi = max(0, st.start - 200), min(len(text), st.end + 200)
    positions = [m.start() for m in re.finditer(re.escape(st.cue or ""), text[lo:hi])] if st.cue else []
    cue_start = lo + min(positions, key=lambda p: abs(lo + p - st.start)) if positions else st.start
    cue_end = cue_start + len(st.cue or "")
    return Extracted(st.start, st.end, st.kind or "indirect", st.cue or "", cue_start, cue_end, None, None, None)


def attribution_examples(articles: Sequence[Article]) -> dict[str, list]:
    """Candidate mentions of every gold statement, labelled ``speaker`` when they are its mention.

    Each statement keeps its positive candidates and its nearest negatives, so the
    scorer trains on the choices it will face without a flood of easy negatives.
    """
    from toolkit.attribution import candidates_for, scorer_input

    columns: dict[str, list] = {"text": [], "text_pair": [], "labels": []}
    for article in articles:
        found = extract_statements(article.text)
        for st in article.statements:
            extracted = _extracted_for(article, st, found)
            gold = _norm(st.speaker_mention)
            negatives = 0
            for mention in candidates_for(article.text, extracted):
                cand = _norm(mention.text)
                positive = cand == gold or (len(cand) > 3 and (cand in gold or gold in cand))
                if not positive and negatives >= NEGATIVES_PER_STATEMENT:
                    continue
                negatives += not positive
                text, pair = scorer_input(article.text, extracted, mention)
                columns["text"].append(text)
                columns["text_pair"].append(pair)
                columns["labels"].append(int(positive))
    return columns


def tokenized_dataset(columns: dict[str, list], tokenizer, max_length: int) -> Dataset:
    """A ``datasets.Dataset`` ready for the ``Trainer`` (padding is left to the collator)."""
    ds = Dataset.from_dict(columns)
    has_pair = any(p is not None for p in columns["text_pair"])

    def encode(batch):
        pairs = batch["text_pair"] if has_pair else None
        return tokenizer(batch["text"], pairs, truncation=True, max_length=max_length)

    return ds.map(encode, batched=True, remove_columns=["text", "text_pair"])
