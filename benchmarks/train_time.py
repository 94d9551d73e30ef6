"""Train the three default models on this machine and print the time and peak memory of each.

The issue's target: all default models in under 10 minutes on 2 cores. The
figures vary by up to ±20% on a shared machine, so this prints them rather
than asserting them. Usage::

    .venv/bin/python benchmarks/train_time.py [--models models]
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from toolkit.paths import REPO_ROOT
from toolkit.pipeline import STAGES
from training.run import format_summary, run_training


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--models", type=Path, default=REPO_ROOT / "models")
    args = parser.parse_args()
    rows, total = [], 0.0
    for stage in STAGES:
        started = time.time()
        summary = run_training(REPO_ROOT / "configs" / f"train_{stage}.yaml", [f"output_dir={args.models / stage}"])
        seconds = time.time() - started
        total += seconds
        peak_gib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
        rows.append((stage, seconds, peak_gib))
        print(format_summary(summary))
    print("\n| model | seconds | peak RSS so far (GiB) |\n| --- | --- | --- |")
    for stage, seconds, peak in rows:
        print(f"| {stage} | {seconds:.0f} | {peak:.2f} |")
    print(f"| all three | {total:.0f} ({total / 60:.1f} min) | |")


if __name__ == "__main__":
    main()
