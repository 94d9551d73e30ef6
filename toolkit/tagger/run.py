"""``tag_corpus``: read lazily, tag in batches, commit shards, join them into the output; account for every record.

Memory stays flat as the corpus grows: one shard of records is held at a
time, seen ids live on disk, and the final join streams shard by shard. The
totals reconcile by construction and are checked in code (read == tagged +
errors) for each shard and for the run.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from toolkit.tagger.batch import TagBatch, Tagger
from toolkit.tagger.config import TagConfig
from toolkit.tagger.readers import GoldSpans, Record, SeenIds, check_inputs, input_files, iter_records
from toolkit.tagger.shards import Parts, ShardManifest, errors_path_for, fingerprint_files
from toolkit.tagger.writers import format_for, get_format


@dataclass
class TagTotals:
    """What a run read and what became of it; ``resumed`` counts records committed by an earlier try."""

    read: int = 0
    tagged: int = 0
    errors: int = 0
    statements: int = 0
    shards: int = 0
    resumed: int = 0
    seconds: float = 0.0

    def add(self, m: ShardManifest) -> None:
        self.read += m.n_records
        self.tagged += m.tagged
        self.errors += m.errors
        self.statements += m.statements
        self.shards += 1

    def check(self) -> None:
        """Every record read is tagged or listed as an error (raised even under ``python -O``)."""
        if self.read != self.tagged + self.errors:
            raise AssertionError(f"records lost: read {self.read} != tagged {self.tagged} + errors {self.errors}")

    def summary(self, out: Path) -> str:
        lines = [
            f"read {self.read} records: tagged {self.tagged}, errors {self.errors} "
            f"({self.statements} statements, {self.shards} shards)",
            f"output: {out}",
            f"errors: {errors_path_for(out)}" + ("" if self.errors else " (empty)"),
        ]
        if self.resumed:
            lines.append(f"resumed: {self.resumed} records were committed by an earlier run")
        return "\n".join(lines)


def make_engine(config: TagConfig, tag_batch: TagBatch):
    if config.engine == "ray":
        from toolkit.tagger.engine_ray import RayEngine

        r = config.ray
        return RayEngine(tag_batch, config.batch_articles, r.address, r.actors, r.cpus_per_actor)
    from toolkit.tagger.engine_local import LocalEngine

    return LocalEngine(tag_batch, config.batch_articles)


def _run_description(paths: Sequence[Path], fmt: str, gold: Path | None, config: TagConfig) -> dict:
    """What must not change between a run and its resumption: the inputs (to the file), models, settings."""
    files = [f for f, _ in input_files(paths)] + ([gold] if gold else [])
    return {
        "inputs": [str(p.resolve()) for p in paths],
        "files": fingerprint_files(files),
        "format": fmt,
        "gold": str(gold.resolve()) if gold else None,
        "models": str(Path(config.models).resolve()),
        "fast": config.fast,
        "max_text_chars": config.max_text_chars,
    }


class _Progress:
    """A tqdm bar over records, showing articles/s and, in its postfix, statements/s and errors."""

    def __init__(self, enabled: bool, initial: int):
        from tqdm.auto import tqdm

        self.bar = tqdm(desc="tagging", unit=" articles", initial=initial, disable=not enabled, dynamic_ncols=True)
        self.started = time.perf_counter()
        self.statements = 0
        self.errors = 0

    def update(self, records: int, statements: int, errors: int) -> None:
        self.statements += statements
        self.errors += errors
        rate = self.statements / max(time.perf_counter() - self.started, 1e-9)
        self.bar.set_postfix_str(f"{rate:.0f} statements/s, {self.errors} errors", refresh=False)
        self.bar.update(records)

    def close(self) -> None:
        self.bar.close()


def _tag_shard(engine, records: Sequence[Record], progress: _Progress) -> tuple[list[str], list[dict], int]:
    """Tag the readable records of one shard; the shard's output lines, error lines and statement count."""
    bad = [r for r in records if r.error is not None]
    progress.update(len(bad), 0, len(bad))
    results: dict[int, tuple[str, str, int]] = {}
    for out in engine.tag([r for r in records if r.error is None]):
        n_err = 0
        for idx, tagged, error, n in zip(out["index"], out["tagged"], out["error"], out["statements"], strict=True):
            results[int(idx)] = (str(tagged), str(error), int(n))
            n_err += bool(error)
        progress.update(len(out["index"]), int(sum(out["statements"])), n_err)
    tagged_lines, errors, statements = [], [], 0
    for r in records:
        if r.error is not None:
            errors.append(r.error_dict())
            continue
        if r.index not in results:
            raise AssertionError(f"the {engine.name} engine returned no result for record {r.index} ({r.where})")
        tagged, error, n = results[r.index]
        if error:
            errors.append(dataclasses.replace(r, error=error).error_dict())
        else:
            tagged_lines.append(tagged)
            statements += n
    return tagged_lines, errors, statements


def tag_corpus(
    inputs: Iterable[str | Path],
    out: str | Path,
    config: TagConfig | None = None,
    fmt: str | None = None,
    gold: str | Path | None = None,
    resume: bool = False,
    progress: bool = False,
    loader: Callable[[str | Path, bool, int], Tagger] | None = None,
    on_commit: Callable[[ShardManifest], None] | None = None,
) -> TagTotals:
    """Tag every record of ``inputs`` into ``out`` (and ``out.errors.jsonl``); return the reconciled totals.

    ``gold`` tags the gold statements of that JSONL file (gold-span mode) and,
    when ``inputs`` is empty, is the input too. ``loader`` replaces
    ``Pipeline.load`` (tests); ``on_commit`` is called after each committed shard.
    Raises ``InputError``, ``ResumeError``, ``DataError`` (bad gold file) or
    ``FileNotFoundError`` (models) before any work when the run cannot start.
    """
    started = time.perf_counter()
    config = config or TagConfig()
    out = Path(out)
    gold_path = Path(gold) if gold else None
    inputs = list(inputs) or ([gold_path] if gold_path else [])
    paths = check_inputs(inputs)
    if loader is None:
        from toolkit.pipeline import missing_models

        missing = missing_models(config.models)
        if missing:
            raise FileNotFoundError(f"{config.models}: no trained model for {', '.join(missing)}")
    gold_spans = GoldSpans(gold_path) if gold_path else None
    output = get_format(format_for(out, fmt))

    tag_batch = TagBatch(
        config.models,
        gold_spans=gold_spans is not None,
        fast=config.fast,
        batch_size=config.classifier_batch_size,
        loader=loader,
    )
    engine = make_engine(config, tag_batch)  # before the parts folder: a Ray that cannot start leaves nothing
    try:
        parts = Parts(out, output)
        committed = parts.open(_run_description(paths, output.name, gold_path, config), resume)
    except BaseException:
        engine.close()
        raise
    totals = TagTotals()
    for m in committed:
        totals.add(m)
    totals.resumed = totals.read
    start = committed[-1].end_record if committed else 0
    bar = _Progress(progress, initial=start)
    seen = SeenIds(parts.dir)
    try:

        def commit(records: list[Record]) -> None:
            tagged, errors, statements = _tag_shard(engine, records, bar)
            m = parts.commit(
                len(committed), records[0].index, len(records), tagged, errors, statements,
                (records[0].where, records[-1].where),
            )  # fmt: skip
            committed.append(m)
            totals.add(m)
            if on_commit is not None:
                on_commit(m)

        shard: list[Record] = []
        for record in iter_records(paths, seen, config.max_text_chars, gold_spans):
            if record.index < start:
                continue  # committed by an earlier run; read again only to rebuild the seen ids
            shard.append(record)
            if len(shard) >= config.shard_articles:
                commit(shard)
                shard = []
        if shard:
            commit(shard)
    finally:
        seen.close()
        bar.close()
        engine.close()
    totals.check()
    parts.finish(committed)
    totals.seconds = time.perf_counter() - started
    return totals
