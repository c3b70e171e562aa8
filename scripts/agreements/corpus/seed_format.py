"""The seed format: one article per `.txt` file in seeds/, people edit it.

Three parts separated by lines of `===`:

    id: rwanda-kazakhstan-2025-05-28
    source: Africa-Press
    tags: several-countries, wishes
    ===
    {Africa-Press|ORG} – {Rwanda|COUNTRY}. {Rwanda|COUNTRY} and ...
    ===
    AGREEMENT: Rwanda | Kazakhstan
    IN_SECTOR: Rwanda; Kazakhstan | ICT; education
    REPRESENTS: Paul Kagame | Rwanda

Entities are marked inline as `{surface text|LABEL}`. Relations name entities
by any of their mentions; `;` lists several names, and a line stands for every
head–child combination it lists. Every problem names the file, the line and
the article.
"""
import re
from typing import Dict, List, Optional

from agreements.corpus.article import AnnotationError, Article, RelationAnnotation, SpanAnnotation, dedupe_relations
from agreements.pipeline.entities import canonical_name, cluster_in_text, fold
from agreements.pipeline.schema import ARGUMENT_TYPES, ENTITY_LABELS, RELATION_LABELS

SEPARATOR = "==="
_MARK = re.compile(r"\{([^{}|]+)\|([A-Z_]+)\}")


def parse_seed(text: str, origin: str) -> Article:
    """Parse one seed-format article; `origin` names the file in messages."""
    problems: List[str] = []
    lines = text.split("\n")
    seps = [i for i, line in enumerate(lines) if line.strip() == SEPARATOR]
    if len(seps) != 2:
        raise AnnotationError(
            [f"{origin}: expected a header, the text and the relations separated by two "
             f"'{SEPARATOR}' lines, found {len(seps)} such lines"]
        )
    meta: Dict[str, str] = {}
    for i in range(seps[0]):
        line = lines[i].strip()
        if not line:
            continue
        if ":" not in line:
            problems.append(f"{origin}:{i + 1}: header line is not 'key: value': {line!r}")
            continue
        key, value = line.split(":", 1)
        meta[key.strip()] = value.strip()
    article_id = meta.pop("id", "")
    if not article_id:
        problems.append(f"{origin}:1: the header has no 'id: ...' line")
    where = f"article {article_id!r}"
    # The text: strip the inline marks, keeping character offsets of the plain text.
    body_lines = lines[seps[0] + 1 : seps[1]]
    while body_lines and not body_lines[0].strip():
        body_lines.pop(0)
    while body_lines and not body_lines[-1].strip():
        body_lines.pop()
    first_body_line = seps[0] + 2
    plain_parts: List[str] = []
    spans: List[SpanAnnotation] = []
    offset = 0
    for n, line in enumerate(body_lines):
        line_no = first_body_line + n
        if n:
            plain_parts.append("\n")
            offset += 1
        pos = 0
        for match in _MARK.finditer(line):
            before = line[pos : match.start()]
            _check_stray_marks(before, origin, line_no, where, problems)
            plain_parts.append(before)
            offset += len(before)
            surface, label = match.group(1), match.group(2)
            if label not in ENTITY_LABELS:
                problems.append(
                    f"{origin}:{line_no}: {where}: unknown entity label {label!r} on "
                    f"{surface!r} (expected one of {', '.join(ENTITY_LABELS)})"
                )
            spans.append(SpanAnnotation(offset, offset + len(surface), label, surface))
            plain_parts.append(surface)
            offset += len(surface)
            pos = match.end()
        rest = line[pos:]
        _check_stray_marks(rest, origin, line_no, where, problems)
        plain_parts.append(rest)
        offset += len(rest)
    plain = "".join(plain_parts)
    # Relations, by entity name.
    ids = cluster_in_text(plain, [(s.start, s.end, s.label) for s in spans])
    relations: List[RelationAnnotation] = []
    for i in range(seps[1] + 1, len(lines)):
        line = lines[i].strip()
        if not line or line.startswith("#"):
            continue
        relations.extend(_parse_relation_line(line, spans, ids, f"{origin}:{i + 1}", where, problems))
    if problems:
        raise AnnotationError(problems)
    return Article(article_id, plain, spans, dedupe_relations(relations), meta, origin)


def _check_stray_marks(segment: str, origin: str, line_no: int, where: str, problems: List[str]):
    if "{" in segment or "}" in segment:
        problems.append(
            f"{origin}:{line_no}: {where}: malformed entity mark near {segment.strip()[:40]!r} "
            "(write entities as {text|LABEL})"
        )


def _parse_relation_line(line, spans, ids, where_line, where, problems) -> List[RelationAnnotation]:
    label, sep, rest = line.partition(":")
    label = label.strip()
    if not sep or "|" not in rest:
        problems.append(f"{where_line}: {where}: relation line is not 'LABEL: head | child': {line!r}")
        return []
    if label not in RELATION_LABELS:
        problems.append(
            f"{where_line}: {where}: unknown relation label {label!r} "
            f"(expected one of {', '.join(RELATION_LABELS)})"
        )
        return []
    head_part, child_part = rest.split("|", 1)
    heads_allowed, children_allowed = ARGUMENT_TYPES[label]
    heads = [_resolve(n, spans, ids, heads_allowed, where_line, where, problems) for n in _names(head_part)]
    children = [_resolve(n, spans, ids, children_allowed, where_line, where, problems) for n in _names(child_part)]
    result = []
    for head in heads:
        for child in children:
            if head is not None and child is not None:
                result.append(RelationAnnotation(head, child, label))
    return result


def _names(part: str) -> List[str]:
    return [name.strip() for name in part.split(";") if name.strip()]


def _resolve(name, spans, ids, allowed_labels, where_line, where, problems) -> Optional[SpanAnnotation]:
    """The first mention of the entity that `name` names, among allowed labels."""
    matches = {ids[i] for i, s in enumerate(spans) if fold(s.text) == fold(name)}
    typed = {c for c in matches if any(ids[i] == c and s.label in allowed_labels for i, s in enumerate(spans))}
    if not matches:
        problems.append(f"{where_line}: {where}: {name!r} is not an annotated entity in the text")
        return None
    if not typed:
        labels = sorted({s.label for i, s in enumerate(spans) if ids[i] in matches})
        problems.append(
            f"{where_line}: {where}: {name!r} is annotated as {'/'.join(labels)}, which this "
            f"relation does not take (allowed: {', '.join(sorted(allowed_labels))})"
        )
        return None
    if len(typed) > 1:
        problems.append(f"{where_line}: {where}: {name!r} names more than one entity")
        return None
    cluster = typed.pop()
    return next(s for i, s in enumerate(spans) if ids[i] == cluster)


def format_seed(article: Article) -> str:
    """Write an article in the seed format (relations by canonical entity name)."""
    header = [f"id: {article.id}"] + [f"{k}: {v}" for k, v in article.meta.items()]
    parts, pos = [], 0
    for span in sorted(article.spans):
        parts.append(article.text[pos : span.start])
        parts.append("{" + span.text + "|" + span.label + "}")
        pos = span.end
    parts.append(article.text[pos:])
    ids = article.entity_ids()
    names: Dict[int, str] = {}
    for cid in set(ids):
        names[cid] = canonical_name([s.text for i, s in enumerate(article.spans) if ids[i] == cid])
    index = {s: ids[i] for i, s in enumerate(article.spans)}
    rel_lines = [
        f"{r.label}: {names[index[r.head]]} | {names[index[r.child]]}" for r in article.relations
    ]
    return "\n".join(header + [SEPARATOR, "".join(parts), SEPARATOR] + rel_lines) + "\n"
