import copy
import json

import pytest
from helpers import make_article, write_jsonl

from toolkit.jsonl import DataError, read_articles, validate_files, write_articles
from toolkit.schema import Article


def test_round_trip_keeps_every_field(tmp_path, article_dict):
    article_dict["statements"][0]["theme_scores"] = {"trade": 0.1, "security": 0.7}
    article_dict["statements"][0]["stance_scores"] = {"favor": 0.8, "against": 0.1, "neutral": 0.1}
    article_dict["statements"][0]["speaker_score"] = 0.93
    article_dict["date"] = "2024-05-01"
    src = write_jsonl(tmp_path / "in.jsonl", [article_dict])
    articles = read_articles(src)
    out = tmp_path / "out.jsonl"
    write_articles(out, articles)
    assert json.loads(out.read_text(encoding="utf-8")) == article_dict
    assert read_articles(out) == articles


def _error_for(tmp_path, record) -> DataError:
    path = write_jsonl(tmp_path / "bad.jsonl", [make_article(id="ok-0"), record])
    with pytest.raises(DataError) as info:
        read_articles(path)
    err = info.value
    assert err.path == str(path) and err.line == 2
    assert str(path) in str(err) and ":2:" in str(err)
    return err


def _broken(change) -> dict:
    record = copy.deepcopy(make_article())
    change(record)
    return record


def _overlap(record: dict) -> None:
    """Move the second statement inside the first, keeping its text consistent."""
    first, second = record["statements"]
    start = first["start"] + 5
    end = start + len(second["text"])
    second.update(start=start, end=end, text=record["text"][start:end])


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (lambda r: r["statements"][0].update(end=10_000), "statements[0].start/end", "outside the text"),
        (lambda r: r["statements"][0].update(start=13), "statements[0].text", "differs from text"),
        (lambda r: r["statements"][1].update(themes=["trad"]), "statements[1].themes", "unknown theme"),
        (lambda r: r["statements"][1].update(stance="pro"), "statements[1].stance", "unknown stance"),
        (lambda r: r["statements"][1].update(kind="quote"), "statements[1].kind", "unknown kind"),
        (
            lambda r: r["statements"][0].update(speaker="Wang"),
            "statements[0].speaker",
            "not among the article's entities",
        ),
        (_overlap, "statements[1].start", "overlaps statements[0]"),  # noqa: E501
        (lambda r: r["statements"][0].pop("text"), "statements[0].text", "Field required"),
        (lambda r: r["statements"][0].update(start="x"), "statements[0].start", "valid integer"),
        (lambda r: r.update(colour="red"), "colour", "Extra inputs are not permitted"),
    ],
)
def test_each_validation_error_names_file_line_field_and_value(tmp_path, change, field, words):
    err = _error_for(tmp_path, _broken(change))
    assert err.field == field
    assert words in err.message
    assert field in str(err)


def test_duplicate_ids_in_one_file(tmp_path):
    path = write_jsonl(tmp_path / "dup.jsonl", [make_article(), make_article()])
    with pytest.raises(DataError, match="duplicate article id") as info:
        read_articles(path)
    assert info.value.line == 2 and info.value.value == "t-1"


def test_duplicate_ids_across_files_and_all_errors_reported(tmp_path):
    a = write_jsonl(tmp_path / "a.jsonl", [make_article()])
    bad = _broken(lambda r: r["statements"][1].update(stance="pro", themes=["x"]))
    b = write_jsonl(tmp_path / "b.jsonl", [make_article(), "{not json", bad | {"id": "t-2"}])
    n, errors = validate_files([a, b])
    assert n == 4
    fields = sorted((e.path.split("/")[-1], e.line, e.field) for e in errors)
    assert fields == [
        ("b.jsonl", 1, "id"),
        ("b.jsonl", 2, "<line>"),
        ("b.jsonl", 3, "statements[1].stance"),
        ("b.jsonl", 3, "statements[1].themes"),
    ]


def test_non_utf8_line_is_a_located_error(tmp_path):
    path = tmp_path / "latin.jsonl"
    path.write_bytes(json.dumps(make_article()).encode() + b"\n" + b'{"id": "caf\xe9"}\n')
    n, errors = validate_files([path])
    assert n == 2 and len(errors) == 1
    assert errors[0].line == 2 and "not UTF-8" in errors[0].message


def test_require_labels_flags_missing_gold_fields(tmp_path):
    record = _broken(lambda r: r["statements"][0].pop("stance"))
    path = write_jsonl(tmp_path / "p.jsonl", [record])
    assert read_articles(path)[0].statements[0].stance is None
    _, errors = validate_files([path], require_labels=True)
    assert [e.field for e in errors] == ["statements[0].stance"]


def test_model_rejects_unknown_statement_field():
    data = make_article()
    data["statements"][0]["confidence"] = 1
    with pytest.raises(ValueError, match="confidence"):
        Article.model_validate(data)
