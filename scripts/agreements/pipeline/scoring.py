"""Relation scores, at two levels, shared by the component's scorer, the
evaluation report and the inter-annotator study.

- mention level: a relation between two entities stands for every pair of
  their mentions; a pair counts when both spans match exactly. This level
  punishes every missed or mis-bounded mention.
- article level: a relation is (label, head name, child name), names folded
  (case, accents, "the") and taken from each entity's longest mention. This
  is what an analyst reads off an article.
AGREEMENT is symmetric: its pairs are compared without order.
"""
from typing import Dict, Iterable, List, Set, Tuple

from spacy.scorer import PRFScore
from spacy.training import Example
from spacy.util import registry

from agreements.pipeline.entities import Entity, group_spans
from agreements.pipeline.relations import Relation
from agreements.pipeline.schema import RELATION_LABELS, relation_key

RelationKey = Tuple[str, object, object]


def entity_by_span(entities: List[Entity]) -> Dict[Tuple[int, int], Entity]:
    """(start_char, end_char) of each mention -> its entity."""
    return {(m.start_char, m.end_char): e for e in entities for m in e.mentions}


def relation_keys(relations: Iterable[Relation], ents, level: str) -> Set[RelationKey]:
    """Comparable keys for relations whose arguments are among `ents`."""
    return set().union(*(keys for _, keys in keys_by_relation(relations, ents, level)))


def keys_by_relation(relations: Iterable[Relation], ents, level: str) -> List[Tuple[Relation, Set[RelationKey]]]:
    """Each relation with its comparable keys (one at article level, one per
    mention pair at mention level); the entities are grouped once per call."""
    entity_of = entity_by_span(group_spans(ents))
    keyed = []
    for rel in relations:
        head = entity_of.get((rel.head.start_char, rel.head.end_char))
        child = entity_of.get((rel.child.start_char, rel.child.end_char))
        if head is None or child is None:  # argument outside the entities
            head_mentions, child_mentions = [rel.head], [rel.child]
            head_key, child_key = rel.head.text, rel.child.text
        else:
            head_mentions, child_mentions = head.mentions, child.mentions
            head_key, child_key = head.key, child.key
        if level == "article":
            keys = {relation_key(rel.label, head_key, child_key)}
        else:
            keys = {relation_key(rel.label, (h.start_char, h.end_char), (c.start_char, c.end_char))
                    for h in head_mentions for c in child_mentions}
        keyed.append((rel, keys))
    return keyed


def prf_by_label(pairs: Iterable[Tuple[Set[RelationKey], Set[RelationKey]]]) -> Dict[str, PRFScore]:
    """Micro PRF per relation label over (predicted, gold) key sets."""
    scores = {label: PRFScore() for label in RELATION_LABELS}
    for predicted, gold in pairs:
        for label, score in scores.items():
            score.score_set({k for k in predicted if k[0] == label}, {k for k in gold if k[0] == label})
    return scores


def summarise(scores: Dict[str, PRFScore], prefix: str) -> Dict[str, object]:
    total = PRFScore()
    for score in scores.values():
        total += score
    return {
        f"{prefix}_p": total.precision,
        f"{prefix}_r": total.recall,
        f"{prefix}_f": total.fscore,
        f"{prefix}_per_type": {label: s.to_dict() for label, s in scores.items()},
    }


def score_relations(examples: Iterable[Example], **kwargs) -> Dict[str, object]:
    """Scores of `doc._.relations` on predicted against reference docs."""
    examples = list(examples)
    result: Dict[str, object] = {}
    for level in ("mention", "article"):
        pairs = [
            (
                relation_keys(eg.predicted._.relations, eg.predicted.ents, level),
                relation_keys(eg.reference._.relations, eg.reference.ents, level),
            )
            for eg in examples
        ]
        result.update(summarise(prf_by_label(pairs), f"rel_{level}"))
    return result


@registry.scorers("agreements.relation_scorer.v1")
def make_relation_scorer():
    return score_relations
