"""Annotated articles as the corpus tools hold them, whatever file format they came from."""
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Sequence

from agreements.pipeline.entities import cluster_in_text
from agreements.pipeline.schema import ordered_pair


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
        return cluster_in_text(self.text, [(s.start, s.end, s.label) for s in self.spans])


class AnnotationError(ValueError):
    """One or more problems in annotation input, each a full message."""

    def __init__(self, problems: Sequence[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def dedupe_relations(relations: Iterable[RelationAnnotation]) -> List[RelationAnnotation]:
    """Each relation once; a symmetric one with its first-mentioned argument as head."""
    seen, result = set(), []
    for rel in relations:
        head, child = ordered_pair(rel.label, rel.head, rel.child, key=lambda span: span.start)
        key = (rel.label, head.start, child.start)
        if key not in seen:
            seen.add(key)
            result.append(RelationAnnotation(head, child, rel.label))
    return result
