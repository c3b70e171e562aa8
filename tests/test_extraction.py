"""The extraction command: records in the annotation JSONL shape, bad inputs
that never crash the run, resuming, the agreements CSV, n_process and Dask
giving the same records as a plain local run."""
import csv
import io
import json
import subprocess
import sys

import pytest
import spacy

from conftest import DATA, ROOT

from agreements.corpus.jsonl_format import parse_jsonl_line
from agreements.app.inputs import read_inputs
from agreements.app.text_checks import MAX_TEXT_BYTES
from agreements.app.extraction import extract_records, load_pipeline
from agreements.pipeline.thresholds import apply_thresholds

EXTRACT = [sys.executable, str(ROOT / "scripts" / "extract.py")]


@pytest.fixture(scope="session")
def extraction_model(trained_cpu, tiny_articles, tmp_path_factory):
    """The tiny trained pipeline with an entity ruler for the tiny articles'
    names (20 training steps find no entities) and every relation threshold
    at 0, so that records carry entities, scored relations and agreements."""
    nlp = spacy.load(trained_cpu)
    ruler = nlp.add_pipe("entity_ruler", before="ner")
    ruler.add_patterns([{"label": s.label, "pattern": s.text} for a in tiny_articles for s in a.spans])
    apply_thresholds(nlp, {"AGREEMENT": 0.0, "IN_SECTOR": 0.0, "REPRESENTS": 0.0})
    folder = tmp_path_factory.mktemp("extraction") / "model"
    nlp.to_disk(folder)
    return folder


@pytest.fixture()
def text_folder(tmp_path, tiny_articles):
    folder = tmp_path / "articles"
    folder.mkdir()
    for article in tiny_articles:
        (folder / f"{article.id}.txt").write_text(article.text, encoding="utf8")
    return folder


def run_extract(*args, stdin=None):
    result = subprocess.run(EXTRACT + [str(a) for a in args], input=stdin, capture_output=True)
    return result.returncode, result.stderr.decode("utf8")


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf8").splitlines()]


def test_records_use_the_annotation_shape(extraction_model, text_folder, tmp_path):
    output = tmp_path / "records.jsonl"
    code, err = run_extract(extraction_model, text_folder, "--output", output)
    assert code == 0, err
    records = read_jsonl(output)
    assert [r["id"] for r in records] == sorted(p.stem for p in text_folder.glob("*.txt"))
    chile = next(r for r in records if r["id"] == "tiny-chile-japan")
    assert {(s["text"], s["label"]) for s in chile["spans"]} >= {("Chile", "COUNTRY"), ("Gabriel Boric", "PERSON")}
    assert all(0.0 <= r["score"] <= 1.0 for r in chile["relations"]) and chile["relations"]
    (agreement,) = [a for a in chile["agreements"] if {p["name"] for p in a["parties"]} == {"Chile", "Japan"}]
    assert {p["name"]: p["iso"] for p in agreement["parties"]} == {"Chile": "CHL", "Japan": "JPN"}
    for n, record in enumerate(records):  # the converter reads the output back as seeds
        article = parse_jsonl_line(json.dumps(record), f"records.jsonl:{n + 1}")
        assert article.id == record["id"]
        assert [(s.start, s.end, s.label) for s in sorted(article.spans)] == [
            (s["start"], s["end"], s["label"]) for s in sorted(record["spans"], key=lambda s: s["start"])
        ]
        assert len(article.relations) == len({(json.dumps(r["head_span"]), json.dumps(r["child_span"]), r["label"]) for r in record["relations"]})


def test_bad_inputs_each_get_a_record_with_an_error(extraction_model, text_folder, tmp_path):
    (text_folder / "empty.txt").write_text("  \n", encoding="utf8")
    (text_folder / "huge.txt").write_text("Chile and Japan signed a deal. " * (MAX_TEXT_BYTES // 30), encoding="utf8")
    (text_folder / "garbage.txt").write_bytes(bytes(range(256)) * 40)
    (text_folder / "french.txt").write_text(
        "Le Chili et le Japon ont signé lundi un accord sur le lithium et le cuivre, a annoncé "
        "le ministère chilien des Affaires étrangères dans un communiqué publié à Santiago. "
        "Selon le texte, les deux pays coopéreront aussi dans la recherche minière.",
        encoding="utf8",
    )
    output = tmp_path / "records.jsonl"
    code, err = run_extract(extraction_model, text_folder, "-o", output, "--batch-size", "2")
    assert code == 0, err
    records = {r["id"]: r for r in read_jsonl(output)}
    assert records["empty"]["error"] == "empty text"
    assert "over the 1,000,000-byte limit" in records["huge"]["error"]
    assert "not UTF-8" in records["garbage"]["error"]
    assert "English" in records["french"]["error"]
    assert all(records[i]["spans"] == [] for i in ("empty", "huge", "garbage", "french"))
    assert "error" not in records["tiny-chile-japan"] and records["tiny-chile-japan"]["spans"]


def test_jsonl_input_keeps_fields_and_reports_bad_lines(extraction_model, tmp_path, tiny_articles):
    source = tmp_path / "dump.jsonl"
    lines = [json.dumps({"id": "a1", "url": "https://example.org/a1", "text": tiny_articles[0].text}),
             "{not json", json.dumps({"title": "no text here"}), "",
             json.dumps({"meta": {"id": "m2", "source": "wire"}, "text": tiny_articles[1].text})]
    source.write_text("\n".join(lines) + "\n", encoding="utf8")
    output = tmp_path / "records.jsonl"
    code, err = run_extract(extraction_model, source, "-o", output)
    assert code == 0, err
    records = read_jsonl(output)
    assert [r["id"] for r in records] == ["a1", "dump.jsonl:2", "dump.jsonl:3", "m2"]
    assert records[0]["url"] == "https://example.org/a1" and records[0]["spans"]
    assert "not valid JSON" in records[1]["error"]
    assert "no 'text'" in records[2]["error"]
    assert records[3]["meta"] == {"id": "m2", "source": "wire"}


def test_standard_input_plain_text_and_jsonl(extraction_model, tmp_path, tiny_articles):
    output = tmp_path / "plain.jsonl"
    code, err = run_extract(extraction_model, "-", "-o", output, stdin=tiny_articles[0].text.encode())
    assert code == 0, err
    (record,) = read_jsonl(output)
    assert record["id"] == "stdin" and record["spans"]
    items = list(read_inputs("-", stdin=io.BytesIO(b'{"id": "x", "text": "Chile"}\n{"id": "y", "text": ""}\n')))
    assert [(i.id, i.error) for i in items] == [("x", None), ("y", "empty text")]


def test_a_stopped_run_resumes_without_loss_or_repeats(extraction_model, text_folder, tmp_path):
    full = tmp_path / "full.jsonl"
    assert run_extract(extraction_model, text_folder, "-o", full)[0] == 0
    lines = full.read_text(encoding="utf8").splitlines(keepends=True)
    stopped = tmp_path / "stopped.jsonl"
    stopped.write_text(lines[0] + lines[1][: len(lines[1]) // 2], encoding="utf8")  # cut mid-record
    code, err = run_extract(extraction_model, text_folder, "-o", stopped)
    assert code == 0, err
    assert "Resuming" in err
    assert stopped.read_text(encoding="utf8") == full.read_text(encoding="utf8")
    # Resuming into a file written from other input is refused, file untouched.
    other = tmp_path / "other.jsonl"
    other.write_text(json.dumps({"id": "something-else"}) + "\n", encoding="utf8")
    code, err = run_extract(extraction_model, text_folder, "-o", other)
    assert code == 1 and "written from other input" in err and "Traceback" not in err
    assert other.read_text(encoding="utf8") == json.dumps({"id": "something-else"}) + "\n"


def test_agreements_csv_has_iso_codes(extraction_model, text_folder, tmp_path):
    output, table = tmp_path / "records.jsonl", tmp_path / "agreements.csv"
    code, err = run_extract(extraction_model, text_folder, "-o", output, "--csv", table)
    assert code == 0, err
    rows = list(csv.DictReader(table.open(encoding="utf8")))
    n_agreements = sum(len(r["agreements"]) for r in read_jsonl(output))
    assert len(rows) == n_agreements > 0
    chile = [r for r in rows if r["article_id"] == "tiny-chile-japan" and r["parties"] == "Chile; Japan"]
    assert chile and chile[0]["party_iso3"] == "CHL; JPN"


def test_user_mistakes_get_messages_not_tracebacks(extraction_model, tmp_path):
    code, err = run_extract(extraction_model, tmp_path / "missing", "-o", tmp_path / "out.jsonl")
    assert code == 1 and "no such file or folder" in err and "Traceback" not in err
    code, err = run_extract(tmp_path / "no-model", tmp_path, "-o", tmp_path / "out.jsonl")
    assert code == 1 and "no-model" in err and "Traceback" not in err
    assert not (tmp_path / "out.jsonl").exists()


def test_n_process_and_dask_give_the_same_records(extraction_model, tiny_articles):
    pytest.importorskip("dask.distributed")
    from agreements.app.dask_engine import extract_records_dask

    nlp = load_pipeline(str(extraction_model))
    items = list(read_inputs(str(DATA / "extraction-mixed.jsonl")))
    local = list(extract_records(nlp, items, batch_size=2))
    assert any(r["relations"] for r in local) and any("error" in r for r in local)
    assert list(extract_records(nlp, items, batch_size=2, n_process=2)) == local
    on_dask = list(extract_records_dask(str(extraction_model), items, batch_size=2, n_workers=2))
    assert on_dask == local
