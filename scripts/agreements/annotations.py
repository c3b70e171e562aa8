"""Reading and writing annotated articles: the seed format and annotation-tool JSONL.

Seed format (one article per `.txt` file in seeds/), three parts separated by
lines of `===`:

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
head–child combination it lists.

JSONL (what annotation tools export), one article per line:
`{"text", "spans": [{"start", "end", "label"}], "relations": [{"head_span":
{"start", "end"}, "child_span": {"start", "end"}, "label"}], "meta": {"id"}}`.

Every problem is reported with the file, the line and the article id, and a
corpus with any problem is rejected whole (`AnnotationError`).
"""
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Tuple

from .entities import cluster_mentions, fold
from .schema import ARGUMENT_TYPES, ENTITY_LABELS, RELATION_LABELS, SYMMETRIC, allows

SEPARATOR = "==="
_MARK = re.compile(r"\{([^{}|]+)\|([A-Z_]+)\}")


@dataclass(frozen=True, order=True)
class SpanAnnotation:
    start: int
    end: int
    label: str
    text: str = field(compare=False)


@dataclass(frozen=True)
class RelationAnnotation:
    head: SpanAnnotation
    child: SpanAnnotation
    label: str


@dataclass
class Article:
    id: str
    text: str
    spans: List[SpanAnnotation]
    relations: List[RelationAnnotation]
    meta: Dict[str, str] = field(default_factory=dict)
    origin: str = ""  # "file" or "file:line", for error messages

    def entity_ids(self) -> List[int]:
        """Cluster id of each span (see entities.cluster_mentions)."""
        return cluster_mentions([(s.text, s.label) for s in self.spans])


class AnnotationError(ValueError):
    """One or more problems in annotation input, each a full message."""

    def __init__(self, problems: Sequence[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


# ---------------------------------------------------------------- seed format


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
    ids = cluster_mentions([(s.text, s.label) for s in spans])
    relations: List[RelationAnnotation] = []
    for i in range(seps[1] + 1, len(lines)):
        line = lines[i].strip()
        if not line or line.startswith("#"):
            continue
        relations.extend(_parse_relation_line(line, spans, ids, f"{origin}:{i + 1}", where, problems))
    if problems:
        raise AnnotationError(problems)
    return Article(article_id, plain, spans, _dedupe(relations), meta, origin)


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


def _dedupe(relations: Iterable[RelationAnnotation]) -> List[RelationAnnotation]:
    seen, result = set(), []
    for rel in relations:
        head, child = rel.head, rel.child
        if rel.label in SYMMETRIC and child.start < head.start:
            head, child = child, head
        key = (rel.label, head.start, child.start)
        if key not in seen:
            seen.add(key)
            result.append(RelationAnnotation(head, child, rel.label))
    return result


def format_seed(article: Article) -> str:
    """Write an article in the seed format (relations by canonical entity name)."""
    from .entities import canonical_name

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


# ---------------------------------------------------------------------- JSONL


def parse_jsonl_line(line: str, origin: str) -> Article:
    """Parse one annotation-tool JSONL record; `origin` is 'file:line'."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise AnnotationError([f"{origin}: not valid JSON ({err.msg} at column {err.colno})"])
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise AnnotationError([f"{origin}: expected an object with a 'text' string"])
    meta = record.get("meta") or {}
    if not isinstance(meta, dict):
        raise AnnotationError([f"{origin}: 'meta' must be an object"])
    article_id = str(meta.get("id") or record.get("id") or origin)
    where = f"{origin}: article {article_id!r}"
    text = record["text"]
    problems: List[str] = []
    spans: List[SpanAnnotation] = []
    for n, raw in enumerate(record.get("spans") or []):
        try:
            start, end, label = int(raw["start"]), int(raw["end"]), str(raw["label"])
        except (KeyError, TypeError, ValueError):
            problems.append(f"{where}: span #{n} needs integer 'start', 'end' and a 'label'")
            continue
        if not 0 <= start < end <= len(text):
            problems.append(f"{where}: span #{n} ({start}, {end}) lies outside the text")
            continue
        if label not in ENTITY_LABELS:
            problems.append(f"{where}: span #{n} {text[start:end]!r} has unknown label {label!r}")
        spans.append(SpanAnnotation(start, end, label, text[start:end]))
    by_offsets = {(s.start, s.end): s for s in spans}
    relations: List[RelationAnnotation] = []
    for n, raw in enumerate(record.get("relations") or []):
        try:
            head_key = (int(raw["head_span"]["start"]), int(raw["head_span"]["end"]))
            child_key = (int(raw["child_span"]["start"]), int(raw["child_span"]["end"]))
            label = str(raw["label"])
        except (KeyError, TypeError, ValueError):
            problems.append(f"{where}: relation #{n} needs 'head_span' and 'child_span' with start/end, and a 'label'")
            continue
        if label not in RELATION_LABELS:
            problems.append(f"{where}: relation #{n} has unknown label {label!r}")
            continue
        missing = [k for k in (head_key, child_key) if k not in by_offsets]
        if missing:
            problems.append(
                f"{where}: relation #{n} ({label}) has an argument {missing[0]} that is not an annotated span"
            )
            continue
        relations.append(RelationAnnotation(by_offsets[head_key], by_offsets[child_key], label))
    if problems:
        raise AnnotationError(problems)
    meta = {k: str(v) for k, v in meta.items() if k != "id"}
    return Article(article_id, text, spans, _dedupe(relations), meta, origin)


def article_to_json(article: Article) -> dict:
    """The JSONL record for an article (the shape parse_jsonl_line reads)."""
    def span(s):
        return {"start": s.start, "end": s.end, "label": s.label, "text": s.text}

    return {
        "text": article.text,
        "spans": [span(s) for s in sorted(article.spans)],
        "relations": [
            {"head_span": span(r.head), "child_span": span(r.child), "label": r.label}
            for r in article.relations
        ],
        "meta": {"id": article.id, **article.meta},
    }


# ------------------------------------------------------------------ checking

Tokenizer = Callable[[str], object]  # a spaCy tokenizer: text -> Doc


def check_article(article: Article, tokenizer: Tokenizer) -> List[str]:
    """Problems that make an article unusable for training, as messages."""
    where = f"{article.origin}: article {article.id!r}"
    problems = []
    ordered = sorted(article.spans)
    for a, b in zip(ordered, ordered[1:]):
        if b.start < a.end:
            problems.append(f"{where}: spans {a.text!r} ({a.label}) and {b.text!r} ({b.label}) overlap")
    doc = tokenizer(article.text)
    for s in ordered:
        if doc.char_span(s.start, s.end) is None:
            problems.append(
                f"{where}: span {s.text!r} ({s.label}) at {s.start}-{s.end} does not start and end "
                "on token boundaries"
            )
        if s.text != s.text.strip():
            problems.append(f"{where}: span {s.text!r} has leading or trailing whitespace")
    for r in article.relations:
        if not allows(r.label, r.head.label, r.child.label):
            problems.append(
                f"{where}: {r.label} cannot link {r.head.text!r} ({r.head.label}) to "
                f"{r.child.text!r} ({r.child.label})"
            )
    ids = article.entity_ids()
    cluster = {s: ids[i] for i, s in enumerate(article.spans)}
    for r in article.relations:
        if cluster.get(r.head) == cluster.get(r.child):
            problems.append(f"{where}: {r.label} links {r.head.text!r} to itself")
    return problems


def read_path(path: Path) -> List[Article]:
    """All articles in a seed file, a JSONL file or a folder of them (sorted)."""
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.suffix in (".txt", ".jsonl") and p.is_file())
    elif path.exists():
        files = [path]
    else:
        raise AnnotationError([f"{path}: no such file or folder"])
    articles: List[Article] = []
    problems: List[str] = []
    for file in files:
        try:
            content = file.read_text(encoding="utf8")
        except UnicodeDecodeError as err:
            problems.append(f"{file}: not UTF-8 text ({err.reason} at byte {err.start})")
            continue
        if file.suffix == ".jsonl":
            for n, line in enumerate(content.split("\n"), 1):
                if line.strip():
                    try:
                        articles.append(parse_jsonl_line(line, f"{file}:{n}"))
                    except AnnotationError as err:
                        problems.extend(err.problems)
        else:
            try:
                articles.append(parse_seed(content, str(file)))
            except AnnotationError as err:
                problems.extend(err.problems)
    if problems:
        raise AnnotationError(problems)
    return articles


def read_corpus(paths: Sequence[Path], tokenizer: Tokenizer) -> List[Article]:
    """Read and check every article; raise AnnotationError listing all problems."""
    articles: List[Article] = []
    problems: List[str] = []
    for path in paths:
        try:
            articles.extend(read_path(path))
        except AnnotationError as err:
            problems.extend(err.problems)
    seen: Dict[str, str] = {}
    for article in articles:
        if article.id in seen:
            problems.append(f"{article.origin}: duplicate article id {article.id!r} (also in {seen[article.id]})")
        seen.setdefault(article.id, article.origin)
        problems.extend(check_article(article, tokenizer))
    if problems:
        raise AnnotationError(problems)
    return articles
