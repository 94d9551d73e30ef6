"""Reading and writing article JSONL, validating every record on the way in.

A bad record becomes a ``DataError`` that names the file, the line, the field
and the bad value, so a user can go straight to it.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from toolkit.schema import Article, check_article
from toolkit.taxonomy import Taxonomy, load_taxonomy


class DataError(ValueError):
    """A bad input record, located by file, line and field."""

    def __init__(self, path: str | Path, line: int | None, field: str, value: Any, message: str):
        self.path, self.line, self.field, self.value, self.message = str(path), line, field, value, message
        where = f"{self.path}:{line}" if line is not None else self.path
        shown = repr(value)
        if len(shown) > 80:
            shown = shown[:77] + "..."
        super().__init__(f"{where}: field {field!r}: {message} (value: {shown})")

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.path, "line": self.line, "field": self.field, "reason": self.message}


def _pydantic_errors(path: Path, line: int, err: ValidationError) -> list[DataError]:
    out = []
    for e in err.errors():
        field = ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in e["loc"]).replace(".[", "[")
        out.append(DataError(path, line, field or "<record>", e.get("input"), e["msg"]))
    return out


def json_objects(lines: Iterable[bytes]) -> Iterator[tuple[int, dict | None, str | None]]:
    """``(line, object, None)`` for each JSON object line, ``(line, None, reason)`` for a bad one.

    Blank lines are skipped; bytes are decoded as strict UTF-8, never repaired.
    Shared by validation and the batch tagger so both judge a line alike.
    """
    for line_no, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as e:
            yield line_no, None, f"not UTF-8: {e.reason} at byte {e.start}"
            continue
        except json.JSONDecodeError as e:
            yield line_no, None, f"not JSON: {e.msg} (column {e.colno})"
            continue
        if not isinstance(data, dict):
            yield line_no, None, f"a record must be a JSON object, not {type(data).__name__}"
            continue
        yield line_no, data, None


def iter_checked(
    path: str | Path, taxonomy: Taxonomy | None = None, require_labels: bool = False
) -> Iterator[tuple[int, Article | None, list[DataError]]]:
    """Yield ``(line, article or None, errors)`` for every non-blank line of a JSONL file.

    Never raises on a bad record, so callers can report all of them; duplicate
    ids within the file are reported on the later line.
    """
    path = Path(path)
    taxonomy = taxonomy or load_taxonomy()
    seen: dict[str, int] = {}
    with open(path, "rb") as f:
        for line_no, data, reason in json_objects(f):
            if reason is not None:
                yield line_no, None, [DataError(path, line_no, "<line>", None, reason)]
                continue
            try:
                article = Article.model_validate(data)
            except ValidationError as e:
                yield line_no, None, _pydantic_errors(path, line_no, e)
                continue
            errors = [
                DataError(path, line_no, p.field, p.value, p.message)
                for p in check_article(article, taxonomy, require_labels)
            ]
            if article.id in seen:
                errors.append(
                    DataError(
                        path, line_no, "id", article.id, f"duplicate article id (first on line {seen[article.id]})"
                    )
                )
            else:
                seen[article.id] = line_no
            yield line_no, (article if not errors else None), errors


def read_articles(path: str | Path, taxonomy: Taxonomy | None = None, require_labels: bool = False) -> list[Article]:
    """All articles of a JSONL file; raises the first ``DataError`` found."""
    articles = []
    for _, article, errors in iter_checked(path, taxonomy, require_labels):
        if errors:
            raise errors[0]
        articles.append(article)
    return articles


def validate_files(
    paths: Iterable[str | Path], taxonomy: Taxonomy | None = None, require_labels: bool = False
) -> tuple[int, list[DataError]]:
    """Check every record of every file: ``(records read, every error)``, ids unique across files."""
    errors: list[DataError] = []
    ids: dict[str, str] = {}
    n = 0
    for path in paths:
        if not Path(path).is_file():
            errors.append(DataError(path, None, "<file>", str(path), "no such file"))
            continue
        for line_no, article, errs in iter_checked(path, taxonomy, require_labels):
            n += 1
            errors.extend(errs)
            if article is not None:
                where = f"{path}:{line_no}"
                if article.id in ids and not ids[article.id].startswith(f"{path}:"):
                    errors.append(
                        DataError(path, line_no, "id", article.id, f"duplicate article id (also at {ids[article.id]})")
                    )
                ids.setdefault(article.id, where)
    return n, errors


def article_to_line(article: Article) -> str:
    return json.dumps(article.to_json_dict(), ensure_ascii=False) + "\n"


def write_articles(path: str | Path, articles: Iterable[Article]) -> int:
    """Write articles to JSONL atomically (a temp file renamed into place); returns the count."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    n = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            for article in articles:
                f.write(article_to_line(article))
                n += 1
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return n
