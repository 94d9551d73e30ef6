"""The tagging pipeline: article text -> statements -> speakers -> themes and stance.

``Pipeline`` owns the loaded models and runs the stages in order over a batch
of articles; the statements of all articles in a batch go through the
classifiers together (length-sorted batches), which is where the time goes.

A models folder holds one sub-folder per stage::

    models/
      themes/       multi-label theme classifier (toolkit.classify)
      stance/       stance classifier
      attribution/  speaker-candidate scorer (toolkit.attribution)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import numpy as np

from toolkit.attribution import Attributor
from toolkit.classify import StatementClassifier
from toolkit.extract import extract_statements
from toolkit.inputs import ArticleContext
from toolkit.schema import Article, Statement

STAGES = ("themes", "stance", "attribution")


def missing_models(models_dir: str | Path) -> list[str]:
    """The stages whose model folder is absent (empty when the folder is complete)."""
    return [s for s in STAGES if not (Path(models_dir) / s / "toolkit.json").is_file()]


class Pipeline:
    """Extraction, attribution and classification with loaded models."""

    def __init__(self, themes: StatementClassifier, stance: StatementClassifier, attributor: Attributor):
        self.themes = themes
        self.stance = stance
        self.attributor = attributor

    @classmethod
    def load(cls, models_dir: str | Path, batch_size: int = 16, fast: bool = False) -> Pipeline:
        """``fast``: every classifier (themes, stance, the speaker scorer) runs int8 in ONNX Runtime (toolkit.fast)."""
        models_dir = Path(models_dir)
        missing = missing_models(models_dir)
        if missing:
            raise FileNotFoundError(f"{models_dir}: no trained model for {', '.join(missing)} (run `make demo`)")
        if fast:
            from toolkit.fast import FastStatementClassifier

            return cls(
                themes=FastStatementClassifier.load(models_dir / "themes", batch_size=batch_size),
                stance=FastStatementClassifier.load(models_dir / "stance", batch_size=batch_size),
                attributor=Attributor(scorer=FastStatementClassifier.load(models_dir / "attribution", batch_size)),
            )
        return cls(
            themes=StatementClassifier.load(models_dir / "themes", batch_size=batch_size),
            stance=StatementClassifier.load(models_dir / "stance", batch_size=batch_size),
            attributor=Attributor.load(models_dir / "attribution"),
        )

    def find_statements(self, article: Article) -> Article:
        """Extraction and attribution: statements with spans, cues, speakers and entities."""
        extracted = extract_statements(article.text)
        statements, entities = self.attributor.attribute(article.text, extracted)
        return article.model_copy(update={"statements": statements, "entities": entities})

    def classify(self, articles: Sequence[Article]) -> list[Article]:
        """Themes and stance for every statement of the articles, classified together."""
        jobs: list[tuple[int, int]] = []
        theme_inputs, stance_inputs = [], []
        for ai, article in enumerate(articles):
            ctx = ArticleContext(article.text)
            for si, st in enumerate(article.statements):
                jobs.append((ai, si))
                theme_inputs.append(ctx.classifier_input(st, self.themes.context))
                stance_inputs.append(ctx.classifier_input(st, self.stance.context))
        if not jobs:
            return list(articles)
        theme_scores = self.themes.predict_proba(theme_inputs)
        stance_scores = self.stance.predict_proba(stance_inputs)
        theme_labels = self.themes.decide(theme_scores)
        stance_labels = self.stance.decide(stance_scores)
        updated = [list(a.statements) for a in articles]
        for j, (ai, si) in enumerate(jobs):
            updated[ai][si] = updated[ai][si].model_copy(
                update={
                    "themes": theme_labels[j],
                    "theme_scores": _rounded(self.themes.labels, theme_scores[j]),
                    "stance": stance_labels[j],
                    "stance_scores": _rounded(self.stance.labels, stance_scores[j]),
                }
            )
        return [a.model_copy(update={"statements": sts}) for a, sts in zip(articles, updated, strict=True)]

    def tag_batch(self, articles: Sequence[Article], gold_spans: bool = False) -> list[Article]:
        """Tag a batch of articles. ``gold_spans`` keeps their statements and speakers as given."""
        found = list(articles) if gold_spans else [self.find_statements(a) for a in articles]
        return self.classify([_clear_tags(a) for a in found] if gold_spans else found)

    def tag(
        self, articles: Iterable[Article], gold_spans: bool = False, batch_articles: int = 32, progress: bool = False
    ) -> Iterator[Article]:
        """Tag a stream of articles in batches, yielding them in input order."""
        from tqdm.auto import tqdm

        bar = tqdm(desc="tagging", unit="article", disable=not progress)
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= batch_articles:
                yield from self.tag_batch(batch, gold_spans)
                bar.update(len(batch))
                batch = []
        if batch:
            yield from self.tag_batch(batch, gold_spans)
            bar.update(len(batch))
        bar.close()


def _rounded(labels: Sequence[str], scores: np.ndarray) -> dict[str, float]:
    return {label: round(float(s), 4) for label, s in zip(labels, scores, strict=True)}


def _clear_tags(article: Article) -> Article:
    """Gold statements with their theme and stance labels removed, so nothing leaks into predictions."""
    cleared = [
        Statement(**st.model_dump(exclude={"themes", "stance", "theme_scores", "stance_scores"}))
        for st in article.statements
    ]
    return article.model_copy(update={"statements": cleared})
