"""Per-label decision thresholds for the relation extractor, chosen on dev.

The pipeline runs end to end once with every threshold at 0, so each
candidate's probability is kept; each label's threshold is then the grid
value with the best article-level F on dev (ties go to the lower value).
"""
from typing import Dict, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from agreements.pipeline.schema import RELATION_LABELS
from agreements.pipeline.scoring import keys_by_relation, prf_by_label, relation_keys
from agreements.pipeline.thresholds import is_related

GRID = [round(0.05 * i, 2) for i in range(1, 20)]


def tune_thresholds(nlp: Language, gold_docs: Sequence[Doc], pipe_name: str = "relation_extractor") -> Dict[str, float]:
    pipe = nlp.get_pipe(pipe_name)
    saved = dict(pipe.thresholds)
    pipe.set_thresholds({label: 0.0 for label in RELATION_LABELS})
    try:
        predicted = list(nlp.pipe(d.text for d in gold_docs))
    finally:
        pipe.set_thresholds(saved)
    gold_keys = [relation_keys(g._.relations, g.ents, "article") for g in gold_docs]
    # keyed once: the grid below only filters by score
    keyed = [keys_by_relation(p._.relations, p.ents, "article") for p in predicted]
    best: Dict[str, float] = {}
    for label in RELATION_LABELS:
        best_f, best_t = -1.0, saved[label]
        for t in [saved[label]] + GRID:
            pairs = [
                (set().union(*(keys for r, keys in doc_keyed if r.label == label and is_related(r.score, t))), g)
                for doc_keyed, g in zip(keyed, gold_keys)
            ]
            f = prf_by_label(pairs)[label].fscore
            if f > best_f + 1e-9:
                best_f, best_t = f, t
        best[label] = best_t
    return best
