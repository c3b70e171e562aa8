"""Corpus statistics: size, label counts and spread, per split."""
from collections import Counter
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from agreements.corpus.article import Article
from agreements.corpus.shapes import SHAPES, article_tags, shapes_of, word_count
from agreements.corpus.splits import SPLITS, split_articles
from agreements.pipeline.entities import canonical_name
from agreements.pipeline.schema import COUNTRY, ENTITY_LABELS, ORG, RELATION_LABELS, SECTOR

HARD_CASE_TAGS = {
    "talks-only", "planned", "rejected", "postponed", "several-countries", "wishes", "presence-signing",
    "late-sectors", "surname-only", "acronyms", "diacritics", "multilateral", "ratification", "negative",
    "expected", "negotiated", "several-agreements", "present-not-signing", "not-signed-yet", "long",
    "wire-copy", "representatives",
}


# Cases where something that looks like a deal is not one: the hardest negatives.
NO_SIGNING_TAGS = {"talks-only", "planned", "rejected", "postponed", "wishes", "expected", "negotiated"}


def is_hard_case(article: Article) -> bool:
    return bool(HARD_CASE_TAGS & set(article_tags(article)))


def entity_names(article: Article, label: str) -> set:
    ids = article.entity_ids()
    groups: Dict[int, List[str]] = {}
    for i, s in enumerate(article.spans):
        if s.label == label:
            groups.setdefault(ids[i], []).append(s.text)
    return {canonical_name(texts) for texts in groups.values()}


def statistics(articles: Sequence[Article]) -> dict:
    mentions = Counter(s.label for a in articles for s in a.spans)
    relations = Counter(r.label for a in articles for r in a.relations)
    distinct = {
        label: sorted({n for a in articles for n in entity_names(a, label)})
        for label in (COUNTRY, ORG, SECTOR)
    }
    tags = Counter(t for a in articles for t in article_tags(a))
    return {
        "articles": len(articles),
        "words": sum(word_count(a) for a in articles),
        "mentions": {label: mentions[label] for label in ENTITY_LABELS},
        "relations": {label: relations[label] for label in RELATION_LABELS},
        "distinct": {label: len(names) for label, names in distinct.items()},
        "hard_case_share": (sum(is_hard_case(a) for a in articles) / len(articles)) if articles else 0.0,
        "no_signing_share": (sum(bool(NO_SIGNING_TAGS & set(article_tags(a))) for a in articles) / len(articles))
        if articles else 0.0,
        "articles_without_relations": sum(not a.relations for a in articles),
        "tags": dict(tags.most_common()),
        "shapes": dict(Counter(shape for a in articles for shape in shapes_of(a))),
        "styles": dict(Counter(a.meta.get("style", "unspecified").lower() for a in articles).most_common()),
    }


def statistics_markdown(articles: Sequence[Article], splits_file: Optional[Path] = None) -> str:
    splits = split_articles(articles, splits_file)
    columns = {"all": statistics(articles), **{name: statistics(splits[name]) for name in SPLITS}}
    lines = ["# Corpus statistics", "", "Written by `python scripts/corpus_stats.py seeds` "
             "(`spacy project run stats`).", "", "| | " + " | ".join(columns) + " |",
             "| --- |" + " --- |" * len(columns)]

    def row(name, getter, fmt="{}"):
        lines.append(f"| {name} | " + " | ".join(fmt.format(getter(c)) for c in columns.values()) + " |")

    row("articles", lambda c: c["articles"])
    row("words", lambda c: c["words"])
    for label in ENTITY_LABELS:
        row(f"{label} mentions", lambda c, l=label: c["mentions"][l])
    for label in RELATION_LABELS:
        row(f"{label} relations", lambda c, l=label: c["relations"][l])
    for label in (COUNTRY, ORG, SECTOR):
        row(f"distinct {label}", lambda c, l=label: c["distinct"][l])
    row("hard-case share (any tag)", lambda c: c["hard_case_share"], "{:.0%}")
    row("share with talks/plans/rejections/wishes", lambda c: c["no_signing_share"], "{:.0%}")
    row("articles without relations", lambda c: c["articles_without_relations"])
    whole = columns["all"]
    lines += ["", "## Shapes the model finds hard", "",
              "Articles of each shape (`agreements/corpus/shapes.py`; one article can have several), "
              "and their share of the column.", "",
              "| shape | what | " + " | ".join(columns) + " |", "| --- | --- |" + " --- |" * len(columns)]
    for shape, (what, _) in SHAPES.items():
        cells = [f"{c['shapes'].get(shape, 0)} ({c['shapes'].get(shape, 0) / max(1, c['articles']):.0%})"
                 for c in columns.values()]
        lines.append(f"| {shape} | {what} | " + " | ".join(cells) + " |")
    lines += ["", "## Hard-case tags", "", "| tag | articles |", "| --- | --- |"]
    lines += [f"| {t} | {n} |" for t, n in whole["tags"].items()]
    lines += ["", "## Styles", "", "| style | articles |", "| --- | --- |"]
    lines += [f"| {t} | {n} |" for t, n in whole["styles"].items()]
    return "\n".join(lines) + "\n"
