"""Index structures that tell the pair classifier which tokens to pool.

For each candidate pair the model pools token vectors into: the head entity
(mean over its mentions), the child entity, and, as elementwise maxima over
sentences (one signing sentence is evidence enough): the sentences where both occur,
the sentences of the head, the sentences of the child, and the words between
the two entities' mentions where they share a sentence ("Ruto, Kenya’s
president"; "Chile signed with Japan"). It adds a few
fixed features: the relation type, how close the two entities come, and
whether their sentences carry cue words of signing, modality or negation
("expected to sign", "talks failed"), which the contract turns on.
"""
from dataclasses import dataclass, field
import math
from itertools import accumulate
from typing import Dict, List, Optional, Sequence, Set, Tuple

from spacy.attrs import ORTH

from agreements.pipeline.candidates import Candidate
from agreements.pipeline.evidence import DocCounts, EvidenceIndex, add_candidate_evidence
from agreements.pipeline.schema import RELATION_LABELS

SIGNING_CUES = {"sign", "signed", "signs", "signing", "inked", "concluded", "sealed", "initialled",
                "initialed", "entered", "agreed", "struck", "clinched", "finalised", "finalized"}
MODALITY_CUES = {"expected", "will", "plan", "plans", "planned", "proposed", "propose", "negotiate",
                 "negotiating", "negotiations", "talks", "discuss", "discussed", "discussing", "could",
                 "would", "may", "might", "hope", "hopes", "hoped", "aim", "aims", "seek", "seeks",
                 "set", "intend", "intends", "explore", "exploring", "possible", "potential", "future"}
NEGATION_CUES = {"not", "no", "never", "failed", "fail", "rejected", "reject", "refused", "postponed",
                 "delayed", "stalled", "collapsed", "suspended", "without", "yet", "cancelled",
                 "canceled", "vetoed", "blocked", "withdrew", "shelved"}
CUE_SETS = (SIGNING_CUES, MODALITY_CUES, NEGATION_CUES)
_BREAKS = {".", "!", "?"}
_CLOSERS = {"”", "’", '"', "'", ")", "]", "»"}

N_EXTRA_FEATURES = len(RELATION_LABELS) + 10 + 4 * len(CUE_SETS)
# With `partner_cues`: whether the candidate is, for some mention of its head
# (of its child), the nearest partner of its label in that sentence. A reader
# links "Ruto, Kenya's president" to the name beside it, not to every party
# of the article; pairs scored one at a time cannot see that a rival is closer.
N_PARTNER_FEATURES = 2
NAME_WINDOW = 5  # tokens around a mention searched for the other entity's name stem
MAX_BETWEEN = 30  # tokens: longer gaps say little about the pair


def sentence_ids(doc) -> List[int]:
    """Sentence number of each token, by terminal punctuation and line breaks.

    A fixed rule rather than a trained sentence splitter, so that training
    and prediction always see the same sentences.
    """
    return _sentence_ids([t.text for t in doc])


def _sentence_ids(words: Sequence[str]) -> List[int]:
    ids, current, pending = [], 0, False
    for word in words:
        is_space = word.isspace()
        if pending and not is_space and word not in _CLOSERS:
            current += 1
            pending = False
        ids.append(current)
        if word in _BREAKS or (is_space and "\n" in word):
            pending = True
    return ids


@dataclass
class PairIndex:
    """Pooling groups for a batch. Token ranges index the batch's stacked
    token vectors; groups index rows of the pooled ranges."""

    ranges: List[Tuple[int, int]] = field(default_factory=list)  # mentions and sentences
    entity_groups: List[List[int]] = field(default_factory=list)
    pair_entities: List[Tuple[int, int]] = field(default_factory=list)
    context_groups: List[List[int]] = field(default_factory=list)  # 4 per pair: both, head, child, between
    extra: List[List[float]] = field(default_factory=list)
    pairs_per_doc: List[int] = field(default_factory=list)
    evidence: Optional[EvidenceIndex] = None  # per mention pair (evidence.py), when asked for


def build_pair_index(docs: Sequence, candidates: Sequence[Sequence[Candidate]],
                     with_evidence: bool = False, nearest_when_far: bool = False,
                     partner_cues: bool = False) -> PairIndex:
    """`with_evidence`: also the mention-pair rows of evidence.py (model v2);
    `nearest_when_far`: see evidence.add_candidate_evidence; `partner_cues`:
    N_PARTNER_FEATURES more per candidate, and name stems of 4 letters, not 5
    ("Chinese" starts like "China")."""
    index = PairIndex(evidence=EvidenceIndex() if with_evidence else None)
    offset = 0
    for doc, doc_candidates in zip(docs, candidates):
        index.pairs_per_doc.append(len(doc_candidates))
        if doc_candidates:
            _add_doc(index, doc, doc_candidates, offset, nearest_when_far, partner_cues)
        offset += len(doc)
    return index


def _add_doc(index: PairIndex, doc, candidates: Sequence[Candidate], offset: int, nearest_when_far: bool,
             partner_cues: bool = False) -> None:
    # Plain Python ints and lists below, not numpy scalars: this loop runs once
    # per candidate (hundreds per article), where numpy's per-call cost dominates.
    strings = doc.vocab.strings
    words = [strings[orth] for orth in doc.to_array(ORTH).tolist()]  # no Token objects: they are the slow part
    lowers = [w.lower() for w in words]
    sent_of = _sentence_ids(words)
    sent_bounds: Dict[int, List[int]] = {}
    for i, sid in enumerate(sent_of):
        sent_bounds.setdefault(sid, [i, i + 1])[1] = i + 1
    # cue words as bit masks (bit k: CUE_SETS[k]), per token, per sentence, and
    # as prefix sums per cue set (any cue between two positions in O(1))
    token_bits = [sum(1 << k for k, cues in enumerate(CUE_SETS) if w in cues) for w in lowers]
    sent_bits: Dict[int, int] = {}
    for sid, bits in zip(sent_of, token_bits):
        sent_bits[sid] = sent_bits.get(sid, 0) | bits
    cue_prefix = [list(accumulate(((bits >> k) & 1 for bits in token_bits), initial=0)) for k in range(len(CUE_SETS))]
    sent_rows: Dict[int, int] = {}
    counts = DocCounts(doc, cue_prefix, lowers) if index.evidence is not None else None

    def sentence_row(sid: int) -> int:
        if sid not in sent_rows:
            start, end = sent_bounds[sid]
            sent_rows[sid] = len(index.ranges)
            index.ranges.append((offset + start, offset + end))
        return sent_rows[sid]

    entity_rows: Dict[int, int] = {}
    entity_sents: Dict[int, List[int]] = {}
    entity_sent_sets: Dict[int, frozenset] = {}
    entity_sent_cues: Dict[int, Tuple[float, ...]] = {}
    near_prefixes: Dict[int, Set[str]] = {}  # per entity: starts of the words next to its mentions
    stems: Dict[int, str] = {}

    def entity_row(entity) -> int:
        key = id(entity)
        if key not in entity_rows:
            rows = []
            for mention in entity.mentions:
                rows.append(len(index.ranges))
                index.ranges.append((offset + mention.start, offset + mention.end))
            entity_rows[key] = len(index.entity_groups)
            index.entity_groups.append(rows)
            entity_sent_sets[key] = frozenset(sent_of[start] for start, _ in entity.bounds)
            entity_sents[key] = sorted(entity_sent_sets[key])
            entity_sent_cues[key] = _bits_to_features(_union_bits(sent_bits, entity_sents[key]))
            near_prefixes[key] = _prefixes(_words_near(lowers, sent_of, entity))
            stems[key] = _stem(entity, 4 if partner_cues else 5)
        return entity_rows[key]

    # (entity, label, mention start) -> (smallest gap, candidates at that gap)
    nearest: Dict[Tuple[int, str, int, bool], Tuple[int, List[int]]] = {}
    first_row = len(index.extra)
    for cand_index, cand in enumerate(candidates):
        head_key, child_key = id(cand.head), id(cand.child)
        head_row, child_row = entity_row(cand.head), entity_row(cand.child)
        index.pair_entities.append((head_row, child_row))
        head_sents, child_sents = entity_sents[head_key], entity_sents[child_key]
        both = sorted(entity_sent_sets[head_key] & entity_sent_sets[child_key])
        for sents in (both, head_sents, child_sents):
            index.context_groups.append([sentence_row(s) for s in sents])
        distance = 0 if both else min(abs(a - b) for a in head_sents for b in child_sents)
        between_rows, gaps, between_bits = [], [], 0
        for h_start, h_end in cand.head.bounds:
            for c_start, c_end in cand.child.bounds:
                if sent_of[h_start] != sent_of[c_start]:
                    continue
                start, end = min(h_end, c_end), max(h_start, c_start)
                gaps.append(max(0, end - start))
                if partner_cues:
                    for key in ((head_key, cand.label, h_start, True), (child_key, cand.label, c_start, False)):
                        best = nearest.get(key)
                        if best is None or gaps[-1] < best[0]:
                            nearest[key] = (gaps[-1], [cand_index])
                        elif gaps[-1] == best[0]:
                            best[1].append(cand_index)
                if start < end and end - start <= MAX_BETWEEN:
                    between_rows.append(len(index.ranges))
                    index.ranges.append((offset + start, offset + end))
                    for k, prefix in enumerate(cue_prefix):
                        if prefix[end] > prefix[start]:
                            between_bits |= 1 << k
        index.context_groups.append(between_rows)
        extra = [1.0 if cand.label == label else 0.0 for label in RELATION_LABELS]
        extra += [
            1.0 if both else 0.0,
            math.log1p(len(both)),
            math.log1p(distance),
            math.log1p(len(cand.head.mentions)),
            math.log1p(len(cand.child.mentions)),
            1.0 if cand.head.bounds[0][0] < cand.child.bounds[0][0] else 0.0,
            math.log1p(min(gaps)) if gaps else math.log1p(MAX_BETWEEN * 4),
            math.log1p(len(gaps)),
        ]
        extra += _bits_to_features(between_bits)
        extra += [1.0 if stems[child_key] and stems[child_key] in near_prefixes[head_key] else 0.0,
                  1.0 if stems[head_key] and stems[head_key] in near_prefixes[child_key] else 0.0]
        # any sentence: one signing sentence is enough evidence
        extra += _bits_to_features(_union_bits(sent_bits, both))
        extra += entity_sent_cues[head_key] + entity_sent_cues[child_key]
        index.extra.append(extra)
        if counts is not None:
            add_candidate_evidence(index.evidence, counts, sent_of, sent_bounds, cand.head, cand.child,
                                   index.entity_groups[head_row], index.entity_groups[child_row], offset,
                                   nearest_when_far)
    if partner_cues:
        nearest_to_head = {i for (_, _, _, is_head), (_, found) in nearest.items() if is_head for i in found}
        nearest_to_child = {i for (_, _, _, is_head), (_, found) in nearest.items() if not is_head for i in found}
        for cand_index in range(len(candidates)):
            index.extra[first_row + cand_index] += [float(cand_index in nearest_to_head),
                                                    float(cand_index in nearest_to_child)]
    if counts is not None:
        counts.flush(index.evidence)


def _union_bits(bits_of: Dict[int, int], keys: Sequence[int]) -> int:
    bits = 0
    for key in keys:
        bits |= bits_of[key]
    return bits


_BIT_FEATURES = [tuple(float((bits >> k) & 1) for k in range(len(CUE_SETS))) for bits in range(1 << len(CUE_SETS))]


def _bits_to_features(bits: int) -> Tuple[float, ...]:
    return _BIT_FEATURES[bits]  # a table: called per candidate


def _stem(entity, length: int = 5) -> str:
    """First `length` (4 or 5) letters of the longest word of the entity's name."""
    words = [w for w in entity.name.lower().split() if w.isalpha()]
    longest = max(words, key=len, default="")
    return longest[:length] if len(longest) >= 4 else ""


def _words_near(lowers: Sequence[str], sent_of: Sequence[int], entity) -> Set[str]:
    """Lowercased words within NAME_WINDOW tokens of the entity's mentions, in
    the mention's sentence, outside the mention itself."""
    near = set()
    for mention in entity.mentions:
        sent = sent_of[mention.start]
        lo, hi = max(0, mention.start - NAME_WINDOW), min(len(lowers), mention.end + NAME_WINDOW)
        near.update(lowers[i] for i in range(lo, hi)
                    if (i < mention.start or i >= mention.end) and sent_of[i] == sent)
    return near


def _prefixes(words: Set[str]) -> Set[str]:
    """The 4- and 5-letter starts of `words`: a stem from _stem (4 or 5 letters)
    is in this set exactly when one of the words starts with it.

    The test it serves: a word near a mention of one entity that starts like
    the other entity's name: "Mexican President Claudia Sheinbaum" ties
    Sheinbaum to Mexico even where "Mexico" is sentences away. Words inside the
    other's own mentions count too ("Mexico’s Sheinbaum")."""
    return {w[:n] for w in words for n in (4, 5) if len(w) >= n}
