"""Reading a corpus lazily: .txt files and folders, JSONL and Parquet, as a stream of numbered records.

Every record read becomes either an article to tag or an error with its
place (file, line or row, id) and reason, so nothing is dropped on the way:
``Record.index`` numbers the stream, and shards and ``--resume`` count in it.

Decisions per bad case (the README's "Tagging a corpus" lists them too):

* malformed JSON, not an object, non-UTF-8 bytes (in a .txt file or a JSONL
  line): an error. Text is never repaired, since offsets must index the text as
  given.
* missing or null ``id``/``text``, or a wrong type: an error. An integer id is
  taken as its decimal string (Parquet id columns are often int64). Optional
  ``title``, ``date``, ``source`` must be strings when present (a Parquet
  date/timestamp becomes its ISO date); other fields are ignored.
* empty or blank text: an error (nothing to tag; usually a failed scrape).
* duplicate id anywhere in the run: the first record is tagged, each later one
  is an error that names the first's place.
* long text: tagged, up to ``max_text_chars`` (2 M characters by default: a
  1 MB article is processed); longer is an error.
* blank JSONL lines are not records. A file that cannot be opened at all (a
  corrupt Parquet file, no permission) counts as one record, an error.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.jsonl import json_objects
from toolkit.schema import Article

SUFFIXES = {".txt": "txt", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}
OPTIONAL_FIELDS = ("title", "date", "source")
PARQUET_BATCH_ROWS = 256


class InputError(ValueError):
    """An input path that cannot be used at all (missing, unknown kind): a usage error, raised before any work."""


@dataclass(frozen=True)
class Record:
    """One input record: an article to tag, or why it cannot be, with where it came from."""

    index: int
    source: str
    line: int | None
    id: str | None
    article: Article | None = None
    error: str | None = None

    def error_dict(self) -> dict[str, Any]:
        """The line written to ``OUT.errors.jsonl``; ``line`` is the JSONL line or Parquet row (1-based)."""
        out: dict[str, Any] = {"source": self.source}
        if self.line is not None:
            out["line"] = self.line
        if self.id is not None:
            out["id"] = self.id
        out["reason"] = self.error
        return out

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}" if self.line is not None else self.source


def input_kind(path: Path) -> str:
    if path.is_dir():
        return "folder"
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise InputError(f"{path}: unknown input kind (give .txt, .jsonl, .parquet files or folders of .txt)")
    return kind


def check_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """The input paths, each existing and of a known kind; raises ``InputError`` before any work."""
    out = []
    for p in paths:
        path = Path(p)
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
        input_kind(path)
        out.append(path)
    if not out:
        raise InputError("no input given")
    return out


def walk_txt(folder: Path) -> Iterator[Path]:
    """The .txt files under a folder, depth first in name order; one folder listing in memory at a time."""
    with os.scandir(folder) as it:
        entries = sorted(it, key=lambda e: e.name)
    for entry in entries:
        if entry.is_dir():
            yield from walk_txt(Path(entry.path))
        elif entry.name.lower().endswith(".txt") and entry.is_file():
            yield Path(entry.path)


def input_files(paths: Iterable[Path]) -> Iterator[tuple[Path, str]]:
    """``(file, kind)`` for every file the inputs stand for, in the order given."""
    for path in paths:
        kind = input_kind(path)
        if kind == "folder":
            for f in walk_txt(path):
                yield f, "txt"
        else:
            yield path, kind


# ------------------------------------------------------------------ raw fields


def _read_txt(path: Path) -> Iterator[tuple[int | None, dict | None, str | None]]:
    try:
        data = path.read_bytes()
    except OSError as e:
        yield None, {"id": path.stem}, f"cannot read the file: {e.strerror or e}"
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        yield None, {"id": path.stem}, f"not UTF-8: {e.reason} at byte {e.start}"
        return
    yield None, {"id": path.stem, "text": text, "source": str(path)}, None


def _read_jsonl(path: Path) -> Iterator[tuple[int | None, dict | None, str | None]]:
    try:
        f = open(path, "rb")  # noqa: SIM115 - closed below; an open failure is one error record
    except OSError as e:
        yield None, None, f"cannot open the file: {e.strerror or e}"
        return
    with f:
        yield from json_objects(f)


def _read_parquet(path: Path) -> Iterator[tuple[int | None, dict | None, str | None]]:
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except Exception as e:  # noqa: BLE001 - any failure to open is reported, not raised
        yield None, None, f"not a readable Parquet file: {e}"
        return
    names = set(pf.schema_arrow.names)
    columns = [c for c in ("id", "text", *OPTIONAL_FIELDS) if c in names]
    row = 0
    if not columns:  # neither id nor text: every row is an error, and still counted
        for row in range(1, pf.metadata.num_rows + 1):
            yield row, {}, None
        return
    for batch in pf.iter_batches(batch_size=PARQUET_BATCH_ROWS, columns=columns):
        for data in batch.to_pylist():
            row += 1
            yield row, data, None


READERS = {"txt": _read_txt, "jsonl": _read_jsonl, "parquet": _read_parquet}


# ---------------------------------------------------------------- validation


def _field_error(data: dict, max_text_chars: int) -> str | None:
    for name in ("id", "text"):
        if data.get(name) is None:
            return f"missing field {name!r}"
    if not isinstance(data["id"], str) or not data["id"]:
        return "field 'id' must be a non-empty string or an integer"
    if isinstance(data["text"], bytes):
        return "field 'text' is binary, not a string"
    if not isinstance(data["text"], str):
        return f"field 'text' must be a string, not {type(data['text']).__name__}"
    if not data["text"].strip():
        return "empty text"
    if len(data["text"]) > max_text_chars:
        return f"text of {len(data['text']):,} characters is over the limit of {max_text_chars:,} (max_text_chars)"
    for name in OPTIONAL_FIELDS:
        if data.get(name) is not None and not isinstance(data[name], str):
            return f"field {name!r} must be a string, not {type(data[name]).__name__}"
    return None


def _normalised(data: dict) -> dict:
    """Integer ids as strings, binary text decoded, dates as ISO strings: what Parquet columns hold."""
    data = dict(data)
    if isinstance(data.get("id"), int) and not isinstance(data["id"], bool):
        data["id"] = str(data["id"])
    if isinstance(data.get("date"), dt.datetime):
        data["date"] = data["date"].date().isoformat()
    elif isinstance(data.get("date"), dt.date):
        data["date"] = data["date"].isoformat()
    return data


class SeenIds:
    """Article ids met so far, on disk (SQLite in a temp file) so memory stays flat however large the corpus.

    Rebuilt from the start of the stream on every run (resumed runs re-read
    the records they skip), so it is never part of the committed state.
    """

    def __init__(self, folder: str | Path | None = None):
        fd, self.path = tempfile.mkstemp(dir=folder, prefix=".ids.", suffix=".sqlite")
        os.close(fd)
        self.db = sqlite3.connect(self.path)
        self.db.execute("PRAGMA journal_mode=OFF")
        self.db.execute("PRAGMA synchronous=OFF")
        self.db.execute("CREATE TABLE ids (id TEXT PRIMARY KEY, place TEXT) WITHOUT ROWID")
        self._pending = 0

    def first_place(self, article_id: str, place: str) -> str | None:
        """Where ``article_id`` was first seen, or ``None`` (and remember ``place``) when it is new."""
        row = self.db.execute("SELECT place FROM ids WHERE id = ?", (article_id,)).fetchone()
        if row is not None:
            return row[0]
        self.db.execute("INSERT INTO ids VALUES (?, ?)", (article_id, place))
        self._pending += 1
        if self._pending >= 10_000:
            self.db.commit()
            self._pending = 0
        return None

    def close(self) -> None:
        self.db.close()
        Path(self.path).unlink(missing_ok=True)

    def __enter__(self) -> SeenIds:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class GoldSpans:
    """Gold articles by id, for ``--spans``: their statements and entities replace extraction.

    A gold file is hand-labelled and small, so it is held in memory. Any bad
    record in it stops the run before work starts (``toolkit validate`` says
    what to fix).
    """

    def __init__(self, path: str | Path):
        from toolkit.jsonl import iter_checked

        self.path = Path(path)
        self.articles: dict[str, Article] = {}
        for _, article, errors in iter_checked(self.path):
            if errors:
                raise errors[0]
            self.articles[article.id] = article

    def error_or_article(self, article: Article) -> tuple[str | None, Article | None]:
        gold = self.articles.get(article.id)
        if gold is None:
            return f"no gold statements for this id in {self.path}", None
        if gold.text != article.text:
            return f"text differs from the gold article's in {self.path}", None
        return None, gold


def iter_records(
    paths: Iterable[Path],
    seen: SeenIds,
    max_text_chars: int = 2_000_000,
    gold: GoldSpans | None = None,
) -> Iterator[Record]:
    """Every record of every input, numbered from 0 in input order, as an article or an error."""
    index = 0
    for path, kind in input_files(paths):
        source = str(path)
        for line, data, error in READERS[kind](path):
            rid = None
            article = None
            if error is None:
                data = _normalised(data)
                rid = data["id"] if isinstance(data.get("id"), str) and data["id"] else None
                error = _field_error(data, max_text_chars)
            elif data is not None and isinstance(data.get("id"), str):
                rid = data["id"]
            if error is None:
                first = seen.first_place(rid, f"{source}:{line}" if line is not None else source)
                if first is not None:
                    error = f"duplicate id (first at {first})"
            if error is None:
                fields = {k: data[k] for k in ("id", "text", *OPTIONAL_FIELDS) if data.get(k) is not None}
                article = Article(**fields)
                if gold is not None:
                    error, article = gold.error_or_article(article)
            yield Record(index=index, source=source, line=line, id=rid, article=article, error=error)
            index += 1
