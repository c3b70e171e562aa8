"""Entity grouping and the corpus linter's checks."""
import pytest

from agreements.corpus.seed_format import parse_seed
from agreements.pipeline.entities import bracketed_aliases, cluster_in_text, cluster_mentions, fold
from agreements.corpus.lint import lint


def test_clusters_surnames_acronyms_and_folded_forms():
    mentions = [("Paul Kagame", "PERSON"), ("Kagame", "PERSON"), ("United Arab Emirates", "COUNTRY"),
                ("UAE", "COUNTRY"), ("the World Bank", "ORG"), ("World Bank", "ORG"), ("Kagame", "ORG")]
    assert cluster_mentions(mentions) == [0, 0, 1, 1, 2, 2, 3]
    assert fold("São  Tomé") == fold("sao tome")


def test_ambiguous_surname_stays_separate():
    ids = cluster_mentions([("Ana Ruiz", "PERSON"), ("Luis Ruiz", "PERSON"), ("Ruiz", "PERSON")])
    assert len(set(ids)) == 3


def test_name_in_brackets_after_a_name_is_one_entity():
    text = "Korea International Cooperation Agency (KOICA) and Vietnam Electricity ( EVN ) signed; KOICA paid. Chile (Peru)"
    names = ["Korea International Cooperation Agency", "KOICA", "Vietnam Electricity", "EVN", "KOICA", "Chile", "Peru"]
    labels = ["ORG", "ORG", "ORG", "ORG", "ORG", "COUNTRY", "ORG"]
    starts, cursor = [], 0
    for name in names:
        cursor = text.index(name, cursor)
        starts.append(cursor)
        cursor += len(name)
    mentions = [(s, s + len(n), label) for s, n, label in zip(starts, names, labels)]
    # listed out of order: the pairs are found by position, and only between names of one label
    shuffled = mentions[::-1]
    assert sorted(bracketed_aliases(text, shuffled)) == [(4, 3), (6, 5)]
    assert cluster_in_text(text, mentions) == [0, 0, 1, 1, 0, 2, 3]
    # without the brackets, the acronym rule alone keeps KOICA apart (K-O-I-C-A are not the initials)
    assert cluster_mentions([(n, label) for n, label in zip(names, labels)]) == [0, 1, 2, 3, 1, 4, 5]


def test_seed_relations_name_either_form_of_a_bracketed_alias():
    parsed = article("{Korea International Cooperation Agency|ORG} ({KOICA|ORG}) signed with {Laos|COUNTRY}.",
                     "AGREEMENT: KOICA | Laos\nAGREEMENT: Korea International Cooperation Agency | Laos")
    assert len(parsed.relations) == 1
    assert parsed.entity_ids() == [0, 0, 1]


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
        ([article("{Chile|COUNTRY} and {Japan|COUNTRY} signed an {MoU|ORG}.")], "document words"),
        ([article("The {Ministry of Energy|ORG} of {Uzbekistan|COUNTRY} signed.")], "one ORG span"),
        ([article("The {Ministry of Energy|ORG} of the {Russian Federation|COUNTRY} signed.")], "one ORG span"),
        ([article("Talks at the {Astana International Forum|ORG} went on.")], "event, document, programme"),
        ([article("The Government of {Japan|COUNTRY} signed.")], "one ORG span"),
        ([article("{Chile|COUNTRY} signed a deal on {copper production|SECTOR}.")], "leaves outside the span"),
    ],
)
def test_linter_catches(articles, expected):
    problems = lint(articles, exceptions={})
    assert any(expected in p for p in problems), problems


def test_linter_accepts_documented_exception_and_clean_article():
    a = article("{Georgia|COUNTRY} signed a treaty with its neighbour on Monday.", id="a")
    b = article("Shares of {Georgia|ORG}, the software firm, rose after its results.", id="b")
    assert lint([a, b], exceptions={"georgia": "a company named Georgia"}) == []


def test_v11_checks_leave_correct_forms_alone():
    official = article("The {Ministry of Energy of Uzbekistan|ORG} and {Kazakhstan|COUNTRY} met.", id="a")
    possessive = article("The {State Revenue Committee|ORG} of {Kazakhstan|COUNTRY}'s finance ministry signed.", id="b")
    company = article("{SoftBank Group|ORG} of {Japan|COUNTRY} invested, said the Minister of Energy of {Japan|COUNTRY}.", id="c")
    bloc = article("The {Pacific Islands Forum|ORG} met in Suva.", id="d")
    assert lint([official, possessive, company, bloc], exceptions={},
                org_names={"pacific islands forum": "an intergovernmental organisation"}) == []
