"""Extraction and attribution measured on dev, test and the seed, beside a simple baseline.

Prints one table: statement F1 (one-to-one matching at token Jaccard >= 0.5),
exact-span F1, speaker accuracy and affiliation accuracy on matched statements,
for three systems on the same extracted spans:

* baseline: the nearest preceding capitalised name is the speaker;
* rules: the extractor's own subject mention, resolved in the document;
* scorer: the fine-tuned candidate scorer (models/attribution) alone, then resolved;
* rules + scorer: the scorer overrides the extractor's subject only when it
  prefers another candidate by more than ``RULE_MARGIN`` (the shipped default).

Scores come from the evaluation harness (``eval.run``), so they are the figures
``toolkit eval`` reports. Usage::

    .venv/bin/python benchmarks/extraction_attribution.py [--models models] [--out runs/extraction]
"""

from __future__ import annotations

import argparse
import contextlib
import io
from pathlib import Path

from eval.run import run_evaluation
from toolkit.attribution import Attributor, DocumentEntities, Resolved, resolve
from toolkit.extract import extract_statements
from toolkit.jsonl import read_articles, write_articles
from toolkit.paths import REPO_ROOT
from toolkit.schema import Article, Entity, Statement

GOLD = REPO_ROOT / "seeds" / "gold"


def baseline_article(article: Article, attributor: Attributor) -> Article:
    """Same spans; the speaker is the nearest capitalised name before the statement."""
    from toolkit.attribution import find_mentions

    text = article.text
    entities = DocumentEntities(text, attributor.gazetteer)
    statements, names = [], {}
    for ex in extract_statements(text):
        found = [m for m in find_mentions(text, max(0, ex.start - 400), ex.start) if m.kind == "name"]
        r = resolve(found[-1], entities, [], attributor.gazetteer) if found else Resolved("unknown", None)
        names.setdefault(r.speaker, r.affiliation)
        statements.append(
            Statement(start=ex.start, end=ex.end, text=text[ex.start : ex.end], kind=ex.kind, cue=ex.cue,
                      speaker=r.speaker, speaker_mention=found[-1].text if found else None, affiliation=r.affiliation)
        )  # fmt: skip
    ents = [Entity(name=n, affiliation=a) for n, a in names.items()]
    return article.model_copy(update={"statements": statements, "entities": ents})


def attributed_article(article: Article, attributor: Attributor) -> Article:
    statements, entities = attributor.attribute(article.text, extract_statements(article.text))
    return article.model_copy(update={"statements": statements, "entities": entities})


def bare(article: Article) -> Article:
    return Article(id=article.id, text=article.text, title=article.title, source=article.source, date=article.date)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--models", type=Path, default=REPO_ROOT / "models")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "runs" / "extraction")
    args = parser.parse_args()

    systems = {"baseline (nearest name)": (baseline_article, Attributor())}
    systems["rules"] = (attributed_article, Attributor())
    if (args.models / "attribution" / "toolkit.json").is_file():
        scored = Attributor.load(args.models / "attribution")
        argmax = Attributor(scorer=scored.scorer, rule_margin=-1.0)
        systems["scorer (argmax over candidates)"] = (attributed_article, argmax)
        systems["rules + scorer (default margin)"] = (attributed_article, scored)

    rows = []
    for split in ("dev", "test", "seed"):
        gold_path = GOLD / f"{split}.jsonl"
        articles = [bare(a) for a in read_articles(gold_path)]
        preds = []
        for name, (run, attributor) in systems.items():
            path = args.out / split / f"system{len(preds)}.jsonl"
            write_articles(path, [run(a, attributor) for a in articles])
            preds.append((name, path))
        with contextlib.redirect_stdout(io.StringIO()):
            report = run_evaluation(gold=gold_path, preds=[p for _, p in preds], models=[], out=args.out / split,
                                    n_bootstrap=200)  # fmt: skip
        for (name, _), system in zip(preds, report["systems"].values(), strict=True):
            s, a = system["statements"], system["attribution"]
            rows.append((split, name, s["f1"], s["exact"]["f1"], a["speaker_accuracy"], a["affiliation_accuracy"]))

    print("| split | system | statement F1 | exact F1 | speaker acc | affiliation acc |")
    print("| --- | --- | --- | --- | --- | --- |")
    for split, name, f1, ex, sp, af in rows:
        print(f"| {split} | {name} | {f1:.3f} | {ex:.3f} | {sp:.3f} | {af:.3f} |")


if __name__ == "__main__":
    main()
