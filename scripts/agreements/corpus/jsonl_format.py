"""Annotation-tool JSONL, one article per line:
`{"text", "spans": [{"start", "end", "label"}], "relations": [{"head_span":
{"start", "end"}, "child_span": {"start", "end"}, "label"}], "meta": {"id"}}`.
"""
import json
from typing import List

from agreements.corpus.article import AnnotationError, Article, RelationAnnotation, SpanAnnotation, dedupe_relations
from agreements.pipeline.schema import ENTITY_LABELS, RELATION_LABELS


def parse_jsonl_line(line: str, origin: str) -> Article:
    """Parse one annotation-tool JSONL record; `origin` is 'file:line'."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise AnnotationError([f"{origin}: not valid JSON ({err.msg} at column {err.colno})"])
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise AnnotationError([f"{origin}: expected an object with a 'text' string"])
    meta = record.get("meta") or {}
    if not isinstance(meta, dict):
        raise AnnotationError([f"{origin}: 'meta' must be an object"])
    article_id = str(meta.get("id") or record.get("id") or origin)
    where = f"{origin}: article {article_id!r}"
    text = record["text"]
    problems: List[str] = []
    spans: List[SpanAnnotation] = []
    for n, raw in enumerate(record.get("spans") or []):
        try:
            start, end, label = int(raw["start"]), int(raw["end"]), str(raw["label"])
        except (KeyError, TypeError, ValueError):
            problems.append(f"{where}: span #{n} needs integer 'start', 'end' and a 'label'")
            continue
        if not 0 <= start < end <= len(text):
            problems.append(f"{where}: span #{n} ({start}, {end}) lies outside the text")
            continue
        if label not in ENTITY_LABELS:
            problems.append(f"{where}: span #{n} {text[start:end]!r} has unknown label {label!r}")
        spans.append(SpanAnnotation(start, end, label, text[start:end]))
    by_offsets = {(s.start, s.end): s for s in spans}
    relations: List[RelationAnnotation] = []
    for n, raw in enumerate(record.get("relations") or []):
        try:
            head_key = (int(raw["head_span"]["start"]), int(raw["head_span"]["end"]))
            child_key = (int(raw["child_span"]["start"]), int(raw["child_span"]["end"]))
            label = str(raw["label"])
        except (KeyError, TypeError, ValueError):
            problems.append(f"{where}: relation #{n} needs 'head_span' and 'child_span' with start/end, and a 'label'")
            continue
        if label not in RELATION_LABELS:
            problems.append(f"{where}: relation #{n} has unknown label {label!r}")
            continue
        missing = [k for k in (head_key, child_key) if k not in by_offsets]
        if missing:
            problems.append(
                f"{where}: relation #{n} ({label}) has an argument {missing[0]} that is not an annotated span"
            )
            continue
        relations.append(RelationAnnotation(by_offsets[head_key], by_offsets[child_key], label))
    if problems:
        raise AnnotationError(problems)
    meta = {k: str(v) for k, v in meta.items() if k != "id"}
    return Article(article_id, text, spans, dedupe_relations(relations), meta, origin)


def article_to_json(article: Article) -> dict:
    """The JSONL record for an article (the shape parse_jsonl_line reads)."""
    def span(s):
        return {"start": s.start, "end": s.end, "label": s.label, "text": s.text}

    return {
        "text": article.text,
        "spans": [span(s) for s in sorted(article.spans)],
        "relations": [
            {"head_span": span(r.head), "child_span": span(r.child), "label": r.label}
            for r in article.relations
        ],
        "meta": {"id": article.id, **article.meta},
    }
