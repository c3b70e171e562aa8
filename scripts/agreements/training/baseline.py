"""Keyword co-occurrence baseline: the floor the relation classifier must beat.

Given the entities, link every contract-allowed pair of entities mentioned
together in a sentence that contains a signing word.
"""
from typing import List

from spacy.tokens import Doc

from agreements.pipeline.candidates import contract_candidates
from agreements.pipeline.features import SIGNING_CUES, sentence_ids
from agreements.pipeline.relations import Relation


def cooccurrence_relations(doc: Doc) -> List[Relation]:
    sent_of = sentence_ids(doc)
    signing_sentences = {sent_of[t.i] for t in doc if t.lower_ in SIGNING_CUES}
    relations = []
    for cand in contract_candidates(doc):
        head_sents = {sent_of[m.start] for m in cand.head.mentions}
        child_sents = {sent_of[m.start] for m in cand.child.mentions}
        if head_sents & child_sents & signing_sentences:
            relations.append(Relation(cand.head.mentions[0], cand.child.mentions[0], cand.label, 1.0))
    return relations
