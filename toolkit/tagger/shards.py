"""Committed shards: the unit of progress, of ``--resume`` and of the final output.

A run keeps its work in ``OUT.parts/`` beside the output::

    run.json                   what the run reads and how (checked on --resume)
    shard-000000.jsonl         tagged output of input records [first, first + n)
    shard-000000.errors.jsonl  the errors among those records
    shard-000000.json          the manifest: which records, counts, file sizes

Each file is written atomically, the manifest last: a shard exists only once
its manifest does, so a run killed at any instant leaves whole shards and
debris that the next run ignores. Shards cover consecutive ranges of the input
stream (``Record.index``), so resuming means skipping the records the
committed manifests cover: no duplicate, no gap. When every record is in a
shard, the shards are joined (atomically, in input order) into OUT and
OUT.errors.jsonl and the folder is removed.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from toolkit.tagger.writers import JsonlFormat, ParquetFormat, concat_files, write_lines

RUN_FILE = "run.json"
VERSION = 1


class ResumeError(RuntimeError):
    """The parts folder cannot be continued (or must not be overwritten) as asked."""


@dataclass(frozen=True)
class ShardManifest:
    """What one committed shard covers and holds."""

    shard: int
    first_record: int
    n_records: int
    tagged: int
    errors: int
    statements: int
    first_place: str
    last_place: str
    data_file: str
    data_bytes: int
    errors_file: str
    errors_bytes: int

    @property
    def end_record(self) -> int:
        return self.first_record + self.n_records


def parts_dir_for(out: Path) -> Path:
    return out.parent / f"{out.name}.parts"


def errors_path_for(out: Path) -> Path:
    return out.parent / f"{out.name}.errors.jsonl"


def fingerprint_files(files: Iterable[Path]) -> str:
    """A hash of every input file's path, size and modification time, streamed (flat memory)."""
    h = hashlib.sha256()
    for f in files:
        st = f.stat()
        h.update(f"{f.resolve()}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


class Parts:
    """The parts folder of one output file: its run description and committed shards."""

    def __init__(self, out: Path, fmt: JsonlFormat | ParquetFormat):
        self.out = out
        self.fmt = fmt
        self.dir = parts_dir_for(out)

    # -------------------------------------------------------------- opening

    def open(self, run: dict[str, Any], resume: bool) -> list[ShardManifest]:
        """Start fresh or continue; returns the shards already committed (empty when fresh).

        Without ``resume`` an unfinished run's folder is never overwritten
        once it holds a shard: it may hold hours of work. With ``resume`` the run description must
        match, since other inputs, models or settings would mix outputs.
        """
        run = {"version": VERSION, **run}
        run_file = self.dir / RUN_FILE
        if run_file.is_file() and not resume and not self._manifest_path(0).is_file():
            shutil.rmtree(self.dir)  # an unfinished run that committed nothing: nothing to lose
        if run_file.is_file():
            if not resume:
                raise ResumeError(
                    f"{self.dir} holds an unfinished run: add --resume to continue it, "
                    "or delete the folder to start over"
                )
            saved = json.loads(run_file.read_text(encoding="utf-8"))
            changed = sorted(k for k in set(saved) | set(run) if saved.get(k) != run.get(k))
            if changed:
                raise ResumeError(
                    f"{self.dir}: cannot resume, the run differs in {', '.join(changed)} "
                    "(same inputs, unchanged files, same models and settings are required)"
                )
            return self._committed()
        if self.dir.exists():  # a folder without run.json: debris of a run killed while starting
            shutil.rmtree(self.dir)
        self.dir.mkdir(parents=True)
        write_lines(run_file, [json.dumps(run, indent=1) + "\n"])
        return []

    def _committed(self) -> list[ShardManifest]:
        """Consecutive valid shards from 0; anything after the first gap or damaged shard is removed."""
        shards: list[ShardManifest] = []
        expected_first = 0
        while True:
            path = self._manifest_path(len(shards))
            if not path.is_file():
                break
            try:
                m = ShardManifest(**json.loads(path.read_text(encoding="utf-8")))
            except (ValueError, TypeError):
                break
            if m.shard != len(shards) or m.first_record != expected_first or not self._files_intact(m):
                break
            shards.append(m)
            expected_first = m.end_record
        self._remove_from(len(shards))
        return shards

    def _files_intact(self, m: ShardManifest) -> bool:
        data, errors = self.dir / m.data_file, self.dir / m.errors_file
        return (
            data.is_file()
            and data.stat().st_size == m.data_bytes
            and errors.is_file()
            and errors.stat().st_size == m.errors_bytes
        )

    def _remove_from(self, shard: int) -> None:
        for path in self.dir.glob("shard-*"):
            number = path.name.split(".")[0].removeprefix("shard-")
            if number.isdigit() and int(number) >= shard:
                path.unlink()
        for debris in [*self.dir.glob(".*.tmp"), *self.dir.glob(".ids.*")]:  # a killed run's temp files
            debris.unlink()

    # -------------------------------------------------------------- writing

    def _manifest_path(self, shard: int) -> Path:
        return self.dir / f"shard-{shard:06d}.json"

    def commit(
        self,
        shard: int,
        first_record: int,
        n_records: int,
        tagged: Sequence[str],
        errors: Sequence[dict[str, Any]],
        statements: int,
        places: tuple[str, str],
    ) -> ShardManifest:
        """Write one shard's data and errors, then its manifest (the commit point)."""
        if len(tagged) + len(errors) != n_records:
            raise AssertionError(f"shard {shard}: {n_records} records but {len(tagged)} tagged + {len(errors)} errors")
        data_file = f"shard-{shard:06d}{self.fmt.suffix}"
        errors_file = f"shard-{shard:06d}.errors.jsonl"
        data_bytes = self.fmt.write_shard(self.dir / data_file, tagged)
        errors_bytes = write_lines(self.dir / errors_file, (json.dumps(e, ensure_ascii=False) + "\n" for e in errors))
        manifest = ShardManifest(
            shard=shard,
            first_record=first_record,
            n_records=n_records,
            tagged=len(tagged),
            errors=len(errors),
            statements=statements,
            first_place=places[0],
            last_place=places[1],
            data_file=data_file,
            data_bytes=data_bytes,
            errors_file=errors_file,
            errors_bytes=errors_bytes,
        )
        write_lines(self._manifest_path(shard), [json.dumps(asdict(manifest), indent=1) + "\n"])
        return manifest

    def finish(self, shards: Sequence[ShardManifest]) -> None:
        """Join the shards into OUT.errors.jsonl and OUT (each atomically, in input order); drop the folder."""
        errors_out = errors_path_for(self.out)
        concat_files([self.dir / m.errors_file for m in shards], errors_out)
        self.fmt.concat([self.dir / m.data_file for m in shards], self.out)
        shutil.rmtree(self.dir)
