"""Input checks of the extraction application: short texts in other scripts
are not English; a bad JSONL record keeps its own id in the error record."""
import io

from agreements.app.inputs import read_inputs
from agreements.app.text_checks import problem_with_text


def test_short_texts_in_other_scripts_are_flagged():
    assert "not look like English" in problem_with_text("الإمارات وكازاخستان توقعان اتفاقية")
    assert "not look like English" in problem_with_text("中国和日本签署了锂矿协议。")
    assert problem_with_text("Chile and Japan signed a lithium deal.") is None
    assert problem_with_text("São Tomé e Príncipe signed with Côte d'Ivoire.") is None  # Latin letters with accents


def test_error_records_keep_the_inputs_own_id():
    lines = b'{"id": "wire-17", "body": "no text field"}\n{"meta": {"id": "wire-18"}, "text": 5}\nnot json\n'
    items = list(read_inputs("-", stdin=io.BytesIO(lines)))
    assert [(i.id, i.error) for i in items] == [
        ("wire-17", "record has no 'text' string"),
        ("wire-18", "record has no 'text' string"),
        ("stdin:3", "not valid JSON (Expecting value at column 1)"),
    ]


def test_transformer_pipelines_refuse_forked_workers():
    import pytest
    import spacy

    from agreements.app.extraction import check_n_process
    from agreements.app.inputs import ExtractionError

    nlp = spacy.blank("en")
    check_n_process(nlp, 2)  # a CNN pipeline forks fine
    nlp.add_pipe("sentencizer", name="transformer")  # stands in for spacy-transformers' component
    check_n_process(nlp, 1)
    with pytest.raises(ExtractionError, match="--n-process 1"):
        check_n_process(nlp, 2)
