"""Corpus linter: catches annotation that is inconsistent with the contract.

Each check returns messages naming the file and article. The corpus reader
(annotations.read_corpus) already rejects what cannot be trained on; the
linter adds what is trainable but probably wrong.
"""
import re
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Dict, Iterable, List, Sequence, Set, Tuple

from agreements.corpus.article import Article
from agreements.pipeline.entities import fold
from agreements.pipeline.schema import COUNTRY, ORG, PERSON, SECTOR

DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "our"}
NAME_LABELS = (COUNTRY, PERSON, ORG)
SHINGLE_SIZE = 5
NEAR_DUPLICATE_JACCARD = 0.5


def _covered(article: Article) -> List[bool]:
    """For each character of the text, whether an annotated span covers it."""
    covered = [False] * len(article.text)
    for s in article.spans:
        covered[s.start : s.end] = [True] * (s.end - s.start)
    return covered


def check_missed_mentions(article: Article) -> List[str]:
    """A COUNTRY, PERSON or ORG name annotated once must be annotated everywhere."""
    problems = []
    covered = _covered(article)
    names = {s.text for s in article.spans if s.label in NAME_LABELS}
    for name in sorted(names):
        pattern = r"(?<![\w\-])" + re.escape(name) + r"(?![\w\-])"
        for match in re.finditer(pattern, article.text):
            if not any(covered[match.start() : match.end()]):
                line = article.text.count("\n", 0, match.start()) + 1
                problems.append(
                    f"{article.origin}: article {article.id!r}: {name!r} is annotated elsewhere but not "
                    f"in text line {line} (offset {match.start()})"
                )
    return problems


def check_span_edges(article: Article) -> List[str]:
    problems = []
    for s in article.spans:
        words = s.text.split()
        if words and words[0].lower() in DETERMINERS:
            problems.append(f"{article.origin}: article {article.id!r}: span {s.text!r} starts with a determiner")
        if re.search(r"['’]s?$", s.text):
            problems.append(f"{article.origin}: article {article.id!r}: span {s.text!r} ends with a possessive")
        if re.search(r"^[\"“”‘'(\[]|[\"“”’)\]]$", s.text):
            problems.append(f"{article.origin}: article {article.id!r}: span {s.text!r} includes a quote or bracket")
    return problems


# Settled cases (v1.1) of the contract that a program can see.
DOCUMENT_WORDS = {"mou", "mous", "moc", "mocs", "loi", "lois", "jv", "jvs", "ppp", "ppps", "epc"}
# Heads of official bodies: "<body> of <COUNTRY>" is one ORG span.
OFFICIAL_HEADS = {
    "ministry", "department", "embassy", "consulate", "agency", "committee", "commission", "council", "office",
    "government", "authority", "chamber", "bank", "service", "directorate", "secretariat", "administration",
    "board", "cabinet", "parliament", "presidency", "senate", "assembly", "fund", "corporation", "institute",
}
# Last words of names that the contract says are not entities (events,
# documents, programmes, facilities, places); organisations whose names end
# like this are listed, with the reason, in seeds/org-name-exceptions.tsv.
NOT_ENTITY_HEADS = {
    "summit", "forum", "expo", "conference", "congress", "week", "dialogue", "initiative", "strategy",
    "partnership", "corridor", "route", "airport", "port", "pipeline", "field", "province", "agreement",
    "memorandum", "treaty", "accord", "protocol", "declaration", "roadmap", "plan", "project", "exhibition",
}


def check_document_words(article: Article) -> List[str]:
    """MoU, MoC, LoI, JV, PPP, EPC are document words, never entities (contract v1.1)."""
    return [
        f"{article.origin}: article {article.id!r}: {s.text!r} is annotated as {s.label}, but document words "
        "and their abbreviations (MoU, MoC, LoI, JV, PPP, EPC) are never entities"
        for s in article.spans if fold(s.text) in DOCUMENT_WORDS
    ]


def check_official_names(article: Article) -> List[str]:
    """An official name ending in "of COUNTRY" is one ORG span (contract v1.1):
    flag "{Ministry of Energy|ORG} of {Uzbekistan|COUNTRY}"."""
    problems = []
    spans = sorted(article.spans)
    for org, country in zip(spans, spans[1:]):
        between = article.text[org.end : country.start]
        possessive = re.match(r"['’]s\b", article.text[country.end :])  # "of Kazakhstan's finance ministry"
        if org.label == ORG and country.label == COUNTRY and re.fullmatch(r" of (the )?", between) and not possessive:
            if OFFICIAL_HEADS & set(org.text.lower().split()):
                problems.append(
                    f"{article.origin}: article {article.id!r}: {org.text + between + country.text!r} is an "
                    "official name ending in 'of COUNTRY': annotate it as one ORG span"
                )
    return problems


def check_bare_official_heads(article: Article) -> List[str]:
    """"Government of {Japan|COUNTRY}" with the head left bare: the official
    name is one ORG span (contract v1.1). Job titles ("Minister of Energy of
    {Japan|COUNTRY}") are not names and are not flagged."""
    covered = _covered(article)
    problems = []
    for s in article.spans:
        if s.label != COUNTRY:
            continue
        match = re.search(r"\b(Government|Ministry|Embassy|Consulate|Presidency)( of)( the)? $", article.text[max(0, s.start - 40) : s.start])
        if match and not covered[max(0, s.start - 40) + match.start()]:
            problems.append(
                f"{article.origin}: article {article.id!r}: {match.group(0) + s.text!r} is an official name "
                "ending in 'of COUNTRY': annotate it as one ORG span"
            )
    return problems


def check_not_entity_names(article: Article, exceptions: Dict[str, str]) -> List[str]:
    """Names of events, documents, programmes and facilities are not entities (contract v1.1)."""
    problems = []
    for s in article.spans:
        words = s.text.split()
        if s.label == ORG and len(words) > 1 and words[-1].lower() in NOT_ENTITY_HEADS and fold(s.text) not in exceptions:
            problems.append(
                f"{article.origin}: article {article.id!r}: {s.text!r} is annotated as ORG but ends like the name "
                f"of an event, document, programme or facility ({words[-1]!r}), which is not an entity; if it "
                "names an organisation, list it with the reason in seeds/org-name-exceptions.tsv"
            )
    return problems


# SECTOR span edges (docs/annotation-guide.md, "Span edges of SECTOR"): heads
# that say how much or what kind of transaction, not which field, stay
# outside the span ("{gas|SECTOR} production", "{power|SECTOR} generation").
# The same field written with and without its head taught the recogniser two
# boundaries for one phrase.
SECTOR_DROPPED_HEADS = (
    "sector", "sectors", "industry", "industries", "field", "fields", "cooperation", "agreement", "procedures",
    "value chains", "supply chains", "work", "production", "output", "exports", "imports", "prices", "market",
    "markets", "generation", "supply", "purchases", "taxes",
)
# Fixed field names that end like that, and heads whose modifier is an
# adjective that cannot stand as the field on its own.
SECTOR_NAMES_WITH_HEADS = {
    "water supply", "electricity supply", "carbon market", "carbon markets", "labour market", "creative industries",
    "green industry", "technical cooperation", "indirect taxes", "agricultural imports", "pharmaceutical production",
    "pharmaceutical supply chains",
}


def check_sector_heads(article: Article) -> List[str]:
    """A SECTOR span ending in a dropped head ("oil production") should end
    before it, unless the whole is a fixed field name ("water supply")."""
    problems = []
    for s in article.spans:
        folded = fold(s.text)
        if s.label != SECTOR or any(folded.endswith(name) for name in SECTOR_NAMES_WITH_HEADS):
            continue
        head = next((h for h in SECTOR_DROPPED_HEADS if folded.endswith(" " + h)), None)
        if head is not None:
            problems.append(
                f"{article.origin}: article {article.id!r}: SECTOR {s.text!r} ends in {head!r}, a head the guide "
                f"leaves outside the span: annotate {s.text[: -len(head) - 1]!r} (or, for a fixed field name, "
                "add it to SECTOR_NAMES_WITH_HEADS in lint.py)"
            )
    return problems


def check_has_entities(article: Article) -> List[str]:
    if not article.spans:
        return [f"{article.origin}: article {article.id!r} has no annotated entities"]
    return []


def check_label_consistency(articles: Sequence[Article], exceptions: Dict[str, str]) -> List[str]:
    """One name (COUNTRY/PERSON/ORG) should carry one label across the corpus."""
    labels: Dict[str, Dict[str, List[str]]] = defaultdict(lambda: defaultdict(list))
    for article in articles:
        for s in article.spans:
            labels[fold(s.text)][s.label].append(article.id)
    problems = []
    for name, by_label in sorted(labels.items()):
        if len(by_label) > 1 and name not in exceptions:
            detail = "; ".join(f"{label} in {', '.join(sorted(set(ids))[:3])}" for label, ids in sorted(by_label.items()))
            problems.append(
                f"name {name!r} has different labels across the corpus ({detail}); fix it or give the "
                "reason in seeds/label-exceptions.tsv"
            )
    return problems


def shingles(text: str, size: int = SHINGLE_SIZE) -> Set[Tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + size]) for i in range(max(1, len(words) - size + 1))}


def check_near_duplicates(articles: Sequence[Article], threshold: float = NEAR_DUPLICATE_JACCARD) -> List[str]:
    sets = [(a, shingles(a.text)) for a in articles]
    problems = []
    for (a, sa), (b, sb) in combinations(sets, 2):
        if sa and sb:
            jaccard = len(sa & sb) / len(sa | sb)
            if jaccard >= threshold:
                problems.append(
                    f"articles {a.id!r} ({a.origin}) and {b.id!r} ({b.origin}) are near-duplicates "
                    f"({jaccard:.0%} of {SHINGLE_SIZE}-word shingles shared)"
                )
    return problems


def read_exceptions(path: Path) -> Dict[str, str]:
    """`name<TAB>reason` lines; '#' starts a comment."""
    result: Dict[str, str] = {}
    if path.exists():
        for line in path.read_text(encoding="utf8").splitlines():
            if line.strip() and not line.startswith("#"):
                name, _, reason = line.partition("\t")
                result[fold(name)] = reason.strip()
    return result


def lint(articles: Sequence[Article], exceptions: Dict[str, str], org_names: Dict[str, str] = None) -> List[str]:
    problems: List[str] = []
    for article in articles:
        problems += check_has_entities(article)
        problems += check_span_edges(article)
        problems += check_missed_mentions(article)
        problems += check_document_words(article)
        problems += check_official_names(article)
        problems += check_bare_official_heads(article)
        problems += check_not_entity_names(article, org_names or {})
        problems += check_sector_heads(article)
    problems += check_label_consistency(articles, exceptions)
    problems += check_near_duplicates(articles)
    return problems
