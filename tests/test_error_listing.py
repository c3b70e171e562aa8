"""The evaluation's error page: per article, the relations missed and the ones
invented, each with the sentence that names both entities."""
import spacy

from agreements.corpus.conversion import article_to_doc
from agreements.corpus.seed_format import parse_seed
from agreements.pipeline.relations import Relation
from agreements.training.error_listing import errors_markdown, relation_errors

SEED = """id: two-deals
===
{Chile|COUNTRY} and {Japan|COUNTRY} signed a {lithium|SECTOR} accord. Separately, {Peru|COUNTRY} hosted talks.
{Gabriel Boric|PERSON} signed for {Chile|COUNTRY}.
===
AGREEMENT: Chile | Japan
IN_SECTOR: Chile; Japan | lithium
REPRESENTS: Gabriel Boric | Chile
"""


def test_missed_and_invented_relations_are_listed_with_their_sentence():
    nlp = spacy.blank("en")
    gold = article_to_doc(nlp, parse_seed(SEED, "two-deals.txt"))
    predicted = article_to_doc(nlp, parse_seed(SEED, "two-deals.txt"))
    ents = {e.text: e for e in predicted.ents}
    kept = [r for r in predicted._.relations if r.label != "REPRESENTS"]  # misses Boric -> Chile
    predicted._.relations = kept + [Relation(ents["Chile"], ents["Peru"], "AGREEMENT", 0.61)]  # invents Chile-Peru
    ((article_id, lines),) = relation_errors([predicted], [gold], ["two-deals"])
    assert article_id == "two-deals"
    assert lines == [
        "- missed REPRESENTS Gabriel Boric → Chile: «Gabriel Boric signed for Chile.»",
        "- invented AGREEMENT Chile – Peru (0.61): «Chile and Japan signed a lithium accord. … Separately, Peru hosted talks.»",
    ]
    page = errors_markdown("dev", relation_errors([predicted], [gold], ["two-deals"]), 1)
    assert "1 of 1 articles have an error: 1 relations missed, 1 invented" in page and "## two-deals" in page


def test_a_perfect_prediction_lists_nothing():
    nlp = spacy.blank("en")
    gold = article_to_doc(nlp, parse_seed(SEED, "two-deals.txt"))
    assert relation_errors([gold], [gold], ["two-deals"]) == []
