"""Name-swap augmentation renames entities consistently and keeps every
entity label and relation attached to the renamed mentions."""
import random

import spacy

from agreements.training.augment import make_name_swap, swap_names
from agreements.corpus.conversion import article_to_doc
from spacy.training import Example

NAMES = {"COUNTRY": ["Peru"], "PERSON": ["Ana Gomez"], "ORG": ["Andes Copper Fund"]}


def test_swap_renames_every_mention_and_keeps_relations(tiny_articles):
    nlp = spacy.blank("en")
    article = next(a for a in tiny_articles if a.id == "tiny-chile-japan")
    doc = article_to_doc(nlp, article)
    text, ents, rels = swap_names(doc, NAMES, random.Random(0))
    labels = [(text[s:e], label) for s, e, label in ents]
    # Chile becomes Peru, every time; Japan keeps its name, since the one
    # spare country name is taken; "Gabriel Boric" and "Boric" are one
    # entity in two forms, so the person keeps the name.
    assert [t for t, l in labels if l == "COUNTRY"] == ["Peru", "Japan", "Peru", "Japan"]
    assert ("Gabriel Boric", "PERSON") in labels and ("Boric", "PERSON") in labels
    assert [l for _, l in labels] == [e.label_ for e in doc.ents]
    assert "lithium" in text and "Chile" not in text
    assert len(rels) == len(doc._.relations)
    by_offset = {(s, e): text[s:e] for s, e, _ in ents}
    assert {(by_offset[h], label, by_offset[c]) for h, c, label in rels} >= {("Gabriel Boric", "REPRESENTS", "Peru")}


def test_augmenter_adds_a_renamed_copy(tiny_corpus, tiny_articles):
    nlp = spacy.blank("en")
    augment = make_name_swap(str(tiny_corpus / "train.spacy"), probability=1.0)
    doc = article_to_doc(nlp, tiny_articles[0])
    random.seed(0)
    original, renamed = list(augment(nlp, Example(nlp.make_doc(doc.text), doc)))
    assert original.reference.text == doc.text
    assert renamed.reference.text != doc.text
    assert [e.label_ for e in renamed.reference.ents] == [e.label_ for e in doc.ents]
    assert len(renamed.reference._.relations) == len(doc._.relations)
    assert renamed.predicted.text == renamed.reference.text and not renamed.predicted.ents
