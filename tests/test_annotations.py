"""Reading annotations: the seed article, both formats, and every input error."""
import json
import subprocess
import sys

import pytest

from agreements.corpus.article import AnnotationError

from agreements.corpus.seed_format import format_seed, parse_seed

from agreements.corpus.jsonl_format import article_to_json, parse_jsonl_line

from agreements.corpus.reading import read_corpus
from conftest import ROOT, SEED_ARTICLE, SHARED_SEED_TEXT


def entities_by_label(article):
    ids = article.entity_ids()
    names = {}
    for i, s in enumerate(article.spans):
        names.setdefault((s.label, ids[i]), []).append(s.text)
    return names


def test_seed_article_follows_worked_example(tokenizer):
    (article,) = read_corpus([SEED_ARTICLE], tokenizer)
    if SHARED_SEED_TEXT.exists():
        assert article.text == SHARED_SEED_TEXT.read_text(encoding="utf8")
    counts = {}
    for s in article.spans:
        counts[(s.text, s.label)] = counts.get((s.text, s.label), 0) + 1
    assert counts[("Rwanda", "COUNTRY")] == 6
    assert counts[("Kazakhstan", "COUNTRY")] == 6
    assert counts[("Kagame", "PERSON")] + counts[("Paul Kagame", "PERSON")] == 5
    assert counts[("Africa-Press", "ORG")] == 2
    assert counts[("critical minerals", "SECTOR")] == 2
    assert counts[("agriculture", "SECTOR")] == 2
    assert ("Central Asian", "COUNTRY") not in counts
    texts = {s.text for s in article.spans}
    assert not {"Astana International Forum", "Rwandan", "Kazakh"} & texts
    relations = {(r.label, r.head.text, r.child.text) for r in article.relations}
    assert ("AGREEMENT", "Rwanda", "Kazakhstan") in relations
    assert ("AGREEMENT", "Rwanda Mining Board", "Samruk-Kazyna") in relations
    for party in ("Rwanda", "Kazakhstan", "Rwanda Mining Board", "Samruk-Kazyna"):
        assert ("IN_SECTOR", party, "critical minerals") in relations
    for sector in ("diplomatic and political consultations", "ICT", "education", "agriculture", "finance"):
        assert ("IN_SECTOR", "Rwanda", sector) in relations
        assert ("IN_SECTOR", "Rwanda Mining Board", sector) not in relations
    for wish in ("trade", "technology", "energy", "mining", "mineral processing", "manufacturing", "vaccines"):
        assert not any(r[2] == wish for r in relations)
    assert ("REPRESENTS", "Paul Kagame", "Rwanda") in relations
    assert ("REPRESENTS", "Kassym-Jomart Tokayev", "Kazakhstan") in relations
    assert len(relations) == 2 + 4 + 10 + 2


def test_seed_and_jsonl_round_trip(tokenizer):
    (article,) = read_corpus([SEED_ARTICLE], tokenizer)
    again = parse_seed(format_seed(article), "round-trip")
    assert (again.text, again.spans, again.relations) == (article.text, article.spans, article.relations)
    from_json = parse_jsonl_line(json.dumps(article_to_json(article)), "x.jsonl:1")
    assert (from_json.id, from_json.spans, from_json.relations) == (article.id, article.spans, article.relations)


SEED_TEMPLATE = "id: {id}\n===\n{body}\n===\n{relations}\n"


def seed(body, relations="", id="a1"):
    return SEED_TEMPLATE.format(id=id, body=body, relations=relations)


def problems_of(tmp_path, tokenizer, files):
    for name, content in files.items():
        (tmp_path / name).write_text(content, encoding="utf8")
    with pytest.raises(AnnotationError) as err:
        read_corpus([tmp_path], tokenizer)
    return err.value.problems


@pytest.mark.parametrize(
    "files,expected",
    [
        ({"a.txt": seed("{Chile|COUNTRY} and {Peru|NATION} met.")}, "unknown entity label 'NATION'"),
        ({"a.txt": seed("{Chile|COUNTRY} and {Peru|COUNTRY} met.", "PARTNER: Chile | Peru")}, "unknown relation label"),
        ({"a.txt": seed("{Chile|COUNTRY} and {Peru|COUNTRY} met.", "AGREEMENT: Chile | Bolivia")}, "'Bolivia' is not an annotated entity"),
        ({"a.txt": seed("{Chile|COUNTRY} and {Ana Ruiz|PERSON} met.", "AGREEMENT: Chile | Ana Ruiz")}, "does not take"),
        ({"a.txt": seed("{Chile|COUNTRY} and {Peru|COUNTRY} met.", "AGREEMENT Chile Peru")}, "is not 'LABEL: head | child'"),
        ({"a.txt": seed("{Chile|COUNTRY and Peru met.")}, "malformed entity mark"),
        ({"a.txt": "id: a1\n{Chile|COUNTRY}\n"}, "two '===' lines"),
        ({"a.txt": seed("{Chi|COUNTRY}le and Peru met.")}, "token boundaries"),
        ({"a.txt": seed("{Chile|COUNTRY} met."), "b.txt": seed("{Peru|COUNTRY} met.")}, "duplicate article id 'a1'"),
        ({"a.jsonl": '{"text": "Chile", "spans": [{"start": 0, "end": 5, "label": "COUNTRY"}'}, "not valid JSON"),
        ({"a.jsonl": json.dumps({"text": "Chile and Peru", "spans": [
            {"start": 0, "end": 5, "label": "COUNTRY"}, {"start": 0, "end": 9, "label": "ORG"}]})}, "overlap"),
        ({"a.jsonl": json.dumps({"text": "Chile and Peru", "spans": [{"start": 0, "end": 5, "label": "COUNTRY"}],
            "relations": [{"head_span": {"start": 0, "end": 5}, "child_span": {"start": 10, "end": 14}, "label": "AGREEMENT"}]})},
         "not an annotated span"),
        ({"a.jsonl": json.dumps({"text": "Ana Ruiz and Peru", "spans": [
            {"start": 0, "end": 8, "label": "PERSON"}, {"start": 13, "end": 17, "label": "COUNTRY"}],
            "relations": [{"head_span": {"start": 13, "end": 17}, "child_span": {"start": 0, "end": 8}, "label": "REPRESENTS"}]})},
         "REPRESENTS cannot link 'Peru' (COUNTRY) to 'Ana Ruiz' (PERSON)"),
        ({"a.jsonl": json.dumps({"text": "Chile", "spans": [{"start": 0, "end": 50, "label": "COUNTRY"}]})}, "outside the text"),
    ],
)
def test_bad_input_is_reported_with_file_and_article(tmp_path, tokenizer, files, expected):
    problems = problems_of(tmp_path, tokenizer, files)
    assert any(expected in p for p in problems), problems
    assert all(str(tmp_path) in p for p in problems), problems


def test_convert_writes_nothing_on_bad_input(tmp_path):
    (tmp_path / "good.txt").write_text(seed("{Chile|COUNTRY} met.", id="good"), encoding="utf8")
    (tmp_path / "bad.txt").write_text(seed("{Peru|NATION} met.", id="bad"), encoding="utf8")
    out = tmp_path / "corpus"
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "convert.py"), str(tmp_path), "--output", str(out)],
        capture_output=True, text=True,
    )
    assert result.returncode == 1
    assert "bad.txt" in result.stderr and "NATION" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists() or not list(out.iterdir())


def test_convert_writes_three_splits(tmp_path):
    out = tmp_path / "corpus"
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "convert.py"), str(ROOT / "tests" / "data" / "tiny"),
         "--output", str(out), "--dev-share", "0.3", "--test-share", "0.3"],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "dev-texts.jsonl", "dev.spacy", "test-texts.jsonl", "test.spacy", "train-texts.jsonl", "train.spacy"]
    texts = [json.loads(line) for name in ("train", "dev", "test")
             for line in (out / f"{name}-texts.jsonl").read_text(encoding="utf8").splitlines()]
    assert sorted(t["id"] for t in texts) == sorted(f"tiny-{p.stem}" for p in (ROOT / "tests" / "data" / "tiny").glob("*.txt"))


def test_split_is_deterministic_and_by_article(tiny_articles):
    from agreements.corpus.splits import split_by_hash as split_articles

    first = split_articles(tiny_articles, 0.3, 0.3)
    second = split_articles(list(reversed(tiny_articles)), 0.3, 0.3)
    assert {k: sorted(a.id for a in v) for k, v in first.items()} == {k: sorted(a.id for a in v) for k, v in second.items()}
    assert sum(len(v) for v in first.values()) == len(tiny_articles)
