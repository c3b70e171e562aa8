"""Candidate entity pairs for the relation classifier.

Every ordered pair of article-level entities whose types the contract allows
is a candidate, wherever the two are mentioned in the article: the contract's
relations cross sentences. AGREEMENT is symmetric, so its pairs are kept once,
in order of first mention. Pairs the contract rules out are never proposed.
"""
from typing import Callable, List, NamedTuple

from spacy.tokens import Doc
from spacy.util import registry

from agreements.pipeline.entities import Entity, group_spans
from agreements.pipeline.schema import SYMMETRIC, relation_for_types


class Candidate(NamedTuple):
    head: Entity
    child: Entity
    label: str  # the one relation the contract allows for these types


def contract_candidates(doc: Doc) -> List[Candidate]:
    entities = group_spans(doc.ents)
    candidates = []
    for i, head in enumerate(entities):
        for j, child in enumerate(entities):
            if i == j:
                continue
            label = relation_for_types(head.label, child.label)
            if label is None or (label in SYMMETRIC and j < i):
                continue
            candidates.append(Candidate(head, child, label))
    return candidates


@registry.misc("agreements.contract_candidates.v1")
def make_contract_candidates() -> Callable[[Doc], List[Candidate]]:
    return contract_candidates
