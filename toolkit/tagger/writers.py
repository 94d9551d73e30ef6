"""Output formats: article JSONL (the project schema, with scores) or Parquet, one row per statement.

Each format writes one shard file atomically (temp name, fsync, ``os.replace``)
and joins finished shards into the final file the same way, streaming, so
neither step holds more than one shard in memory and a crash never leaves a
half-written file under a real name.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from toolkit.taxonomy import Taxonomy, load_taxonomy


def _file_mode() -> int:
    """The mode a plain ``open()`` would give (0o666 less the umask); temp files start private (0o600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


FILE_MODE = _file_mode()


@contextmanager
def atomic_file(path: Path, mode: str = "wb"):
    """Open a temp file beside ``path``; on success fsync it and rename it over ``path``, else remove it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, mode) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_lines(path: Path, lines: Iterable[str]) -> int:
    """Text lines (each ending in a newline) written atomically; returns the bytes written."""
    with atomic_file(path) as f:
        n = 0
        for line in lines:
            n += f.write(line.encode("utf-8"))
    return n


def concat_files(parts: Sequence[Path], out: Path) -> None:
    """Byte-concatenate ``parts`` into ``out`` atomically."""
    with atomic_file(out) as f:
        for part in parts:
            with open(part, "rb") as src:
                shutil.copyfileobj(src, f, 1 << 20)


class JsonlFormat:
    """Tagged articles, one JSON object per line, exactly as ``toolkit.jsonl`` writes them."""

    name = "jsonl"
    suffix = ".jsonl"

    def write_shard(self, path: Path, tagged: Sequence[str]) -> int:
        return write_lines(path, (t + "\n" for t in tagged))

    def concat(self, parts: Sequence[Path], out: Path) -> None:
        concat_files(parts, out)


class ParquetFormat:
    """One row per statement: the article's id and date, the span, how it is reported, who said it, the tags.

    Score columns are structs with one field per taxonomy label (in taxonomy
    order), so every shard has the same schema and pandas reads them as dicts.
    An article with no statement has no row (it still counts as tagged).
    """

    name = "parquet"
    suffix = ".parquet"

    def __init__(self, taxonomy: Taxonomy | None = None):
        import pyarrow as pa

        self.taxonomy = taxonomy or load_taxonomy()
        self.theme_names = list(self.taxonomy.theme_names)
        self.stance_names = list(self.taxonomy.stances)
        self.schema = pa.schema(
            [
                ("article_id", pa.string()),
                ("date", pa.string()),
                ("start", pa.int64()),
                ("end", pa.int64()),
                ("text", pa.string()),
                ("kind", pa.string()),
                ("cue", pa.string()),
                ("speaker", pa.string()),
                ("speaker_mention", pa.string()),
                ("affiliation", pa.string()),
                ("speaker_score", pa.float64()),
                ("themes", pa.list_(pa.string())),
                ("theme_scores", pa.struct([(n, pa.float64()) for n in self.theme_names])),
                ("stance", pa.string()),
                ("stance_scores", pa.struct([(n, pa.float64()) for n in self.stance_names])),
            ]
        )

    def rows(self, tagged_json: str) -> list[dict[str, Any]]:
        article = json.loads(tagged_json)
        out = []
        for st in article.get("statements", []):
            ts, ss = st.get("theme_scores"), st.get("stance_scores")
            out.append(
                {
                    "article_id": article["id"],
                    "date": article.get("date"),
                    "start": st["start"],
                    "end": st["end"],
                    "text": st["text"],
                    "kind": st.get("kind"),
                    "cue": st.get("cue"),
                    "speaker": st.get("speaker"),
                    "speaker_mention": st.get("speaker_mention"),
                    "affiliation": st.get("affiliation"),
                    "speaker_score": st.get("speaker_score"),
                    "themes": st.get("themes") or [],
                    "theme_scores": None if ts is None else {n: ts.get(n) for n in self.theme_names},
                    "stance": st.get("stance"),
                    "stance_scores": None if ss is None else {n: ss.get(n) for n in self.stance_names},
                }
            )
        return out

    def write_shard(self, path: Path, tagged: Sequence[str]) -> int:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pylist([r for t in tagged for r in self.rows(t)], schema=self.schema)
        with atomic_file(path) as f:
            pq.write_table(table, f)
        return path.stat().st_size

    def concat(self, parts: Sequence[Path], out: Path) -> None:
        import pyarrow.parquet as pq

        with atomic_file(out) as f:
            writer = pq.ParquetWriter(f, self.schema)
            try:
                for part in parts:
                    pf = pq.ParquetFile(part)
                    for i in range(pf.num_row_groups):
                        writer.write_table(pf.read_row_group(i))
            finally:
                writer.close()


FORMATS: dict[str, Callable[[], JsonlFormat | ParquetFormat]] = {"jsonl": JsonlFormat, "parquet": ParquetFormat}


def get_format(name: str) -> JsonlFormat | ParquetFormat:
    if name not in FORMATS:
        raise ValueError(f"unknown output format {name!r} (allowed: {', '.join(FORMATS)})")
    return FORMATS[name]()


def format_for(out: Path, name: str | None) -> str:
    """The format asked for, else the one the output's suffix names (``.parquet``), else JSONL."""
    if name:
        return name
    return "parquet" if out.suffix.lower() == ".parquet" else "jsonl"
