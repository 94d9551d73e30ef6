"""The main job on the shipped defaults, as ``make demo`` runs it.

Train the default models when they are missing, tag the seed article, print
its statements (speaker, themes, stance), score them against the seed's gold
labels, and print the comparison of what the speakers said.
"""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

from toolkit.jsonl import write_articles
from toolkit.paths import REPO_ROOT
from toolkit.pipeline import STAGES, missing_models

SEED_TEXT = REPO_ROOT / "seeds" / "articles" / "000_c7fff0550d78954a.txt"
SEED_GOLD = REPO_ROOT / "seeds" / "gold" / "seed.jsonl"


def ensure_models(models_dir: Path) -> None:
    """Train each default model whose folder is missing (configs/train_<stage>.yaml)."""
    from training.run import format_summary, run_training

    for stage in missing_models(models_dir):
        started = time.time()
        print(f"\n== training the default {stage} model (configs/train_{stage}.yaml)")
        overrides = [f"output_dir={models_dir / stage}"]
        summary = run_training(REPO_ROOT / "configs" / f"train_{stage}.yaml", overrides, progress=True)
        print(format_summary(summary))
        print(f"   {stage}: {time.time() - started:.0f} s")


def print_statements(article) -> None:
    print(f"\n== {len(article.statements)} statements in {article.id}: {article.title or ''}")
    for i, st in enumerate(article.statements, 1):
        themes = ", ".join(st.themes) or "—"
        print(f"{i:2d}. {st.speaker} ({st.affiliation or '?'}) [{st.kind}, cue '{st.cue}'] themes: {themes}; "
              f"stance: {st.stance}")  # fmt: skip
        print(textwrap.indent(textwrap.fill(st.text, 100), "     "))


def run_demo(models_dir: Path | None = None, out_dir: Path | None = None) -> None:
    models_dir = Path(models_dir or REPO_ROOT / "models")
    out_dir = Path(out_dir or REPO_ROOT / "out" / "demo")
    out_dir.mkdir(parents=True, exist_ok=True)
    ensure_models(models_dir)

    from toolkit.pipeline import Pipeline
    from toolkit.schema import Article

    print(f"\n== tagging {SEED_TEXT.relative_to(REPO_ROOT)} with the models in {models_dir} ({', '.join(STAGES)})")
    pipeline = Pipeline.load(models_dir)
    text = SEED_TEXT.read_text(encoding="utf-8")
    seed = Article(id="seed-000", title=text.split("\n", 1)[0], text=text, source=str(SEED_TEXT.name))
    tagged = next(pipeline.tag([seed]))
    tagged_path = out_dir / "seed.tagged.jsonl"
    write_articles(tagged_path, [tagged])
    print_statements(tagged)

    from eval.run import run_evaluation

    print("\n== the tagger's output against the seed's gold labels (a test article: no model trained on it)")
    run_evaluation(gold=SEED_GOLD, preds=[tagged_path], models=[], out=out_dir / "eval", n_bootstrap=200)

    from toolkit.compare.run import run_compare

    print("\n== comparison of the speakers, from the tagger's own output")
    print(run_compare(inputs=[tagged_path], out=out_dir / "compare", threshold=None, period="month"))
    print(f"\nwritten: {tagged_path}, {out_dir / 'eval'}/report.html, {out_dir / 'compare'}/comparison.html")
