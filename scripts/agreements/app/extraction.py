"""Running a trained pipeline over input items: one output record per item,
in input order, whatever is wrong with it.

A record uses the annotation JSONL shape that
`agreements.corpus.jsonl_format.parse_jsonl_line` reads (text, spans,
relations, meta.id), so output can be corrected in an annotation tool and
fed back as seeds; it adds relation scores, the agreement records and, where
an input could not be processed, an `error`.
"""
from collections import deque
from pathlib import Path
from typing import Deque, Iterable, Iterator

from agreements.app.countries import iso_alpha3
from agreements.app.inputs import ExtractionError, InputItem
from agreements.pipeline.schema import COUNTRY

SCORE_DECIMALS = 4  # scores are rounded so that runs on other engines compare equal


def _span_json(span) -> dict:
    return {"start": span.start_char, "end": span.end_char, "label": span.label_, "text": span.text}


def make_record(item: InputItem, doc) -> dict:
    """The output record of one input item (`doc` is ignored for an item with an error)."""
    meta = dict(item.fields.get("meta") or {})
    meta["id"] = item.id
    record = {**item.fields, "id": item.id, "meta": meta, "text": item.text}
    if item.error:
        record.update(spans=[], relations=[], agreements=[], error=item.error)
        return record
    record["spans"] = [_span_json(ent) for ent in doc.ents]
    record["relations"] = [
        {
            "head_span": _span_json(rel.head),
            "child_span": _span_json(rel.child),
            "label": rel.label,
            "score": round(rel.score, SCORE_DECIMALS),
        }
        for rel in doc._.relations
    ]
    record["agreements"] = [_with_codes(agreement) for agreement in doc._.agreements]
    return record


def _with_codes(agreement: dict) -> dict:
    parties = [
        {**party, "iso": iso_alpha3(party["name"]) if party["label"] == COUNTRY else None}
        for party in agreement["parties"]
    ]
    return {**agreement, "parties": parties, "score": round(agreement["score"], SCORE_DECIMALS)}


def check_n_process(nlp, n_process: int) -> None:
    """ExtractionError for a combination that would hang: spaCy's n_process
    forks worker processes, and a PyTorch model (the transformer pipeline)
    deadlocks in forked workers (seen here: the workers wait forever)."""
    if n_process > 1 and "transformer" in nlp.pipe_names:
        raise ExtractionError(
            "--n-process above 1 is not supported for transformer pipelines (PyTorch hangs in forked "
            "workers): use --n-process 1, which uses PyTorch's own threads"
        )


def extract_records(nlp, items: Iterable[InputItem], batch_size: int = 32, n_process: int = 1) -> Iterator[dict]:
    """Records for `items`, in order. Items with an error pass through the
    pipeline as empty texts, so the batches are the same whatever fails."""
    check_n_process(nlp, n_process)
    # nlp.pipe reads texts ahead of the docs it yields; the queue holds the
    # items read but not yet matched with their doc.
    buffered: Deque[InputItem] = deque()

    def texts():
        for item in items:
            buffered.append(item)
            yield "" if item.error else item.text

    for doc in nlp.pipe(texts(), batch_size=batch_size, n_process=n_process):
        yield make_record(buffered.popleft(), doc)


def load_pipeline(model: str):
    """A trained pipeline folder or the name of an installed pipeline package."""
    import spacy  # the project's functions come from the library's entry points

    if not Path(model).exists() and "/" in model:
        raise ExtractionError(f"{model}: no such pipeline folder")
    try:
        return spacy.load(model)
    except OSError as err:
        raise ExtractionError(
            f"{model}: not a trained pipeline folder or an installed pipeline package ({err})"
        ) from None
