"""Learning curves of the theme and stance classifiers over nested subsets of the training articles.

Trains the shipped config of each task on 25, 50, 75 and 100% of the training
articles (nested subsets, whole articles), with several seeds per size, and
prints dev and test scores per size, a log-linear fit per target metric, and
the training size at which the fit would reach the issue's targets. Writes
``learning_curve.json`` and ``learning_curve.png`` to ``--out``. Usage::

    .venv/bin/python benchmarks/learning_curve.py [--tasks themes stance] [--seeds 13 14] [--out out/learning_curve]

About 35 minutes on 2 cores with the defaults.
"""

from __future__ import annotations

import argparse
import json
import statistics
import warnings
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from tqdm import tqdm

from toolkit.jsonl import read_articles
from toolkit.paths import REPO_ROOT
from toolkit.taxonomy import load_taxonomy
from training.config import load_config
from training.learning_curve import LogFit, fit_log, nested_subsets
from training.trainer import train_classifier

# The targets, per task: metric -> the score it asks for on test.
TARGETS = {
    "themes": {
        "micro_f1": 0.90,
        "f1_sovereignty": 0.85,
        "f1_one_china": 0.85,
        "f1_security": 0.85,
        "f1_trade": 0.85,
    },
    "stance": {"macro_f1": 0.80, "f_avg": 0.80},
}


def _subset_file(train: Path, ids: list[str], path: Path) -> None:
    """Write the training file's own lines for ``ids``, byte for byte."""
    keep = set(ids)
    lines = [line for line in train.read_text(encoding="utf-8").splitlines() if json.loads(line)["id"] in keep]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run(tasks: list[str], fractions: list[float], seeds: list[int], full_seeds: list[int], out: Path) -> list[dict]:
    rows: list[dict] = []
    subset_files: dict[tuple[str, float], tuple[Path, int]] = {}
    for task in tasks:
        base = load_config(REPO_ROOT / "configs" / f"train_{task}.yaml")
        train = base.resolve(base.data.train)
        ids = [a.id for a in read_articles(train, load_taxonomy(), require_labels=True)]
        for fraction, subset in nested_subsets(ids, fractions).items():
            path = out / "data" / f"{task}-train-{fraction:.2f}.jsonl"
            _subset_file(train, subset, path)
            subset_files[task, fraction] = (path, len(subset))
    jobs = [(t, f, s) for t in tasks for f in fractions for s in (full_seeds if f == 1.0 else seeds)]
    for task, fraction, seed in tqdm(jobs, desc="learning curve", unit="run"):
        config_path = REPO_ROOT / "configs" / f"train_{task}.yaml"
        subset_path, n_articles = subset_files[task, fraction]
        run_dir = out / "runs" / f"{task}-{fraction:.2f}-seed{seed}"
        config = load_config(
            config_path,
            [
                f"data.train={subset_path}",
                f"training.seed={seed}",
                f"output_dir={run_dir / 'model'}",
                f"run_dir={run_dir}",
            ],
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            result = train_classifier(config, progress=False)
        rows.append(
            {
                "task": task,
                "fraction": fraction,
                "seed": seed,
                "articles": n_articles,
                "statements": result.meta["train_examples"],
                "seconds": round(result.seconds, 1),
                "dev": result.dev,
                "test": result.test,
            }
        )
        (out / "learning_curve.json").write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return rows


def _fit(task_rows: list[dict], metric: str, fit_from: float) -> LogFit:
    """Log fit of a test metric over the runs on at least ``fit_from`` of the training articles."""
    fitted = [r for r in task_rows if r["fraction"] >= fit_from]
    return fit_log([r["statements"] for r in fitted], [r["test"][metric] for r in fitted])


def summarise(rows: list[dict], fit_from: float = 0.5) -> tuple[str, dict]:
    """A Markdown table per task and the fitted sizes for each target metric.

    The fit uses the sizes from ``fit_from`` of the training set up: the
    smallest subsets sit on the steep start of the curve and would make the
    extrapolation promise far too much.
    """
    lines, fits = [], {}
    for task, targets in TARGETS.items():
        task_rows = [r for r in rows if r["task"] == task]
        if not task_rows:
            continue
        sizes = sorted({r["statements"] for r in task_rows})
        metrics = list(targets)
        lines += [
            f"\n### {task}\n",
            "| train statements | runs | " + " | ".join(f"dev {m} | test {m}" for m in metrics) + " |",
            "| --- | --- | " + " | ".join("--- | ---" for _ in metrics) + " |",
        ]
        for n in sizes:
            at = [r for r in task_rows if r["statements"] == n]
            cells = []
            for m in metrics:
                for split in ("dev", "test"):
                    vals = [r[split][m] for r in at]
                    sd = statistics.pstdev(vals) if len(vals) > 1 else 0.0
                    cells.append(f"{statistics.fmean(vals):.3f} ± {sd:.3f}")
            lines.append(f"| {n} | {len(at)} | " + " | ".join(cells) + " |")
        lines.append(f"\nLog fit over the runs on {fit_from:.0%} of the training articles or more:\n")
        lines.append("| metric (test) | target | slope per doubling | fitted at full size | statements needed |")
        lines.append("| --- | --- | --- | --- | --- |")
        for m, target in targets.items():
            fit = _fit(task_rows, m, fit_from)
            need = fit.size_for(target)
            fits[f"{task}.{m}"] = {"intercept": fit.intercept, "slope": fit.slope, "needed": need}
            if fit(sizes[-1]) >= target:
                shown = "met at full size"
            else:
                shown = "never (flat)" if need is None else f"{need:,.0f} ({need / sizes[-1]:.1f}x)"
            lines.append(f"| {m} | {target:.2f} | {fit.slope * 0.6931:+.3f} | {fit(sizes[-1]):.3f} | {shown} |")
    return "\n".join(lines), fits


def plot(rows: list[dict], path: Path, fit_from: float = 0.5) -> None:
    tasks = [t for t in TARGETS if any(r["task"] == t for r in rows)]
    fig = Figure(figsize=(5.5 * len(tasks), 4), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    for ax, task in zip(fig.subplots(1, len(tasks), squeeze=False)[0], tasks, strict=True):
        task_rows = [r for r in rows if r["task"] == task]
        for m, target in TARGETS[task].items():
            xs = [r["statements"] for r in task_rows]
            (line,) = ax.plot(xs, [r["test"][m] for r in task_rows], "o", alpha=0.6, label=f"test {m}")
            fit = _fit(task_rows, m, fit_from)
            grid = sorted({r["statements"] for r in task_rows if r["fraction"] >= fit_from})
            ax.plot(grid, [fit(x) for x in grid], "-", color=line.get_color())
            ax.axhline(target, ls=":", color=line.get_color())
        ax.set_xscale("log")
        ax.set_xlabel("training statements (log scale)")
        ax.set_ylabel("score on test")
        ax.set_title(f"{task}: points are runs, lines log fits, dotted targets")
        ax.legend(fontsize=8)
    fig.savefig(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tasks", nargs="+", default=["themes", "stance"], choices=sorted(TARGETS))
    parser.add_argument("--fractions", nargs="+", type=float, default=[0.25, 0.5, 0.75, 1.0])
    parser.add_argument("--seeds", nargs="+", type=int, default=[13, 14], help="Seeds for each partial size.")
    parser.add_argument("--full-seeds", nargs="+", type=int, default=[13, 14, 15], help="Seeds at the full size.")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "out" / "learning_curve")
    parser.add_argument("--fit-from", type=float, default=0.5, help="Fit on runs with at least this fraction.")
    parser.add_argument("--summarise-only", action="store_true", help="Reprint from an earlier learning_curve.json.")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.summarise_only:
        rows = json.loads((args.out / "learning_curve.json").read_text(encoding="utf-8"))
    else:
        rows = run(args.tasks, args.fractions, args.seeds, args.full_seeds, args.out)
    table, fits = summarise(rows, args.fit_from)
    print(table)
    (args.out / "fits.json").write_text(json.dumps(fits, indent=1), encoding="utf-8")
    plot(rows, args.out / "learning_curve.png", args.fit_from)
    print(f"\nwrote {args.out / 'learning_curve.json'}, fits.json and learning_curve.png")


if __name__ == "__main__":
    main()
