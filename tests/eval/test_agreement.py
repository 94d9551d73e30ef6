import json

import pytest
from typer.testing import CliRunner

from eval.agreement import agreement, read_gold, read_second
from tests.helpers import make_article, write_jsonl
from toolkit.cli import app
from toolkit.jsonl import DataError
from toolkit.taxonomy import load_taxonomy

TAXONOMY = load_taxonomy()


@pytest.fixture
def gold_file(tmp_path):
    return write_jsonl(tmp_path / "gold.jsonl", [make_article()])


def second_file(tmp_path, rows):
    return write_jsonl(tmp_path / "second.jsonl", rows)


def test_identical_labels_agree_fully(tmp_path, gold_file):
    second = second_file(
        tmp_path,
        [
            {"id": "t-1#0", "themes": [], "stance": "favor"},
            {"id": "t-1#1", "themes": ["trade"], "stance": "against"},
        ],
    )
    result = agreement(read_gold([gold_file], TAXONOMY), read_second(second, TAXONOMY), TAXONOMY)
    assert result.n == 2
    assert result.themes["micro_f1"] == 1.0
    assert result.stance["kappa"] == 1.0
    assert result.disagreements == []


def test_a_differing_label_is_scored_and_listed(tmp_path, gold_file):
    second = second_file(
        tmp_path,
        [
            {"id": "t-1#0", "themes": ["trade"], "stance": "neutral"},
            {"id": "t-1#1", "themes": ["trade"], "stance": "against"},
        ],
    )
    result = agreement(read_gold([gold_file], TAXONOMY), read_second(second, TAXONOMY), TAXONOMY)
    assert result.themes["f1_trade"] == pytest.approx(2 / 3)
    assert result.stance["accuracy"] == 0.5
    assert [d["id"] for d in result.disagreements] == ["t-1#0"]
    assert result.disagreements[0]["gold"] == {"themes": [], "stance": "favor"}


def test_a_partial_second_annotation_is_refused(tmp_path, gold_file):
    second = second_file(tmp_path, [{"id": "t-1#0", "themes": [], "stance": "favor"}])
    with pytest.raises(ValueError, match="missing \\['t-1#1'\\]"):
        agreement(read_gold([gold_file], TAXONOMY), read_second(second, TAXONOMY), TAXONOMY)


def test_gold_articles_the_second_annotator_never_saw_are_left_out(tmp_path):
    gold = write_jsonl(tmp_path / "gold.jsonl", [make_article(), make_article(id="t-2")])
    second = second_file(
        tmp_path,
        [
            {"id": "t-2#0", "themes": [], "stance": "favor"},
            {"id": "t-2#1", "themes": [], "stance": "against"},
        ],
    )
    result = agreement(read_gold([gold], TAXONOMY), read_second(second, TAXONOMY), TAXONOMY)
    assert (result.n, result.articles) == (2, 1)
    assert result.themes["f1_trade"] == 0.0


def test_a_bad_label_names_file_line_and_field(tmp_path):
    second = second_file(
        tmp_path, [{"id": "t-1#0", "themes": [], "stance": "favor"}, {"id": "t-1#1", "themes": [], "stance": "pro"}]
    )
    with pytest.raises(DataError) as err:
        read_second(second, TAXONOMY)
    assert err.value.line == 2
    assert err.value.field == "stance"
    assert "second.jsonl:2" in str(err.value)


def test_cli_prints_tables_and_writes_json(tmp_path, gold_file):
    second = second_file(
        tmp_path,
        [
            {"id": "t-1#0", "themes": [], "stance": "against"},
            {"id": "t-1#1", "themes": ["trade"], "stance": "against"},
        ],
    )
    result = CliRunner().invoke(
        app, ["data", "agreement", str(second), "--gold", str(gold_file), "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    assert "1 differ" in result.output
    saved = json.loads((tmp_path / "out" / "agreement.json").read_text())
    assert saved["stance"]["accuracy"] == 0.5
