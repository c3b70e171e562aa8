"""The relations a pipeline got wrong, per article, with the sentence that a
reader would check: what each change to the model is judged by, besides its
score. Article level, end to end (as scoring.relation_keys compares them)."""
from typing import Dict, List, Optional, Sequence, Tuple

from spacy.tokens import Doc

from agreements.pipeline.entities import Entity, group_spans
from agreements.pipeline.features import sentence_ids
from agreements.pipeline.schema import SYMMETRIC, relation_key
from agreements.pipeline.scoring import entity_by_span

ArticleKey = Tuple[str, str, str]
MAX_SENTENCE_CHARS = 300


def _keyed_relations(doc: Doc) -> Dict[ArticleKey, Tuple[Entity, Entity, Optional[float]]]:
    """Article-level key -> (head entity, child entity, score) for the doc's relations."""
    entity_of = entity_by_span(group_spans(doc.ents))
    result = {}
    for rel in doc._.relations:
        head = entity_of.get((rel.head.start_char, rel.head.end_char))
        child = entity_of.get((rel.child.start_char, rel.child.end_char))
        if head is not None and child is not None:
            result[relation_key(rel.label, head.key, child.key)] = (head, child, rel.score)
    return result


def evidence_sentence(doc: Doc, sent_of: List[int], head: Entity, child: Entity) -> str:
    """The first sentence naming both entities, else the first mention's sentence
    of each (`sent_of`: features.sentence_ids of the doc, computed once per doc)."""
    head_sents = [sent_of[m.start] for m in head.mentions]
    child_sents = {sent_of[m.start] for m in child.mentions}
    shared = [s for s in head_sents if s in child_sents]
    chosen = [shared[0]] if shared else sorted({head_sents[0], sent_of[child.mentions[0].start]})
    texts = []
    for sent in chosen:
        tokens = [t for t, s in zip(doc, sent_of) if s == sent]
        text = doc[tokens[0].i : tokens[-1].i + 1].text.strip().replace("\n", " ")
        texts.append(text if len(text) <= MAX_SENTENCE_CHARS else text[:MAX_SENTENCE_CHARS] + "…")
    return " … ".join(texts)


def _line(kind: str, key: ArticleKey, head: Entity, child: Entity, score: Optional[float], sentence: str) -> str:
    arrow = "–" if key[0] in SYMMETRIC else "→"
    scored = f" ({score:.2f})" if score is not None else ""
    return f"- {kind} {key[0]} {head.name} {arrow} {child.name}{scored}: «{sentence}»"


def relation_errors(predicted: Sequence[Doc], gold: Sequence[Doc], ids: Sequence[str]) -> List[Tuple[str, List[str]]]:
    """(article id, lines) for each article with a missed or an invented relation."""
    result = []
    for article_id, p_doc, g_doc in zip(ids, predicted, gold):
        p_rel, g_rel = _keyed_relations(p_doc), _keyed_relations(g_doc)
        p_sents, g_sents = sentence_ids(p_doc), sentence_ids(g_doc)
        lines = [_line("missed", k, h, c, None, evidence_sentence(g_doc, g_sents, h, c))
                 for k, (h, c, _) in sorted(g_rel.items()) if k not in p_rel]
        lines += [_line("invented", k, h, c, s, evidence_sentence(p_doc, p_sents, h, c))
                  for k, (h, c, s) in sorted(p_rel.items()) if k not in g_rel]
        if lines:
            result.append((article_id, lines))
    return result


def errors_markdown(split: str, errors: List[Tuple[str, List[str]]], n_articles: int) -> str:
    n_missed = sum(line.startswith("- missed") for _, lines in errors for line in lines)
    n_invented = sum(line.startswith("- invented") for _, lines in errors for line in lines)
    out = [f"# Relation errors on {split}, end to end, article level", "",
           f"{len(errors)} of {n_articles} articles have an error: {n_missed} relations missed, "
           f"{n_invented} invented (with the probability the model gave them). Each line quotes the "
           "first sentence naming both entities, or the sentence of each.", ""]
    for article_id, lines in errors:
        out += [f"## {article_id}", "", *lines, ""]
    return "\n".join(out)
