"""doc._.agreements: one record per agreement, built from relations."""
import spacy
from spacy.tokens import Span

from agreements.corpus.reading import read_corpus
from agreements.corpus.conversion import article_to_doc
from agreements.pipeline.relations import Relation
from conftest import SEED_ARTICLE


def test_seed_article_records(tokenizer):
    (article,) = read_corpus([SEED_ARTICLE], tokenizer)
    doc = article_to_doc(spacy.blank("en"), article)
    records = doc._.agreements
    assert len(records) == 2
    by_parties = {tuple(p["name"] for p in r["parties"]): r for r in records}
    countries = by_parties[("Rwanda", "Kazakhstan")]
    assert set(countries["sectors"]) == {
        "critical minerals", "diplomatic and political consultations", "ICT", "education", "agriculture", "finance"}
    reps = {p["name"]: p["representatives"] for p in countries["parties"]}
    assert reps == {"Rwanda": ["Paul Kagame"], "Kazakhstan": ["Kassym-Jomart Tokayev"]}
    boards = by_parties[("Rwanda Mining Board", "Samruk-Kazyna")]
    assert boards["sectors"] == ["critical minerals"]
    assert all(p["representatives"] == [] for p in boards["parties"])


def test_trilateral_and_separate_bilaterals():
    nlp = spacy.blank("en")
    doc = nlp.make_doc("Chile , Peru and Bolivia signed . Chile and Japan signed too .")
    chile, peru, bolivia, chile2, japan = (Span(doc, i, i + 1, label="COUNTRY") for i in (0, 2, 4, 7, 9))
    doc.ents = [chile, peru, bolivia, chile2, japan]
    doc._.relations = [
        Relation(chile, peru, "AGREEMENT", 0.9), Relation(chile, bolivia, "AGREEMENT", 0.8),
        Relation(peru, bolivia, "AGREEMENT", 0.7), Relation(chile, japan, "AGREEMENT", 0.6),
    ]
    records = sorted((sorted(p["name"] for p in r["parties"]), r["score"]) for r in doc._.agreements)
    assert records == [(["Bolivia", "Chile", "Peru"], 0.7), (["Chile", "Japan"], 0.6)]
