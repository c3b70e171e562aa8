"""The evaluation report: NER and relation scores on dev and test.

Relations are scored at mention and article level (see scoring.py), each
end to end (entities predicted by `ner`) and with gold entities (the
relation classifier alone), next to the keyword co-occurrence baseline.
"""
from typing import Dict, Iterable, List, Sequence

from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example

from agreements.corpus.conversion import ARTICLE_ID_KEY
from agreements.training.baseline import cooccurrence_relations
from agreements.training.error_listing import errors_markdown, relation_errors
from agreements.pipeline.relations import Relation
from agreements.pipeline.schema import ENTITY_LABELS, RELATION_LABELS
from agreements.pipeline.scoring import prf_by_label, relation_keys, summarise

LEVELS = ("mention", "article")


def predict_with_gold_entities(nlp: Language, gold_docs: Sequence[Doc]) -> List[Doc]:
    """Run the pipeline with `ner` replaced by the gold entities: the relation
    component alone, judged on perfect entities (evaluation and tests use it)."""
    docs = []
    for gold in gold_docs:
        doc = nlp.make_doc(gold.text)
        doc.ents = [doc.char_span(e.start_char, e.end_char, e.label_) for e in gold.ents]
        for name, proc in nlp.pipeline:
            if not (name == "ner" or "ner" in getattr(proc, "name", "")):
                doc = proc(doc)
        docs.append(doc)
    return docs


def relation_scores(predicted: Sequence[Doc], gold: Sequence[Doc], relations=None) -> Dict[str, dict]:
    """{level: summary} for predicted docs (or the given relations per doc)."""
    relations = relations or [d._.relations for d in predicted]
    result = {}
    for level in LEVELS:
        pairs = [
            (relation_keys(rels, p.ents, level), relation_keys(g._.relations, g.ents, level))
            for rels, p, g in zip(relations, predicted, gold)
        ]
        result[level] = summarise(prf_by_label(pairs), "rel")
    return result


def evaluate_split(nlp: Language, gold_docs: Sequence[Doc], split: str = "split") -> dict:
    """Scores for one split, and (under "errors_markdown") the page of its relation errors."""
    end_to_end = list(nlp.pipe(d.text for d in gold_docs))
    ids = [d.user_data.get(ARTICLE_ID_KEY, f"article {i + 1}") for i, d in enumerate(gold_docs)]
    examples = [Example(p, g) for p, g in zip(end_to_end, gold_docs)]
    ner = nlp.get_pipe("ner").score(examples) if "ner" in nlp.pipe_names else {}
    with_gold = predict_with_gold_entities(nlp, gold_docs)
    baseline = [cooccurrence_relations(d) for d in with_gold]
    return {
        "articles": len(gold_docs),
        "ner": {
            "p": ner.get("ents_p"), "r": ner.get("ents_r"), "f": ner.get("ents_f"),
            "per_type": ner.get("ents_per_type") or {},
        },
        "relations": {
            "end_to_end": relation_scores(end_to_end, gold_docs),
            "gold_entities": relation_scores(with_gold, gold_docs),
            "baseline_gold_entities": relation_scores(with_gold, gold_docs, baseline),
        },
        "errors_markdown": errors_markdown(split, relation_errors(end_to_end, gold_docs, ids), len(gold_docs)),
    }


def _fmt(x) -> str:
    return "–" if x is None else f"{x:.3f}"


def report_markdown(report: dict) -> str:
    lines = [f"# Evaluation report", "", f"Pipeline: `{report['pipeline']}`", ""]
    lines.append("Relation thresholds: " + ", ".join(f"{k} {v:.2f}" for k, v in report["thresholds"].items()))
    for split, result in report["splits"].items():
        lines += ["", f"## {split} ({result['articles']} articles)", "", "### Entities (end to end)", "",
                  "| label | P | R | F |", "| --- | --- | --- | --- |"]
        ner = result["ner"]
        for label in ENTITY_LABELS:
            s = ner["per_type"].get(label, {})
            lines.append(f"| {label} | {_fmt(s.get('p'))} | {_fmt(s.get('r'))} | {_fmt(s.get('f'))} |")
        lines.append(f"| **micro** | {_fmt(ner['p'])} | {_fmt(ner['r'])} | {_fmt(ner['f'])} |")
        lines += ["", "### Relations", "",
                  "| level | entities | label | P | R | F |", "| --- | --- | --- | --- | --- | --- |"]
        names = {"end_to_end": "predicted", "gold_entities": "gold", "baseline_gold_entities": "gold, keyword baseline"}
        for level in LEVELS:
            for setting, name in names.items():
                summary = result["relations"][setting][level]
                for label in RELATION_LABELS:
                    s = summary["rel_per_type"][label]
                    lines.append(f"| {level} | {name} | {label} | {_fmt(s['p'])} | {_fmt(s['r'])} | {_fmt(s['f'])} |")
                lines.append(f"| {level} | {name} | **micro** | {_fmt(summary['rel_p'])} | {_fmt(summary['rel_r'])} | {_fmt(summary['rel_f'])} |")
    return "\n".join(lines) + "\n"
