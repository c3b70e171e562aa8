"""Corpus statistics and the inter-annotator comparison."""
import spacy

from agreements.corpus.agreement_study import compare
from agreements.corpus.seed_format import parse_seed
from agreements.corpus.corpus_statistics import statistics


def test_statistics_count_labels_and_spread(tiny_articles):
    stats = statistics(tiny_articles)
    assert stats["articles"] == 4
    assert stats["mentions"]["COUNTRY"] == sum(s.label == "COUNTRY" for a in tiny_articles for s in a.spans)
    assert stats["relations"]["AGREEMENT"] == 3
    assert stats["distinct"]["COUNTRY"] == 6  # Chile, Japan, Ghana, India, Kenya, Egypt
    assert stats["articles_without_relations"] == 0


def test_agreement_study_scores_and_lists_disagreements():
    text_a = "id: x\n===\n{Chile|COUNTRY} and {Peru|COUNTRY} signed a {trade|SECTOR} deal.\n===\nAGREEMENT: Chile | Peru\nIN_SECTOR: Chile; Peru | trade\n"
    text_b = "id: x\n===\n{Chile|COUNTRY} and {Peru|COUNTRY} signed a trade deal.\n===\nAGREEMENT: Chile | Peru\n"
    result = compare(spacy.blank("en"), [parse_seed(text_a, "a.txt")], [parse_seed(text_b, "b.txt")])
    assert result["entities"]["COUNTRY"]["f"] == 1.0
    assert result["entities"]["SECTOR"]["r"] == 0.0
    assert result["relations"]["article"]["AGREEMENT"]["f"] == 1.0
    assert result["relations"]["article"]["IN_SECTOR"]["r"] == 0.0
    kinds = {(d[1], d[2]) for d in result["disagreements"]}
    assert kinds == {("only A", "entity"), ("only A", "relation")}
