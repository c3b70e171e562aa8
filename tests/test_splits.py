"""The split file: existing articles never move, new ones are stratified by
shape, bad lines are named; convert refuses a corpus with no articles."""
import subprocess
import sys

import pytest

from conftest import ROOT
from agreements.corpus.article import AnnotationError
from agreements.corpus.seed_format import parse_seed
from agreements.corpus.splits import CYCLE, assign_new, read_assignment, split_articles


def article(n, tags):
    return parse_seed(f"id: a{n:03d}\ntags: {tags}\n===\n{{Chile|COUNTRY}} met {{Peru|COUNTRY}} ({n}).\n===\n", f"a{n}.txt")


def test_new_articles_are_stratified_and_old_ones_keep_their_split():
    shapes = ["several-agreements", "present-not-signing", "not-signed-yet", "wire-copy"]
    articles = [article(n, shapes[n % 4]) for n in range(4 * CYCLE)]
    old = {"a000": "test", "a001": "train"}
    new = assign_new(articles, old)
    assert "a000" not in new and "a001" not in new  # recorded articles are never reassigned
    for shape in shapes:
        splits = [new[a.id] for a in articles if shape in a.meta["tags"] and a.id in new]
        # 15 % each of dev and test within every shape (3 of every 20)
        assert splits.count("dev") >= 2 and splits.count("test") >= 2
        assert splits.count("train") >= len(splits) * 0.6
    assert assign_new(articles, {**old, **new}) == {}  # a second run assigns nothing


def test_bad_split_lines_and_unassigned_articles_are_named(tmp_path):
    path = tmp_path / "splits.tsv"
    path.write_text("# comment\na000\ttrain\na001\tvalidation\na000\tdev\n", encoding="utf8")
    with pytest.raises(AnnotationError) as err:
        read_assignment(path)
    assert any("splits.tsv:3" in p and "validation" in p for p in err.value.problems)
    assert any("splits.tsv:4" in p and "assigned twice" in p for p in err.value.problems)
    path.write_text("a000\ttrain\n", encoding="utf8")
    with pytest.raises(AnnotationError) as err:
        split_articles([article(0, "wire-copy"), article(1, "wire-copy")], path)
    assert any("'a001' has no split" in p for p in err.value.problems)


def test_convert_with_no_articles_writes_nothing(tmp_path):
    empty, out = tmp_path / "empty", tmp_path / "corpus"
    empty.mkdir()
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "convert.py"), str(empty), "--output", str(out)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "no articles found" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()
