"""Agreement between two independent annotation passes of the same articles.

Pass A is the corpus (seeds/), pass B a second annotator's files for a
subset. Entities are compared as exact (start, end, label) spans; relations
with the same keys as the model's scores (scoring.py), so that the figures
are the ceiling the model's scores are read against.
"""
from typing import Dict, List, Sequence, Tuple

from spacy.scorer import PRFScore

from agreements.corpus.article import Article
from agreements.corpus.conversion import article_to_doc
from agreements.pipeline.schema import ENTITY_LABELS, RELATION_LABELS
from agreements.pipeline.scoring import prf_by_label, relation_keys


def compare(nlp, first: Sequence[Article], second: Sequence[Article]) -> dict:
    by_id = {a.id: a for a in first}
    pairs = [(by_id[b.id], b) for b in second if b.id in by_id]
    missing = [b.id for b in second if b.id not in by_id]
    if missing:
        raise ValueError(f"second-pass articles with no first pass: {', '.join(missing)}")
    entity_scores = {label: PRFScore() for label in ENTITY_LABELS}
    relation_pairs: Dict[str, List[Tuple[set, set]]] = {"mention": [], "article": []}
    disagreements = []
    for a, b in pairs:
        if a.text != b.text:
            raise ValueError(f"article {a.id!r}: the two passes have different texts")
        ents_a = {(s.start, s.end, s.label) for s in a.spans}
        ents_b = {(s.start, s.end, s.label) for s in b.spans}
        for label in ENTITY_LABELS:
            entity_scores[label].score_set({e for e in ents_b if e[2] == label}, {e for e in ents_a if e[2] == label})
        doc_a, doc_b = article_to_doc(nlp, a), article_to_doc(nlp, b)
        for level in relation_pairs:
            keys_a = relation_keys(doc_a._.relations, doc_a.ents, level)
            keys_b = relation_keys(doc_b._.relations, doc_b.ents, level)
            relation_pairs[level].append((keys_b, keys_a))
            if level == "article":
                for key in sorted(keys_a ^ keys_b, key=str):
                    disagreements.append((a.id, "only A" if key in keys_a else "only B", "relation", key))
        for ent in sorted(ents_a ^ ents_b):
            disagreements.append((a.id, "only A" if ent in ents_a else "only B", "entity",
                                  (a.text[ent[0]:ent[1]], ent[2])))
    return {
        "articles": len(pairs),
        "entities": {label: s.to_dict() for label, s in entity_scores.items()},
        "relations": {level: {label: s.to_dict() for label, s in prf_by_label(p).items()}
                      for level, p in relation_pairs.items()},
        "disagreements": disagreements,
    }


def markdown(result: dict) -> str:
    lines = [f"Articles annotated twice: {result['articles']}.", "",
             "| kind | label | P (B vs A) | R | F |", "| --- | --- | --- | --- | --- |"]
    for label, s in result["entities"].items():
        lines.append(f"| entity | {label} | {s['p']:.3f} | {s['r']:.3f} | {s['f']:.3f} |")
    for level, scores in result["relations"].items():
        for label in RELATION_LABELS:
            s = scores[label]
            lines.append(f"| relation ({level}) | {label} | {s['p']:.3f} | {s['r']:.3f} | {s['f']:.3f} |")
    return "\n".join(lines) + "\n"
