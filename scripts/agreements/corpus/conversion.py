"""Turn checked articles into spaCy training data, split by article."""
from pathlib import Path
from typing import Dict, List, Sequence

from spacy.tokens import Doc, DocBin

from agreements.corpus.article import Article
from agreements.pipeline.relations import Relation
from agreements.pipeline.schema import ENTITY_LABELS, RELATION_LABELS

ARTICLE_ID_KEY = "agreements.article_id"


def article_to_doc(nlp, article: Article) -> Doc:
    """A Doc with the article's entities and relations (offsets already checked)."""
    doc = nlp.make_doc(article.text)
    spans = {}
    for s in article.spans:
        spans[s] = doc.char_span(s.start, s.end, label=s.label)
    doc.ents = sorted(spans.values(), key=lambda span: span.start)
    doc._.relations = [Relation(spans[r.head], spans[r.child], r.label) for r in article.relations]
    doc.user_data[ARTICLE_ID_KEY] = article.id
    return doc


def load_docs(path: Path, vocab) -> List[Doc]:
    """The docs of a .spacy file written by convert.py."""
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such file (run `spacy project run convert` first)")
    return list(DocBin().from_disk(path).get_docs(vocab))


def docbin(docs: Sequence[Doc]) -> DocBin:
    db = DocBin(store_user_data=True)
    for doc in docs:
        db.add(doc)
    return db


def missing_labels(articles: Sequence[Article]) -> List[str]:
    """Entity and relation labels that no article in the split carries."""
    present = {s.label for a in articles for s in a.spans} | {r.label for a in articles for r in a.relations}
    return [label for label in ENTITY_LABELS + RELATION_LABELS if label not in present]
