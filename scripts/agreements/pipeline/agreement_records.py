"""Agreement records: `doc._.agreements`, one per agreement in the article.

Built from `doc._.relations`: the parties of one agreement are a maximal
group of entities all linked to each other by AGREEMENT (so a trilateral deal
is one record, and two bilateral deals that share a party are two); its
sectors are those linked by IN_SECTOR to every party; each party lists the
people linked to it by REPRESENTS.
"""
from typing import Dict, List, Set

from spacy.tokens import Doc

from agreements.pipeline.entities import Entity, group_spans
from agreements.pipeline.schema import AGREEMENT, IN_SECTOR, REPRESENTS


def agreement_records(doc: Doc) -> List[dict]:
    relations = doc._.relations
    # Relation arguments are normally entities already; a relation set by
    # hand may name a span that is not, and still gets its record.
    mentions = list(doc.ents) + [a for r in relations for a in (r.head, r.child)]
    unique = {(m.start, m.end): m for m in mentions}
    entities = group_spans(unique.values())
    entity_of: Dict[tuple, int] = {
        (m.start, m.end): i for i, e in enumerate(entities) for m in e.mentions
    }
    edges: Dict[frozenset, float] = {}
    sectors: Dict[int, Dict[int, float]] = {}
    people: Dict[int, Dict[int, float]] = {}
    for rel in relations:
        h, c = entity_of[(rel.head.start, rel.head.end)], entity_of[(rel.child.start, rel.child.end)]
        if rel.label == AGREEMENT:
            edges[frozenset((h, c))] = max(rel.score, edges.get(frozenset((h, c)), 0.0))
        elif rel.label == IN_SECTOR:
            sectors.setdefault(h, {})[c] = rel.score
        elif rel.label == REPRESENTS:
            people.setdefault(c, {})[h] = rel.score
    neighbours: Dict[int, Set[int]] = {}
    for edge in edges:
        a, b = tuple(edge)
        neighbours.setdefault(a, set()).add(b)
        neighbours.setdefault(b, set()).add(a)
    records = []
    for clique in sorted(_maximal_cliques(neighbours), key=lambda c: sorted(c)):
        parties = sorted(clique)
        edge_scores = [edges[frozenset((a, b))] for i, a in enumerate(parties) for b in parties[i + 1 :]]
        shared = set.intersection(*(set(sectors.get(p, {})) for p in parties))
        records.append(
            {
                "parties": [_party(entities[p], people.get(p, {}), entities) for p in parties],
                "sectors": [entities[s].name for s in sorted(shared)],
                "score": min(edge_scores),
            }
        )
    return records


def _party(entity: Entity, representatives: Dict[int, float], entities: List[Entity]) -> dict:
    return {
        "name": entity.name,
        "label": entity.label,
        "representatives": [entities[p].name for p in sorted(representatives)],
    }


def _maximal_cliques(neighbours: Dict[int, Set[int]]) -> List[Set[int]]:
    """Bron–Kerbosch with pivoting; graphs here have a handful of nodes."""
    cliques: List[Set[int]] = []

    def expand(r: Set[int], p: Set[int], x: Set[int]) -> None:
        if not p and not x:
            if len(r) > 1:
                cliques.append(r)
            return
        pivot = max(p | x, key=lambda v: len(neighbours[v] & p))
        for v in list(p - neighbours[pivot]):
            expand(r | {v}, p & neighbours[v], x & neighbours[v])
            p = p - {v}
            x = x | {v}

    expand(set(), set(neighbours), set())
    return cliques


Doc.set_extension("agreements", getter=agreement_records, force=True)
