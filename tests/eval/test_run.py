"""run_evaluation end to end on the conftest corpus: figures, the three report files, escaping, the CLI."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import toolkit.cli
from eval.provenance import model_info
from eval.run import run_evaluation
from toolkit.taxonomy import load_taxonomy

HOSTILE = "<script>alert(1)</script>"
HEADLINE = ("statement_f1", "exact_f1", "speaker_accuracy", "theme_micro_f1", "stance_macro_f1", "stance_f_avg")


@pytest.fixture
def report(corpus):
    return run_evaluation(corpus.gold, [corpus.sys_a, corpus.sys_b], [], corpus.out, n_bootstrap=50, seed=0)


def test_figures_of_both_systems(report):
    a, b = report["systems"]["sys_a"], report["systems"]["sys_b"]
    assert report["data"] == {"n_articles": 5, "n_gold_statements": 13}
    assert a["statements"]["f1"] == 1.0 and a["statements"]["exact"]["f1"] == 1.0
    assert a["headline"]["statement_f1"] == {"value": 1.0, "low": 1.0, "high": 1.0}
    # sys_b: 8 predicted, all matched, of 13 gold -> F1 16/21; 4 exact -> F1 8/21
    assert b["statements"]["f1"] == pytest.approx(16 / 21)
    assert b["statements"]["exact"]["f1"] == pytest.approx(8 / 21)
    assert b["attribution"]["speaker_accuracy"] == pytest.approx(0.5)
    assert b["attribution"]["fully_right"] == 0
    for key in HEADLINE:
        h = b["headline"][key]
        assert h["low"] <= h["value"] <= h["high"], key
    assert len(b["errors"]["missed"]) == 5  # third statement of 4 readouts + the hostile one
    assert b["errors"]["wrong_stance"][0]["confidence"] == pytest.approx(0.8)
    assert a["themes"]["per_label"][load_taxonomy().theme_names[1]]["f1"] is None  # one_china: never tested
    assert a["calibration"]["n"] == 13 and a["calibration"]["ece"] == pytest.approx(0.1)


def test_paired_comparison(report):
    (comp,) = report["comparisons"]
    assert (comp["a"], comp["b"]) == ("sys_a", "sys_b")
    d = comp["figures"]["statement_f1"]
    assert d["diff"] == pytest.approx(1 - 16 / 21) and d["low"] > 0 and d["significant"] is True


def test_report_files_parse_back(report, corpus):
    data = json.loads((corpus.out / "report.json").read_text(encoding="utf-8"))
    assert data["systems"]["sys_b"]["statements"]["f1"] == pytest.approx(16 / 21)
    assert data == report
    prov = data["provenance"]
    assert prov["time_utc"].endswith("+00:00") and "python" in prov["versions"] and "git_commit" in prov
    assert prov["config"]["n_bootstrap"] == 50 and prov["config"]["mode"] == "end2end"
    md = (corpus.out / "report.md").read_text(encoding="utf-8")
    assert "| figure | sys_a | sys_b |" in md and "Statement F1" in md and "0.762 [" in md
    html = (corpus.out / "report.html").read_text(encoding="utf-8")
    assert "<th>sys_a</th>" in html and "<th>sys_b</th>" in html
    assert html.count("data:image/png;base64,") == 4  # confusion, two F1 bar charts, calibration
    assert 'src="http' not in html and "<link" not in html  # self-contained


def test_hostile_text_is_escaped(report, corpus):
    html = (corpus.out / "report.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert HOSTILE not in html and "<script" not in html
    md = (corpus.out / "report.md").read_text(encoding="utf-8")
    assert HOSTILE not in md


def test_spans_mode_judges_all_gold(corpus):
    report = run_evaluation(corpus.gold, [corpus.sys_a, corpus.sys_b], [], corpus.out, mode="spans", n_bootstrap=0)
    a, b = report["systems"]["sys_a"], report["systems"]["sys_b"]
    assert a["stance"]["accuracy"] == 1.0 and a["themes"]["n_pairs"] == 13
    # sys_b's shortened first spans are not the gold spans: only the 4 second statements pair up
    assert b["statements"]["matched"] == 4 and b["stance"]["n_pairs"] == 13 and b["stance"]["unlabelled"] == 9
    assert a["headline"]["stance_f_avg"]["low"] is None  # no bootstrap, no interval


def test_bad_mode_is_refused(corpus):
    with pytest.raises(ValueError, match="unknown mode"):
        run_evaluation(corpus.gold, [corpus.sys_a], [], corpus.out, mode="tokens")


def test_cli_writes_three_files(corpus):
    args = ["eval", "--gold", str(corpus.gold), "--pred", str(corpus.sys_a), "--pred", str(corpus.sys_b)]
    result = CliRunner().invoke(toolkit.cli.app, [*args, "--out", str(corpus.out), "--bootstrap", "50"])
    assert result.exit_code == 0, result.output
    assert {p.name for p in corpus.out.iterdir()} >= {"report.json", "report.md", "report.html"}
    assert "sys_a" in result.output and "stmt F1" in result.output


def test_model_info_reads_data_hash(tmp_path):
    assert model_info(tmp_path)["data_hash"] is None
    (tmp_path / "toolkit.json").write_text(json.dumps({"data_hash": "abc123", "version": "0.1.0"}))
    info = model_info(tmp_path)
    assert info["data_hash"] == "abc123" and info["version"] == "0.1.0"


def test_label_names_come_from_the_taxonomy(report):
    taxonomy = load_taxonomy()
    assert report["labels"]["themes"] == list(taxonomy.theme_names)
    assert list(report["systems"]["sys_a"]["stance"]["per_label"]) == list(taxonomy.stances)


def test_missing_prediction_counts_as_empty_and_same_stems_get_suffixes(corpus, tmp_path, capsys):
    lines = corpus.sys_b.read_text(encoding="utf-8").splitlines()
    other = tmp_path / "other"
    other.mkdir()
    partial = other / "sys_b.jsonl"
    partial.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")  # the hostile article left out
    report = run_evaluation(corpus.gold, [corpus.sys_b, partial], [], corpus.out, n_bootstrap=0)
    assert list(report["systems"]) == ["sys_b", "sys_b-2"]
    b, b2 = report["systems"]["sys_b"], report["systems"]["sys_b-2"]
    assert b2["statements"] == b["statements"]
    assert "no prediction" in b2["warnings"][0] and "no prediction" in capsys.readouterr().err


def test_prediction_with_other_text_is_refused(corpus, tmp_path):
    record = json.loads(corpus.sys_a.read_text(encoding="utf-8").splitlines()[0])
    record["text"] += " Extra."
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="different text"):
        run_evaluation(corpus.gold, [bad], [], corpus.out, n_bootstrap=0)
