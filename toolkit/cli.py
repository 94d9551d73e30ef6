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


@app.command()
def demo() -> None:
    """Run the main job on the shipped defaults (what `make demo` runs)."""
    from toolkit.demo import run_demo

    run_demo()


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    app()
