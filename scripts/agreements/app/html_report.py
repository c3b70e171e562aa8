"""A self-contained HTML page for looking at extraction records.

Input: the JSONL records written by `scripts/extract.py` (one dict per article
with `text`, `spans`, `relations`, `agreements`, optionally `error`). Output:
one HTML string with inline CSS and no scripts or external resources, so the
file can be mailed, attached to a CI run or opened offline. Entities are drawn
by displaCy in manual mode, so the page looks like spaCy's own visualiser.
"""
from collections import Counter
from html import escape
from typing import Dict, Iterable, List

from spacy import displacy

from agreements.pipeline.schema import ENTITY_LABELS, RELATION_LABELS

# One colour per entity label; light enough for black text on top.
COLORS: Dict[str, str] = dict(zip(ENTITY_LABELS, ("#a6e3ff", "#ffd6a5", "#caffbf", "#e4c1f9")))

# Fields the page renders itself; any other scalar input field (url, date...)
# is listed under the heading so that the article can be traced to its source.
KNOWN_FIELDS = {"id", "text", "spans", "relations", "agreements", "meta", "error"}

CSS = """
body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
td.score { text-align: right; font-variant-numeric: tabular-nums; }
section.article { border-top: 2px solid #888; margin-top: 2em; }
.fields { color: #555; font-size: 0.9em; }
.error { border: 2px solid #c0392b; background: #fdecea; color: #7b241c; padding: 0.6em 1em; border-radius: 4px; }
code { background: #eee; padding: 0 0.25em; border-radius: 3px; }
.none { color: #888; font-style: italic; }
"""


def render_page(records: Iterable[dict], title: str = "Extracted agreements") -> str:
    """One HTML page: a summary, then each article with its entities,
    relations and agreement records."""
    records = list(records)  # read twice: summary first, articles after
    body = [f"<h1>{escape(title)}</h1>", render_summary(records)]
    body += [render_article(record, i) for i, record in enumerate(records)]
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def render_summary(records: List[dict]) -> str:
    entities = Counter(str(s.get("label")) for r in records for s in r.get("spans", []))
    relations = Counter(str(r_.get("label")) for r in records for r_ in r.get("relations", []))
    errors = sum(1 for r in records if "error" in r)
    agreements = sum(len(r.get("agreements", [])) for r in records)
    rows = [
        ("Articles", f"{len(records)} ({errors} with an error)"),
        ("Entities", _counts(ENTITY_LABELS, entities)),
        ("Relations", _counts(RELATION_LABELS, relations)),
        ("Agreements", str(agreements)),
    ]
    cells = "".join(f"<tr><th>{name}</th><td>{value}</td></tr>" for name, value in rows)
    return f"<h2>Summary</h2>\n<table class='summary'>{cells}</table>"


def render_article(record: dict, index: int) -> str:
    name = str(record.get("id", record.get("meta", {}).get("id", f"record {index + 1}")))
    parts = [f"<section class='article'>\n<h2>{escape(name)}</h2>"]
    fields = [f"{escape(k)}: {escape(str(v))}" for k, v in record.items()
              if k not in KNOWN_FIELDS and isinstance(v, (str, int, float))]
    if fields:
        parts.append(f"<p class='fields'>{' · '.join(fields)}</p>")
    if "error" in record:
        # An unprocessed article has no annotations worth showing; say why instead.
        parts.append(f"<div class='error'><strong>Error:</strong> {escape(str(record['error']))}</div>")
    else:
        parts += [render_entities(record), "<h3>Relations</h3>", render_relations(record.get("relations", [])),
                  "<h3>Agreements</h3>", render_agreements(record.get("agreements", []))]
    return "\n".join(parts) + "\n</section>"


def render_entities(record: dict) -> str:
    text = record.get("text", "")
    ents, last_end = [], 0
    # displaCy's ent style cannot draw overlapping or out-of-range spans (it would
    # repeat text), so keep the first of any overlap; model output has none.
    spans = [s for s in record.get("spans", []) if isinstance(s.get("start"), int) and isinstance(s.get("end"), int)]
    for span in sorted(spans, key=lambda s: (s["start"], s["end"])):
        if last_end <= span["start"] < span["end"] <= len(text):
            ents.append({"start": span["start"], "end": span["end"], "label": escape(str(span["label"]))})
            last_end = span["end"]
    # displaCy escapes the text itself; escaping it here too would show "&amp;lt;".
    doc = {"text": text, "ents": ents, "title": None}
    return displacy.render(doc, style="ent", manual=True, page=False, options={"colors": COLORS})


def render_relations(relations: List[dict]) -> str:
    if not relations:
        return "<p class='none'>No relations.</p>"
    rows = sorted(relations, key=lambda r: (r.get("label", ""), -_score(r)))
    cells = "".join(
        f"<tr><td>{escape(r.get('head_span', {}).get('text', ''))}</td><td>{escape(r.get('label', ''))}</td>"
        f"<td>{escape(r.get('child_span', {}).get('text', ''))}</td><td class='score'>{_score_text(r)}</td></tr>"
        for r in rows
    )
    return f"<table class='relations'><tr><th>Head</th><th>Label</th><th>Child</th><th>Score</th></tr>{cells}</table>"


def render_agreements(agreements: List[dict]) -> str:
    if not agreements:
        return "<p class='none'>No agreements.</p>"
    rows = []
    for agreement in agreements:
        parties = "<br>".join(_party(p) for p in agreement.get("parties", []))
        sectors = ", ".join(escape(s) for s in agreement.get("sectors", [])) or "<span class='none'>none</span>"
        rows.append(f"<tr><td>{parties}</td><td>{sectors}</td><td class='score'>{_score_text(agreement)}</td></tr>")
    header = "<tr><th>Parties (representatives)</th><th>Sectors</th><th>Score</th></tr>"
    return f"<table class='agreements'>{header}{''.join(rows)}</table>"


def _party(party: dict) -> str:
    text = escape(party.get("name", ""))
    if party.get("iso"):
        text += f" <code>{escape(party['iso'])}</code>"
    if party.get("representatives"):
        text += " (" + ", ".join(escape(p) for p in party["representatives"]) + ")"
    return text


def _counts(schema_labels, counts: Counter) -> str:
    # Schema labels always appear (a zero is information); unknown ones follow.
    labels = list(schema_labels) + sorted(label for label in counts if label not in schema_labels)
    return " · ".join(f"{escape(label)} <b>{counts[label]}</b>" for label in labels)


def _score(item: dict) -> float:
    score = item.get("score")
    return float(score) if isinstance(score, (int, float)) else 0.0


def _score_text(item: dict) -> str:
    return f"{item['score']:.2f}" if isinstance(item.get("score"), (int, float)) else "–"
