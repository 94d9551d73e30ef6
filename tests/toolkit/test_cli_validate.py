from helpers import make_article, write_jsonl
from typer.testing import CliRunner

from toolkit.cli import app

runner = CliRunner()


def test_validate_exit_zero_on_good_files(tmp_path):
    a = write_jsonl(tmp_path / "a.jsonl", [make_article()])
    result = runner.invoke(app, ["validate", str(a)])
    assert result.exit_code == 0, result.output
    assert "1 records in 1 file(s), 0 error(s)" in result.output


def test_validate_reports_every_error_of_every_file_and_exits_one(tmp_path):
    a = write_jsonl(tmp_path / "a.jsonl", ["[1, 2]"])
    bad = make_article()
    bad["statements"][0]["themes"] = ["weather"]
    b = write_jsonl(tmp_path / "b.jsonl", [make_article(id="x"), bad])
    result = runner.invoke(app, ["validate", str(a), str(b), str(tmp_path / "missing.jsonl")])
    assert result.exit_code == 1
    assert f"{a}:1: field '<line>'" in result.output
    assert f"{b}:2: field 'statements[0].themes': unknown theme" in result.output
    assert "'weather'" in result.output
    assert "missing.jsonl: field '<file>': no such file" in result.output
    assert "3 error(s)" in result.output
