"""Throughput of ``toolkit tag`` against the ceiling of its design and against the naive way; fast-path agreement.

Run from the repository root (needs trained models: ``make demo`` trains them)::

    .venv/bin/python benchmarks/tag_throughput.py [--models models] [--statements 1000]

On the same articles (the dev and test gold articles' texts, repeated until
extraction finds about ``--statements`` statements) it prints, in one process:

* ``tag``: statements/s of ``tag_corpus`` (the tagger machinery: reading,
  extraction, attribution, classification, shards, final join), fast path
  on, models already loaded; and ``tag cold``: the ``toolkit tag`` command in a
  fresh process, start-up and model loading included;
* ``ceiling``: the forward passes alone (speaker scorer, themes, stance;
  ONNX int8) over the very batches the tagger ran, recorded during its run
  and replayed already tokenised: what this design could reach if
  everything else (reading, rules, tokenising, writing) were free;
* ``naive``: a ``transformers.pipeline`` per task (full precision), called
  once per statement (and once per speaker candidate), on the first
  ``--naive-statements`` statements;
* the ratios (targets: tag >= 0.7 x ceiling, >= 5 x naive), peak memory
  (``ru_maxrss``), and the fast path's label agreement with full precision on
  the test split's gold statements (target >= 99%).

The machine is shared: other processes' load moves single timings by far
more than 20%, so the three are measured in interleaved rounds
(``--rounds``) and the medians compared; the ratios are what to read.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from toolkit.attribution import candidates_for, scorer_input  # noqa: E402
from toolkit.extract import extract_statements  # noqa: E402
from toolkit.inputs import ArticleContext  # noqa: E402
from toolkit.jsonl import read_articles  # noqa: E402
from toolkit.pipeline import STAGES, Pipeline  # noqa: E402


def peak_mib(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux


def build_corpus(gold_files: list[Path], target: int, folder: Path) -> tuple[Path, int]:
    """The gold articles' texts (id and text only), repeated until extraction finds ``target`` statements."""
    texts = [(a.id, a.text) for f in gold_files for a in read_articles(f)]
    per_text = [len(extract_statements(t)) for _, t in texts]
    if not texts or sum(per_text) == 0:
        raise SystemExit("no statements found in the gold texts")
    records, found, rep = [], 0, 0
    while found < target:
        for (aid, text), n in zip(texts, per_text, strict=True):
            records.append({"id": f"{aid}-r{rep}", "text": text})
            found += n
            if found >= target:
                break
        rep += 1
    path = folder / "corpus.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path, len(records)


def time_tag(corpus: Path, out: Path, pipeline: Pipeline, batch_articles: int) -> tuple[float, int]:
    """``tag_corpus`` end to end with an already loaded pipeline: seconds and statements tagged."""
    from toolkit.tagger import TagConfig, tag_corpus

    cfg = TagConfig(models="preloaded", fast=True, batch_articles=batch_articles)
    started = time.perf_counter()
    totals = tag_corpus([corpus], out, cfg, loader=lambda *_: pipeline)
    return time.perf_counter() - started, totals.statements


def time_cold(corpus: Path, out: Path, models: Path) -> float:
    """The ``toolkit tag`` command in a fresh process (imports, model loading, tagging)."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "toolkit.cli", "tag", str(corpus), "--out", str(out), "--models", str(models),
         "--fast", "--no-progress"],
        check=True, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    return time.perf_counter() - started


class BatchRecorder:
    """Records every batch the tagger's classifiers encode, to replay their forward passes alone."""

    def __init__(self, pipeline: Pipeline):
        self.classifiers = [pipeline.attributor.scorer, pipeline.themes, pipeline.stance]
        self.batches: list[tuple[object, dict]] = []
        for clf in self.classifiers:
            encode = clf.encode

            def recording(inputs, clf=clf, encode=encode):
                batch = encode(inputs)
                self.batches.append((clf, batch))
                return batch

            clf.encode = recording

    def time_forward(self) -> float:
        """The recorded batches' forward passes, already tokenised, in the order the tagger ran them."""
        started = time.perf_counter()
        for clf, batch in self.batches:
            clf.model.run(batch)
        return time.perf_counter() - started


def naive_pipes(models: Path) -> dict:
    from transformers import pipeline as hf_pipeline

    return {t: hf_pipeline("text-classification", model=str(models / t), top_k=None) for t in STAGES}


def time_naive(pipes: dict, inputs_per_statement: list[dict[str, list]]) -> float:
    """A transformers pipeline per task, one call per statement (and per speaker candidate), full precision."""

    def call(task, x):
        text, pair = x
        return pipes[task]({"text": text, "text_pair": pair} if pair else text)

    call("themes", ("warm up", None))
    started = time.perf_counter()
    for one in inputs_per_statement:
        for task, xs in one.items():
            for x in xs:
                call(task, x)
    return time.perf_counter() - started


def per_statement_inputs(tagged: list[dict], pipeline: Pipeline, limit: int) -> tuple[list[dict], float]:
    """Inputs grouped by statement, for the naive loop, with the time extraction and candidate finding took."""
    from toolkit.schema import Article

    groups, started = [], time.perf_counter()
    for raw in tagged:
        article = Article.model_validate(raw)
        text, ctx = article.text, ArticleContext(article.text)
        extracted = extract_statements(text)
        for st, tagged_st in zip(extracted, article.statements, strict=False):
            groups.append(
                {
                    "attribution": [scorer_input(text, st, m) for m in candidates_for(text, st)],
                    "themes": [ctx.classifier_input(tagged_st, pipeline.themes.context)],
                    "stance": [ctx.classifier_input(tagged_st, pipeline.stance.context)],
                }
            )
            if len(groups) >= limit:
                return groups, time.perf_counter() - started
    return groups, time.perf_counter() - started


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--models", type=Path, default=REPO / "models")
    ap.add_argument(
        "--gold", type=Path, nargs="+", default=[REPO / "seeds/gold/dev.jsonl", REPO / "seeds/gold/test.jsonl"]
    )
    ap.add_argument("--test", type=Path, default=REPO / "seeds/gold/test.jsonl", help="Split for the agreement.")
    ap.add_argument("--statements", type=int, default=1000)
    ap.add_argument("--naive-statements", type=int, default=150)
    ap.add_argument("--batch-articles", type=int, default=32)
    ap.add_argument("--rounds", type=int, default=3, help="Interleaved rounds of tag, ceiling and naive.")
    ap.add_argument("--no-cold", action="store_true", help="Skip the fresh-process run of the command.")
    args = ap.parse_args()

    from toolkit.pipeline import missing_models

    if missing_models(args.models):
        raise SystemExit(f"{args.models}: no trained model for {', '.join(missing_models(args.models))}")
    with tempfile.TemporaryDirectory(prefix="tag-bench-") as tmp:
        tmp = Path(tmp)
        corpus, n_articles = build_corpus(args.gold, args.statements, tmp)
        started = time.perf_counter()
        pipeline = Pipeline.load(args.models, fast=True)  # exports the ONNX files on first use
        load_s = time.perf_counter() - started
        time_tag(corpus, tmp / "warm.jsonl", pipeline, args.batch_articles)  # warm-up (caches, allocator)
        tag_peak = peak_mib()  # before the naive way's full-precision models load
        tagged = [json.loads(x) for x in (tmp / "warm.jsonl").read_text(encoding="utf-8").splitlines()]
        groups, prep_s = per_statement_inputs(tagged, pipeline, args.naive_statements)
        pipes = naive_pipes(args.models)
        recorder = BatchRecorder(pipeline)
        # Rounds interleave the three measurements so that load from other processes hits them alike.
        tag_times, ceiling_times, naive_times = [], [], []
        for _ in range(args.rounds):
            recorder.batches.clear()
            tag_s, n_statements = time_tag(corpus, tmp / "tagged.jsonl", pipeline, args.batch_articles)
            tag_times.append(tag_s)
            ceiling_times.append(recorder.time_forward())
            naive_times.append(time_naive(pipes, groups) + prep_s)
        n_inputs = sum(len(b["input_ids"]) for _, b in recorder.batches)
        cold_s = None if args.no_cold else time_cold(corpus, tmp / "cold.jsonl", args.models)
    tag_s, ceiling_s, naive_s = (statistics.median(t) for t in (tag_times, ceiling_times, naive_times))

    from toolkit.fast import agreement_on_gold

    agreement = agreement_on_gold(args.models, args.test) if args.test.is_file() else None

    tag_rate = n_statements / tag_s
    ceiling_rate = n_statements / ceiling_s
    naive_rate = len(groups) / naive_s
    print(f"corpus: {n_articles} articles, {n_statements} statements, {n_inputs} classifier inputs "
          f"({n_inputs / max(n_statements, 1):.1f} per statement: speaker candidates, themes, stance); "
          f"medians of {args.rounds} interleaved rounds")  # fmt: skip
    print(f"models: {args.models} (fast path: ONNX Runtime int8), loaded in {load_s:.1f} s")
    print(f"tag          {tag_rate:8.1f} statements/s  ({tag_s:.2f} s, models loaded, tagger machinery)")
    if cold_s is not None:
        print(
            f"tag cold     {n_statements / cold_s:8.1f} statements/s  ({cold_s:.2f} s, `toolkit tag` in a new process)"
        )
    print(f"ceiling      {ceiling_rate:8.1f} statements/s  ({ceiling_s:.2f} s, the same batches' forward passes alone)")
    print(f"naive        {naive_rate:8.1f} statements/s  ({naive_s:.2f} s over {len(groups)} statements, "
          "a transformers pipeline per task, per statement, fp32)")  # fmt: skip
    print(f"tag/ceiling  {tag_rate / ceiling_rate:8.2f}  (target >= 0.70)")
    print(f"tag/naive    {tag_rate / naive_rate:8.1f}  (target >= 5)")
    cold_peak = "" if cold_s is None else f"; {peak_mib(resource.RUSAGE_CHILDREN):.0f} MiB for the cold command"
    print(f"peak memory  {tag_peak:8.0f} MiB after tagging (this process), "
          f"{peak_mib():.0f} MiB with the naive models{cold_peak}")  # fmt: skip
    if agreement is None:
        print(f"agreement    pending: no {args.test}")
    else:
        a = agreement
        print(f"agreement    {a['all']['agreement']:.2%} of {a['all']['total']} labels on {args.test.name} gold spans "
              f"(themes {a['themes']['agreement']:.2%} of {a['themes']['total']}, stance {a['stance']['agreement']:.2%}"
              f" of {a['stance']['total']}; target >= 99%)")  # fmt: skip


if __name__ == "__main__":
    main()
