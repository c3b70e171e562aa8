"""Group entity mentions into article-level entities.

The contract treats an entity as the set of its mentions ("Paul Kagame" and
"Kagame" are one PERSON). Gold annotation and model output are both grouped
by this one deterministic function, so that training, prediction and scoring
agree on what an entity is.
"""
import re
import unicodedata
from functools import lru_cache
from typing import Dict, List, Sequence, Tuple

from agreements.pipeline.schema import COUNTRY, ORG, PERSON

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_ACRONYM_SKIP = {"of", "and", "for", "the", "de", "la", "du", "des", "&", "on", "in"}
_ACRONYM = re.compile(r"^(?:[A-Z][a-z]?\.?){2,7}$")  # US, U.S., DRC, AfDB, IsDB
_OPEN_BRACKET = re.compile(r" ?\( ?")
_CLOSE_BRACKET = re.compile(r" ?\)")


@lru_cache(maxsize=8192)  # names repeat within and across articles
def fold(text: str) -> str:
    """Case-, accent- and whitespace-insensitive form of a surface string."""
    text = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"^the\s+", "", text.casefold().strip())
    return re.sub(r"\s+", " ", text)


def _initials(text: str) -> str:
    words = re.split(r"[\s\-]+", text)
    return "".join(w[0] for w in words if w and w.lower() not in _ACRONYM_SKIP).upper()


def cluster_mentions(mentions: Sequence[Tuple[str, str]], aliases: Sequence[Tuple[int, int]] = ()) -> List[int]:
    """Cluster id (0, 1, ... in order of first mention) for each (text, label).

    Mentions join one entity when they have the same label and the same folded
    text; a PERSON mention whose words occur, in order, in exactly one longer
    PERSON name joins it ("Kagame", "Lula"); an acronym (US, DRC, AfDB) joins
    the one longer COUNTRY or ORG whose initials its capitals spell; and the
    two mentions of each (i, j) in `aliases` (see bracketed_aliases) join.
    """
    exact: Dict[Tuple[str, str], int] = {}
    first_ids: List[int] = []
    for text, label in mentions:
        key = (label, fold(text))
        if key not in exact:
            exact[key] = len(exact)
        first_ids.append(exact[key])
    # Map each exact-form group to the longer group it abbreviates, if unique.
    parent = {gid: gid for gid in exact.values()}
    keys_by_id = {gid: key for key, gid in exact.items()}
    originals = {exact[(label, fold(text))]: text for text, label in mentions}
    for gid, (label, folded) in keys_by_id.items():
        targets = []
        for other, (olabel, ofolded) in keys_by_id.items():
            if other == gid or olabel != label or len(ofolded) <= len(folded):
                continue
            if label == PERSON and f" {folded} " in f" {ofolded} ":
                targets.append(other)  # "Kagame", "Lula" in "Luiz Inácio Lula da Silva"
            elif label in (COUNTRY, ORG) and _ACRONYM.match(originals[gid]):
                capitals = "".join(ch for ch in originals[gid] if ch.isupper())
                if len(capitals) > 1 and _initials(originals[other]) == capitals:
                    targets.append(other)
        if len(targets) == 1:
            parent[gid] = targets[0]

    def root(gid: int) -> int:
        while parent[gid] != gid:
            gid = parent[gid]
        return gid

    for i, j in aliases:
        a, b = root(first_ids[i]), root(first_ids[j])
        if a != b:
            parent[max(a, b)] = min(a, b)
    # Renumber clusters by first mention.
    order: Dict[int, int] = {}
    result = []
    for gid in first_ids:
        root_id = root(gid)
        if root_id not in order:
            order[root_id] = len(order)
        result.append(order[root_id])
    return result


def bracketed_aliases(text: str, mentions: Sequence[Tuple[int, int, str]]) -> List[Tuple[int, int]]:
    """Index pairs of `mentions` ((start_char, end_char, label), any order)
    where a name is followed by another of its label in brackets: "Korea
    International Cooperation Agency (KOICA)", "Vietnam Electricity (EVN)",
    "liquefied natural gas (LNG)". The article itself says the two are one,
    even where the short form does not spell the name's initials."""
    order = sorted(range(len(mentions)), key=lambda i: mentions[i][:2])
    pairs = []
    for i, j in zip(order, order[1:]):
        (_, end, label), (start, close, other_label) = mentions[i], mentions[j]
        if (label == other_label and _OPEN_BRACKET.fullmatch(text[end:start])
                and _CLOSE_BRACKET.match(text, close)):
            pairs.append((i, j))
    return pairs


def cluster_in_text(text: str, mentions: Sequence[Tuple[int, int, str]]) -> List[int]:
    """cluster_mentions for mentions given as (start_char, end_char, label) in `text`."""
    return cluster_mentions([(text[s:e], label) for s, e, label in mentions], bracketed_aliases(text, mentions))


def canonical_name(texts: Sequence[str]) -> str:
    """The name an entity is reported under: its longest mention, first on ties."""
    return max(texts, key=len)


class Entity:
    """An article-level entity: the mentions (spaCy Spans) of one name."""

    __slots__ = ("label", "mentions", "_name", "_bounds")

    def __init__(self, label: str, mentions: list):
        self.label = label
        self.mentions = mentions
        self._name = None
        self._bounds = None

    @property
    def name(self) -> str:
        # computed once: reading Span.text is slow, and features ask per candidate
        if self._name is None:
            self._name = canonical_name([m.text for m in self.mentions])
        return self._name

    @property
    def bounds(self) -> List[Tuple[int, int]]:
        """(start, end) token offsets of the mentions, read once: the pair
        features loop over them per candidate, and Span attributes are slow."""
        if self._bounds is None:
            self._bounds = [(m.start, m.end) for m in self.mentions]
        return self._bounds

    @property
    def key(self) -> str:
        """Folded name: how article-level scoring compares entities."""
        return fold(self.name)

    def __repr__(self) -> str:
        return f"Entity({self.label}, {self.name!r}, {len(self.mentions)} mentions)"


def group_spans(spans) -> List["Entity"]:
    """Group spaCy Spans (e.g. doc.ents) into entities, in order of first mention."""
    spans = sorted(spans, key=lambda s: (s.start, s.end))
    text = spans[0].doc.text if spans else ""
    ids = cluster_in_text(text, [(s.start_char, s.end_char, s.label_) for s in spans])
    entities: List[Entity] = []
    for span, cid in zip(spans, ids):
        if cid == len(entities):
            entities.append(Entity(span.label_, []))
        entities[cid].mentions.append(span)
    return entities
