"""``TagBatch``: one picklable callable that tags a batch of articles, for every engine.

The local engine calls it in-process; Ray Data builds one per actor
(``map_batches(TagBatch, fn_constructor_kwargs=...)``) and feeds it batches.
The batch is a dict of columns: ``index`` (the record's place in the input
stream) and ``article`` (the article as JSON); the result adds ``tagged``
(the tagged article as JSON, ``""`` on failure), ``error`` (``""`` on success)
and ``statements`` (how many were tagged). JSON strings keep the columns flat,
so Arrow and pandas carry them without a nested schema.

The models load on the first call, not in ``__init__``: pickling stays cheap,
and each actor (or process) loads them exactly once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from toolkit.jsonl import article_to_line
from toolkit.schema import Article


class Tagger(Protocol):
    """What the batch needs of a pipeline (``toolkit.pipeline.Pipeline`` has it)."""

    def tag_batch(self, articles: Sequence[Article], gold_spans: bool = False) -> list[Article]: ...


def load_pipeline(models_dir: str | Path, fast: bool, batch_size: int) -> Tagger:
    from toolkit.pipeline import Pipeline

    return Pipeline.load(models_dir, batch_size=batch_size, fast=fast)


class TagBatch:
    """Tag a batch of articles with the models of ``models_dir``.

    ``loader`` builds the pipeline (default: ``Pipeline.load``); tests pass a
    picklable stand-in. An article the pipeline fails on becomes an error row
    and the rest of the batch is still tagged: the batch is retried one
    article at a time only when the whole batch fails.
    """

    def __init__(
        self,
        models_dir: str | Path,
        gold_spans: bool = False,
        fast: bool = False,
        batch_size: int = 16,
        loader: Callable[[str | Path, bool, int], Tagger] | None = None,
    ):
        self.models_dir = str(models_dir)
        self.gold_spans = gold_spans
        self.fast = fast
        self.batch_size = batch_size
        self.loader = loader
        self._pipeline: Tagger | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_pipeline": None}

    @property
    def pipeline(self) -> Tagger:
        if self._pipeline is None:
            self._pipeline = (self.loader or load_pipeline)(self.models_dir, self.fast, self.batch_size)
        return self._pipeline

    def _tag(self, articles: list[Article]) -> list[tuple[Article | None, str]]:
        try:
            tagged = self.pipeline.tag_batch(articles, gold_spans=self.gold_spans)
            if len(tagged) != len(articles):
                raise RuntimeError(f"the pipeline returned {len(tagged)} articles for {len(articles)}")
            return [(t, "") for t in tagged]
        except Exception as batch_error:  # noqa: BLE001 - isolate the article(s) at fault, keep the rest
            if len(articles) == 1:
                return [(None, f"tagging failed: {type(batch_error).__name__}: {batch_error}")]
            return [r for a in articles for r in self._tag([a])]

    def __call__(self, batch: dict[str, Any]) -> dict[str, np.ndarray]:
        articles = [Article.model_validate_json(a) for a in batch["article"]]
        results = self._tag(articles)
        tagged = [_to_json(t) if t is not None else "" for t, _ in results]
        return {
            "index": np.asarray(batch["index"], dtype=np.int64),
            "tagged": np.asarray(tagged, dtype=object),
            "error": np.asarray([e for _, e in results], dtype=object),
            "statements": np.asarray([len(t.statements) if t is not None else 0 for t, _ in results], dtype=np.int64),
        }


def _to_json(article: Article) -> str:
    """The tagged article as ``toolkit.jsonl`` writes it, without the newline."""
    return article_to_line(article)[:-1]


def to_batch(records: Sequence[Any]) -> dict[str, np.ndarray]:
    """The input columns for ``TagBatch`` from readable ``Record``s."""
    return {
        "index": np.asarray([r.index for r in records], dtype=np.int64),
        "article": np.asarray([r.article.model_dump_json(exclude_none=True) for r in records], dtype=object),
    }
