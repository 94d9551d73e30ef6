"""The ``toolkit`` command: thin Typer wrappers around typed functions.

Each command imports its implementation when it runs, so ``toolkit tag`` never
loads training or evaluation code, and ``toolkit --help`` stays instant.
"""

from __future__ import annotations

from pathlib import Path

import typer

app = typer.Typer(no_args_is_help=True, add_completion=False, help=__doc__.split("\n")[0])
data_app = typer.Typer(no_args_is_help=True, help="Inspect and split labelled data.")
app.add_typer(data_app, name="data")


@app.command()
def validate(
    files: list[Path] = typer.Argument(..., help="Article JSONL files."),
    gold: bool = typer.Option(False, "--gold", help="Also require every gold label on every statement."),
) -> None:
    """Check every record of every file; list all errors; exit 1 if there is one."""
    from toolkit.jsonl import validate_files

    n, errors = validate_files(files, require_labels=gold)
    for err in errors:
        typer.echo(str(err), err=True)
    typer.echo(f"{n} records in {len(files)} file(s), {len(errors)} error(s)")
    raise typer.Exit(1 if errors else 0)


@data_app.command("stats")
def data_stats(files: list[Path] = typer.Argument(..., help="Gold article JSONL files.")) -> None:
    """Print the corpus counts the data issue asks for, and the label distributions."""
    from toolkit.corpus_stats import corpus_stats, format_stats
    from toolkit.jsonl import read_articles

    articles = [a for f in files for a in read_articles(f)]
    typer.echo(format_stats(corpus_stats(articles)))


@data_app.command("split")
def data_split(
    parts: list[Path] = typer.Argument(..., help="Labelled part files (seeds/gold/parts/*.jsonl)."),
    out: Path = typer.Option(Path("seeds/gold"), "--out", help="Folder for train/dev/test.jsonl."),
) -> None:
    """Build the fixed train/dev/test files (configs/splits.yaml) from the labelled parts."""
    from toolkit.splits import build_splits

    try:
        built = build_splits(parts, out)
    except ValueError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(1) from None
    for split, counts in built.items():
        typer.echo(f"{split:5s} {sum(counts.values()):3d} articles  {dict(sorted(counts.items()))}")


@data_app.command("agreement")
def data_agreement(
    second: Path = typer.Argument(..., help="Second annotator's labels: one {id, themes, stance} per line."),
    gold: list[Path] = typer.Option(..., "--gold", help="Gold article JSONL the second annotator labelled blind."),
    out: Path | None = typer.Option(None, "--out", help="Folder for agreement.json (scores and disagreements)."),
) -> None:
    """Score a blind second annotation against the gold labels: F1 and Cohen's kappa."""
    import json
    from dataclasses import asdict

    from eval.agreement import agreement, format_agreement, read_gold, read_second
    from toolkit.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    try:
        result = agreement(read_gold(gold, taxonomy), read_second(second, taxonomy), taxonomy)
    except ValueError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(1) from None
    typer.echo(format_agreement(result, taxonomy))
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / "agreement.json").write_text(json.dumps(asdict(result), indent=1), encoding="utf-8")


@app.command()
def train(
    config: Path = typer.Argument(..., help="Training config (YAML), e.g. configs/train_themes.yaml."),
    set_: list[str] = typer.Option([], "--set", help="Override a config value: --set training.learning_rate=3e-5"),
    seeds: int = typer.Option(1, "--seeds", min=1, help="Train with N seeds; report mean and std; keep best on dev."),
) -> None:
    """Fine-tune a classifier from a config; save the model folder with its model card."""
    from training.config import ConfigError
    from training.run import format_summary, run_training

    try:
        summary = run_training(config, set_, n_seeds=seeds)
    except ConfigError as e:
        typer.echo(f"config error:\n{e}", err=True)
        raise typer.Exit(2) from None
    typer.echo(format_summary(summary))


@app.command()
def baselines(
    models: Path = typer.Option(Path("models"), "--models", help="Folder with the fine-tuned themes/ and stance/."),
    out: Path = typer.Option(Path("runs/baselines.json"), "--out", help="Where to write every figure."),
) -> None:
    """TF-IDF + logistic regression and zero-shot baselines beside the fine-tuned models, on test."""
    import json

    from toolkit.paths import REPO_ROOT
    from toolkit.taxonomy import load_taxonomy
    from training.baselines import compare_table, finetuned_scores, tfidf_logreg, zero_shot
    from training.config import load_config
    from training.data import load_gold

    report = {}
    for task in ("themes", "stance"):
        cfg = load_config(REPO_ROOT / "configs" / f"train_{task}.yaml")
        splits = {s: load_gold(cfg.resolve(getattr(cfg.data, s)), load_taxonomy()) for s in ("train", "dev", "test")}
        results = {}
        tuned = finetuned_scores(cfg.resolve(models / task) if not models.is_absolute() else models / task)
        if tuned:
            results["fine-tuned MiniLM"] = tuned
        results["TF-IDF + logistic regression"] = tfidf_logreg(splits, task, cfg.input.context)
        results["zero-shot cosine"] = zero_shot(splits, task)
        report[task] = results
        typer.echo(compare_table(results, task) + "\n")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    typer.echo(f"written: {out}")


@app.command()
def tag(
    inputs: list[Path] = typer.Argument(None, help=".txt files, folders of them, JSONL or Parquet (id, text)."),
    out: Path = typer.Option(..., "--out", help="Output: article JSONL, or Parquet with one row per statement."),
    models: Path | None = typer.Option(None, "--models", help="Models folder (default: models/)."),
    fmt: str | None = typer.Option(None, "--format", help="jsonl or parquet (default: from --out's suffix)."),
    spans: Path | None = typer.Option(None, "--spans", help="Gold JSONL: tag its gold statements (the input if none)."),
    resume: bool = typer.Option(False, "--resume", help="Continue an interrupted run of the same command."),
    engine: str | None = typer.Option(None, "--engine", help="local (default) or ray."),
    batch_articles: int | None = typer.Option(None, "--batch-articles", min=1, help="Articles tagged together."),
    fast: bool | None = typer.Option(None, "--fast/--no-fast", help="int8 ONNX classifiers (default: on)."),
    config: Path | None = typer.Option(None, "--config", help="Tagging config (default: configs/tag.yaml)."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show the progress bar."),
) -> None:
    """Tag a corpus in resumable shards; list every record that cannot be tagged in OUT.errors.jsonl."""
    from toolkit.tagger import ResumeError, load_tag_config, tag_corpus

    try:
        cfg = load_tag_config(config, models=models, engine=engine, batch_articles=batch_articles, fast=fast)
        totals = tag_corpus(inputs or [], out, cfg, fmt=fmt, gold=spans, resume=resume, progress=progress)
    except (ValueError, ResumeError, FileNotFoundError) as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(2) from None
    typer.echo(totals.summary(out))


@app.command("eval")
def evaluate(
    gold: Path = typer.Option(..., "--gold", help="Gold article JSONL."),
    pred: list[Path] = typer.Option([], "--pred", help="Prediction JSONL (repeat for several systems)."),
    model: list[Path] = typer.Option([], "--model", help="Models folder to tag the gold articles with (repeatable)."),
    out: Path = typer.Option(..., "--out", help="Folder for report.json, report.md, report.html."),
    mode: str = typer.Option("end2end", "--mode", help="end2end, or spans: classifiers tag the gold statements."),
    bootstrap: int = typer.Option(1000, "--bootstrap", help="Bootstrap resamples of articles (0: no intervals)."),
    seed: int = typer.Option(0, "--seed", help="Random seed of the bootstrap."),
) -> None:
    """Score prediction files (or models) against gold and write the reports."""
    from eval.run import run_evaluation

    if not pred and not model:
        raise typer.BadParameter("give at least one --pred or --model")
    run_evaluation(gold=gold, preds=pred, models=model, out=out, mode=mode, n_bootstrap=bootstrap, seed=seed)


@app.command()
def compare(
    tagged: list[Path] = typer.Argument(..., help="Tagged article JSONL files (gold or predictions)."),
    out: Path = typer.Option(..., "--out", help="Folder for comparison.json, .md and .html."),
    threshold: float | None = typer.Option(None, "--threshold", help="Similarity threshold for matched pairs."),
    period: str = typer.Option("month", "--period", help="Time grouping of a dated corpus: day, month or year."),
) -> None:
    """Compare statements across speakers and affiliations: alignment, matched pairs, trends."""
    from toolkit.compare.run import run_compare

    summary = run_compare(inputs=tagged, out=out, threshold=threshold, period=period)
    typer.echo(summary)


@app.command()
def demo() -> None:
    """Run the main job on the shipped defaults (what `make demo` runs)."""
    from toolkit.demo import run_demo

    run_demo()


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    app()
