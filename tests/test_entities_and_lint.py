"""Entity grouping and the corpus linter's checks."""
import pytest

from agreements.corpus.seed_format import parse_seed
from agreements.pipeline.entities import cluster_mentions, fold
from agreements.corpus.lint import lint


def test_clusters_surnames_acronyms_and_folded_forms():
    mentions = [("Paul Kagame", "PERSON"), ("Kagame", "PERSON"), ("United Arab Emirates", "COUNTRY"),
                ("UAE", "COUNTRY"), ("the World Bank", "ORG"), ("World Bank", "ORG"), ("Kagame", "ORG")]
    assert cluster_mentions(mentions) == [0, 0, 1, 1, 2, 2, 3]
    assert fold("São  Tomé") == fold("sao tome")


def test_ambiguous_surname_stays_separate():
    ids = cluster_mentions([("Ana Ruiz", "PERSON"), ("Luis Ruiz", "PERSON"), ("Ruiz", "PERSON")])
    assert len(set(ids)) == 3


def article(body, relations="", id="x"):
    return parse_seed(f"id: {id}\n===\n{body}\n===\n{relations}\n", f"{id}.txt")


@pytest.mark.parametrize(
    "articles,expected",
    [
        ([article("{Chile|COUNTRY} signed. Chile agreed.")], "annotated elsewhere but not"),
        ([article("{the World Bank|ORG} lent.")], "starts with a determiner"),
        ([article("{Chile’s|COUNTRY} mines.")], "ends with a possessive"),
        ([article("No names at all.")], "has no annotated entities"),
        ([article("{Georgia|COUNTRY} signed.", id="a"), article("{Georgia|ORG} signed.", id="b")], "different labels"),
        ([article("{Chile|COUNTRY} and {Peru|COUNTRY} signed a long agreement on copper mining and trade today.", id="a"),
          article("{Chile|COUNTRY} and {Peru|COUNTRY} signed a long agreement on copper mining and trade today.", id="b")],
         "near-duplicates"),
    ],
)
def test_linter_catches(articles, expected):
    problems = lint(articles, exceptions={})
    assert any(expected in p for p in problems), problems


def test_linter_accepts_documented_exception_and_clean_article():
    a = article("{Georgia|COUNTRY} signed a treaty with its neighbour on Monday.", id="a")
    b = article("Shares of {Georgia|ORG}, the software firm, rose after its results.", id="b")
    assert lint([a, b], exceptions={"georgia": "a company named Georgia"}) == []
