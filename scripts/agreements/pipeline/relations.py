"""The `doc._.relations` extension: relations between entity mentions.

Relations live in `doc.user_data` as plain lists of token offsets, so they
survive `DocBin` and `doc.to_bytes()`; the extension turns them into
`Relation` objects with Span arguments.
"""
from typing import Iterable, List, NamedTuple

from spacy.tokens import Doc, Span

USER_DATA_KEY = "agreements.relations"


class Relation(NamedTuple):
    head: Span
    child: Span
    label: str
    score: float = 1.0


def get_relations(doc: Doc) -> List[Relation]:
    stored = doc.user_data.get(USER_DATA_KEY) or []
    return [
        Relation(Span(doc, hs, he, label=hl), Span(doc, cs, ce, label=cl), label, float(score))
        for hs, he, hl, cs, ce, cl, label, score in stored
    ]


def set_relations(doc: Doc, relations: Iterable[Relation]) -> None:
    doc.user_data[USER_DATA_KEY] = [
        [r.head.start, r.head.end, r.head.label_, r.child.start, r.child.end, r.child.label_,
         r.label, float(r.score)]
        for r in relations
    ]


# force=True: the project code and a packaged pipeline may both be imported.
Doc.set_extension("relations", getter=get_relations, setter=set_relations, force=True)
