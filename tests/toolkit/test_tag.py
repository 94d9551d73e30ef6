"""The tagger's machinery with a stand-in pipeline: every record accounted for, shards, resume, formats.

The models do not matter here, so ``FakePipeline`` tags "X said that Y."
sentences by rule; tests with real (tiny) models are in test_tag_models.py.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from helpers import write_jsonl

from toolkit.jsonl import validate_files
from toolkit.schema import Article, Entity, Statement
from toolkit.tagger import InputError, ResumeError, TagConfig, tag_corpus
from toolkit.tagger.shards import parts_dir_for

SAID = re.compile(r"(\w+) said that ([^.]+)")
TAGGED_IDS: list[str] = []  # every article any FakePipeline tagged in this process


class FakePipeline:
    """``Pipeline.tag_batch`` by rule: one statement per "X said that Y."; raises on an article holding BOOM."""

    def __init__(self, delay: float = 0.0):
        self.delay = delay
        self.batches: list[int] = []

    def _tags(self, st: Statement) -> Statement:
        trade = "trade" in st.text
        against = "oppose" in st.text
        return st.model_copy(
            update={
                "themes": ["trade"] if trade else [],
                "theme_scores": {"sovereignty": 0.1, "one_china": 0.1, "security": 0.1, "trade": 0.9 if trade else 0.2},
                "stance": "against" if against else "favor",
                "stance_scores": {"favor": 0.2 if against else 0.7, "against": 0.7 if against else 0.2, "neutral": 0.1},
            }
        )

    def tag_batch(self, articles: list[Article], gold_spans: bool = False) -> list[Article]:
        self.batches.append(len(articles))
        time.sleep(self.delay)
        if any("BOOM" in a.text for a in articles):
            raise RuntimeError("the fake pipeline exploded")
        out = []
        for a in articles:
            TAGGED_IDS.append(a.id)
            if gold_spans:
                out.append(a.model_copy(update={"statements": [self._tags(st) for st in a.statements]}))
                continue
            sts = [
                Statement(start=m.start(2), end=m.end(2), text=m.group(2), kind="indirect", cue="said",
                          speaker=m.group(1), speaker_mention=m.group(1), affiliation="X")
                for m in SAID.finditer(a.text)
            ]  # fmt: skip
            sts = [self._tags(st) for st in sts]
            entities = [Entity(name=n, affiliation="X") for n in dict.fromkeys(st.speaker for st in sts)]
            out.append(a.model_copy(update={"statements": sts, "entities": entities}))
        return out


FAKES: list[FakePipeline] = []


def fake_loader(models_dir, fast, batch_size) -> FakePipeline:
    FAKES.append(FakePipeline(delay=float(os.environ.get("FAKE_DELAY", "0"))))
    return FAKES[-1]


def config(**kw) -> TagConfig:
    return TagConfig(**{"models": "unused-models", "shard_articles": 4, "batch_articles": 3, **kw})


def run(inputs, out, **kw):
    cfg = kw.pop("cfg", None) or config()
    return tag_corpus(inputs, out, cfg, loader=fake_loader, **kw)


def lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def corpus(tmp_path: Path, n: int = 20) -> Path:
    records = [
        {"id": f"a{i:03d}", "text": f"Headline {i}\n\nLi said that we oppose trade barriers {i}. "
         f"Kim said that talks {i} went well.", "date": "2024-05-01", "title": f"Headline {i}"}
        for i in range(n)
    ]  # fmt: skip
    return write_jsonl(tmp_path / "corpus.jsonl", records)


# ------------------------------------------------------------------ bad input


def test_every_bad_case_is_listed_or_tagged_and_totals_reconcile(tmp_path):
    folder = tmp_path / "txt"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text("Ana said that trade grew.", encoding="utf-8")
    (folder / "sub" / "nested.txt").write_text("Omar said that the talks ended.", encoding="utf-8")
    (folder / "latin1.txt").write_bytes("Jos\xe9 said that it rained.".encode("latin-1"))
    (folder / "blank.txt").write_text("  \n\n", encoding="utf-8")
    (folder / "notes.md").write_text("not a .txt file: not an input", encoding="utf-8")
    big = "Lee said that ports reopened. " + "Filler words about nothing in particular. " * 25_000
    assert len(big.encode()) > 1_000_000
    jsonl = tmp_path / "mixed.jsonl"
    with open(jsonl, "wb") as f:
        for raw in [
            json.dumps({"id": "j1", "text": "Li said that we oppose tariffs.", "date": "2024-01-02"}),
            "{not json",
            json.dumps({"id": "j2"}),
            json.dumps({"text": "no id here"}),
            json.dumps({"id": "j3", "text": ""}),
            json.dumps({"id": "good", "text": "a duplicate of the .txt file's id"}),
            json.dumps({"id": "j4", "text": ["not", "a", "string"]}),
            json.dumps({"id": "j5", "text": "Kim said that it works.", "title": 5}),
            json.dumps([1, 2, 3]),
            "",
            json.dumps({"id": 77, "text": "Ray said that integer ids are fine.", "extra": "ignored"}),
            json.dumps({"id": "big", "text": big}),
        ]:
            f.write(raw.encode() + b"\n")
        f.write(b'{"id": "bytes", "text": "caf\xe9 said that"}\n')
    pq.write_table(
        pa.table({"id": ["p1", "p2", None, "j1"], "text": ["Ana said that yes.", None, "no id", "dup"],
                  "date": pa.array([None, None, None, None], pa.date32())}),
        tmp_path / "rows.parquet",
    )  # fmt: skip
    (tmp_path / "broken.parquet").write_bytes(b"PAR1 this is not parquet")

    out = tmp_path / "out" / "tagged.jsonl"
    totals = run([folder, jsonl, tmp_path / "rows.parquet", tmp_path / "broken.parquet"], out)

    tagged = {a["id"]: a for a in lines(out)}
    errors = lines(out.parent / "tagged.jsonl.errors.jsonl")
    assert totals.read == 21 and totals.tagged == len(tagged) == 6 and totals.errors == len(errors) == 15
    assert list(tagged) == ["good", "nested", "j1", "77", "big", "p1"]  # input order; .md files are not inputs
    assert len(tagged["big"]["text"]) == len(big) and tagged["big"]["statements"][0]["text"] == "ports reopened"
    assert tagged["j1"]["date"] == "2024-01-02" and tagged["good"]["source"] == str(folder / "good.txt")
    reasons = {(Path(e["source"]).name, e.get("line", e.get("id"))): e["reason"] for e in errors}
    assert reasons == {
        ("latin1.txt", "latin1"): "not UTF-8: invalid continuation byte at byte 3",
        ("blank.txt", "blank"): "empty text",
        ("mixed.jsonl", 2): "not JSON: Expecting property name enclosed in double quotes (column 2)",
        ("mixed.jsonl", 3): "missing field 'text'",
        ("mixed.jsonl", 4): "missing field 'id'",
        ("mixed.jsonl", 5): "empty text",
        ("mixed.jsonl", 6): f"duplicate id (first at {folder / 'good.txt'})",
        ("mixed.jsonl", 7): "field 'text' must be a string, not list",
        ("mixed.jsonl", 8): "field 'title' must be a string, not int",
        ("mixed.jsonl", 9): "a record must be a JSON object, not list",
        ("mixed.jsonl", 13): "not UTF-8: invalid continuation byte at byte 28",
        ("rows.parquet", 2): "missing field 'text'",
        ("rows.parquet", 3): "missing field 'id'",
        ("rows.parquet", 4): f"duplicate id (first at {jsonl}:1)",
        ("broken.parquet", None): reasons[("broken.parquet", None)],
    }
    assert reasons[("broken.parquet", None)].startswith("not a readable Parquet file")
    assert "line" in errors[2] and "id" not in errors[2]  # malformed line: only its place is known
    assert validate_files([out])[1] == []


def test_the_input_order_is_kept_across_shards_and_batches_stay_small(tmp_path):
    out = tmp_path / "o.jsonl"
    totals = run([corpus(tmp_path, 23)], out, cfg=config(shard_articles=5, batch_articles=2))
    assert [a["id"] for a in lines(out)] == [f"a{i:03d}" for i in range(23)]
    assert totals.shards == 5 and totals.statements == 46
    assert max(FAKES[-1].batches) == 2
    assert not parts_dir_for(out).exists()


def test_an_article_the_pipeline_fails_on_is_an_error_and_its_batch_mates_are_tagged(tmp_path):
    src = write_jsonl(tmp_path / "c.jsonl", [
        {"id": "ok1", "text": "Li said that one."}, {"id": "bad", "text": "Li said that BOOM."},
        {"id": "ok2", "text": "Li said that two."},
    ])  # fmt: skip
    out = tmp_path / "o.jsonl"
    totals = run([src], out)
    assert [a["id"] for a in lines(out)] == ["ok1", "ok2"]
    reason = "tagging failed: RuntimeError: the fake pipeline exploded"
    assert lines(tmp_path / "o.jsonl.errors.jsonl") == [{"source": str(src), "line": 2, "id": "bad", "reason": reason}]
    assert (totals.read, totals.tagged, totals.errors) == (3, 2, 1)


def test_unusable_inputs_stop_the_run_before_any_work(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        run([tmp_path / "missing.jsonl"], tmp_path / "o.jsonl")
    (tmp_path / "data.csv").write_text("id,text\n")
    with pytest.raises(InputError, match="unknown input kind"):
        run([tmp_path / "data.csv"], tmp_path / "o.jsonl")
    assert not parts_dir_for(tmp_path / "o.jsonl").exists()


# ------------------------------------------------------------------ shards and resume


class Interrupt(Exception):
    pass


def interrupt_after(n: int):
    def hook(manifest):
        if manifest.shard + 1 >= n:
            raise Interrupt

    return hook


def test_interrupted_run_resumes_with_no_duplicate_and_no_gap(tmp_path):
    src = corpus(tmp_path, 18)
    with open(src, "a", encoding="utf-8") as f:
        f.write("broken line\n")
    reference = tmp_path / "ref.jsonl"
    run([src], reference)

    out = tmp_path / "o.jsonl"
    TAGGED_IDS.clear()
    with pytest.raises(Interrupt):
        run([src], out, on_commit=interrupt_after(2))
    assert not out.exists() and len(list(parts_dir_for(out).glob("shard-*.json"))) == 2
    with pytest.raises(ResumeError, match="--resume"):
        run([src], out)  # an unfinished run is never silently overwritten

    totals = run([src], out, resume=True)
    assert out.read_bytes() == reference.read_bytes()
    assert (tmp_path / "o.jsonl.errors.jsonl").read_bytes() == (tmp_path / "ref.jsonl.errors.jsonl").read_bytes()
    assert sorted(TAGGED_IDS) == [f"a{i:03d}" for i in range(18)]  # each article tagged once over both tries
    assert (totals.read, totals.tagged, totals.errors, totals.resumed) == (19, 18, 1, 8)


def test_resume_refuses_changed_inputs_and_redoes_a_damaged_shard(tmp_path):
    src = corpus(tmp_path, 12)
    out = tmp_path / "o.jsonl"
    with pytest.raises(Interrupt):
        run([src], out, on_commit=interrupt_after(2))
    parts = parts_dir_for(out)
    with open(parts / "shard-000001.jsonl", "a") as f:
        f.write("half a line")  # damaged after its manifest: size no longer matches
    TAGGED_IDS.clear()
    run([src], out, resume=True)
    assert [a["id"] for a in lines(out)] == [f"a{i:03d}" for i in range(12)]
    assert TAGGED_IDS == [f"a{i:03d}" for i in range(4, 12)]  # shard 0 kept, shard 1 redone

    with pytest.raises(Interrupt):
        run([src], out, on_commit=interrupt_after(1))
    src.write_text(src.read_text() + json.dumps({"id": "new", "text": "x said that y."}) + "\n")
    with pytest.raises(ResumeError, match="files"):
        run([src], out, resume=True)


CHILD = """
import sys
sys.path[:0] = {paths!r}
import test_tag
from toolkit.tagger import TagConfig, tag_corpus
tag_corpus([{src!r}], {out!r}, TagConfig(models="unused-models", shard_articles=4, batch_articles=2),
           loader=test_tag.fake_loader)
"""


def test_a_killed_run_resumes_to_the_same_output(tmp_path):
    src = corpus(tmp_path, 16)
    reference = tmp_path / "ref.jsonl"
    run([src], reference, cfg=config(shard_articles=4, batch_articles=2))

    out = tmp_path / "o.jsonl"
    here = Path(__file__).resolve()
    code = CHILD.format(paths=[str(here.parent), str(here.parents[1])], src=str(src), out=str(out))
    child = subprocess.Popen([sys.executable, "-c", code], env={**os.environ, "FAKE_DELAY": "0.3"})
    first = parts_dir_for(out) / "shard-000000.json"
    deadline = time.time() + 60
    while not first.exists() and child.poll() is None and time.time() < deadline:
        time.sleep(0.02)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert first.exists() and not out.exists()

    run([src], out, resume=True, cfg=config(shard_articles=4, batch_articles=2))
    assert out.read_bytes() == reference.read_bytes()


# ------------------------------------------------------------------ formats and modes


def test_parquet_has_one_row_per_statement_in_input_order(tmp_path):
    src = corpus(tmp_path, 9)
    out = tmp_path / "o.parquet"
    totals = run([src], out)
    table = pq.read_table(out)
    assert table.num_rows == totals.statements == 18
    rows = table.to_pylist()
    assert [r["article_id"] for r in rows[:4]] == ["a000", "a000", "a001", "a001"]
    first = rows[0]
    assert first["text"] == "we oppose trade barriers 0" and first["themes"] == ["trade"]
    assert first["stance"] == "against" and first["stance_scores"] == {"favor": 0.2, "against": 0.7, "neutral": 0.1}
    assert first["theme_scores"]["trade"] == 0.9 and first["date"] == "2024-05-01" and first["speaker"] == "Li"
    assert table.schema.field("theme_scores").type.num_fields == 4


def test_gold_span_mode_tags_the_gold_statements(tmp_path, article_dict):
    gold = write_jsonl(tmp_path / "gold.jsonl", [article_dict, {**article_dict, "id": "t-2"}])
    other = write_jsonl(tmp_path / "texts.jsonl", [
        {"id": "t-1", "text": article_dict["text"]}, {"id": "t-3", "text": "not in gold"},
        {"id": "t-2", "text": "a different text"},
    ])  # fmt: skip
    out = tmp_path / "o.jsonl"
    totals = run([], out, gold=gold)  # no input: the gold file is the input
    tagged = lines(out)
    assert totals.tagged == 2 and [len(a["statements"]) for a in tagged] == [2, 2]
    spans = [(s["start"], s["end"], s["speaker"]) for s in tagged[0]["statements"]]
    assert spans == [(s["start"], s["end"], s["speaker"]) for s in article_dict["statements"]]
    assert tagged[0]["statements"][0]["theme_scores"]["trade"] == 0.2  # tags come from the tagger, not gold

    totals = run([other], tmp_path / "o2.jsonl", gold=gold)
    assert (totals.tagged, totals.errors) == (1, 2)
    reasons = [e["reason"] for e in lines(tmp_path / "o2.jsonl.errors.jsonl")]
    assert reasons == [f"no gold statements for this id in {gold}", f"text differs from the gold article's in {gold}"]


def test_an_empty_corpus_gives_empty_files(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    totals = run([empty], tmp_path / "o.parquet")
    assert (totals.read, totals.tagged, totals.errors) == (0, 0, 0)
    assert pq.read_table(tmp_path / "o.parquet").num_rows == 0
    assert (tmp_path / "o.parquet.errors.jsonl").read_text() == ""
