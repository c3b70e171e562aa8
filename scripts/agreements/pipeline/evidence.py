"""Evidence per mention pair: where a reader looks to decide a relation.

An entity pair is related when some sentence says so: "Chile signed a deal
with Japan", "Ruto, Kenya's president". That evidence sits between two
*mentions*, not between two averaged entities, so for each candidate pair
we list the mention pairs that can carry it (same sentence or adjacent
sentences, nearest first, at most MAX_MENTION_PAIRS) and describe each one:
its two mentions, the words between them (a long gap read from both ends),
a few words before and after the pair (the clause's verb often sits there:
"... are expected to sign"), each as a mean of token vectors, and
fixed features a reader uses (order, distance, signing / modal / negation
cues between and around, other entities named in between, clause breaks).
The model (model.py) encodes every mention pair and pools them to the entity
pair, so one clear sentence can decide it however many other sentences name
the two. A candidate with no such mention pair gets one "no evidence" row.
"""
from dataclasses import dataclass, field
from typing import List, Optional, Sequence, Tuple

import numpy

from agreements.pipeline.schema import ENTITY_LABELS

MAX_MENTION_PAIRS = 6  # nearest first; more rarely add a new kind of evidence
MAX_SENTENCE_DISTANCE = 1  # same or adjacent sentences
WINDOW = 5  # tokens before the first mention and after the second
HALF_BETWEEN = 12  # a gap is read from both of its ends, this many tokens each
SPANS_PER_ROW = 4  # between (first part), between (last part), before, after
CLAUSE_BREAKS = {";", ":", "—", "–"}
LIST_WORDS = {",", "and", "&"}

EVIDENCE_FEATURES = (
    ["no_evidence", "head_first", "same_sentence", "log_sentence_distance", "log_gap", "long_gap"]
    + ["cue_between_" + name for name in ("signing", "modality", "negation")]
    + ["cue_around_" + name for name in ("signing", "modality", "negation")]
    + ["others_between_" + label for label in ENTITY_LABELS]
    + ["clause_break_between", "list_words_between"]
)
N_EVIDENCE_FEATURES = len(EVIDENCE_FEATURES)


@dataclass
class EvidenceIndex:
    """One row per mention pair, grouped by candidate (`lengths`).

    `head_rows` / `child_rows` index the mention rows of PairIndex.ranges
    (-1: the "no evidence" row); `spans` holds SPANS_PER_ROW (start, end)
    token ranges per row, in the batch's stacked token vectors, averaged by
    the model (an empty range averages to zeros).
    """

    head_rows: List[int] = field(default_factory=list)
    child_rows: List[int] = field(default_factory=list)
    spans: List[Tuple[int, int]] = field(default_factory=list)
    extra: List[List[float]] = field(default_factory=list)
    lengths: List[int] = field(default_factory=list)


class DocCounts:
    """Prefix sums over one doc's tokens, so that counting cue words, list
    words or other entities between two positions costs O(1); and the
    positions of the doc's evidence rows, whose fixed features `flush`
    computes in one vectorised pass (per row, numpy's call overhead would
    cost more than the arithmetic)."""

    def __init__(self, doc, cue_prefix: Sequence[Sequence[int]], lowers: Sequence[str]):
        """`cue_prefix`: per cue set, the number of its words before each
        token position (len(doc) + 1 values), as features.py counts them."""
        n = len(doc)
        self.cues = numpy.asarray(cue_prefix, dtype="f").T.reshape((n + 1, len(cue_prefix)))
        starts = numpy.zeros((n, len(ENTITY_LABELS)), dtype="f")
        for ent in doc.ents:
            if ent.label_ in ENTITY_LABELS:
                starts[ent.start, ENTITY_LABELS.index(ent.label_)] += 1
        self.entity_starts = numpy.vstack([numpy.zeros((1, len(ENTITY_LABELS)), dtype="f"), numpy.cumsum(starts, axis=0)])
        breaks = numpy.asarray([w in CLAUSE_BREAKS for w in lowers], dtype="f")
        listing = numpy.asarray([w in LIST_WORDS for w in lowers], dtype="f")
        self.breaks = numpy.concatenate([[0.0], numpy.cumsum(breaks)])
        self.listing = numpy.concatenate([[0.0], numpy.cumsum(listing)])
        # per evidence row, in order: None for a "no evidence" row, else
        # (head_first, sentence_distance, gap, lo, hi, left_start, first_start, second_end, right_end)
        self.pending: List[Optional[Tuple[int, ...]]] = []

    def flush(self, evidence: "EvidenceIndex") -> None:
        """Append the fixed features of the pending rows to `evidence.extra`."""
        rows = [r for r in self.pending if r is not None]
        features = iter(_row_features(self, numpy.asarray(rows, dtype="i").reshape((-1, 9))).tolist())
        no_evidence = [1.0] + [0.0] * (N_EVIDENCE_FEATURES - 1)
        evidence.extra.extend(list(no_evidence) if r is None else next(features) for r in self.pending)
        self.pending = []


def _between(cum: numpy.ndarray, start: numpy.ndarray, end: numpy.ndarray) -> numpy.ndarray:
    """Counts in [start, end) from prefix sums; zero where end <= start."""
    return numpy.maximum(cum[end] - cum[start], 0)


def _row_features(counts: DocCounts, rows: numpy.ndarray) -> numpy.ndarray:
    """EVIDENCE_FEATURES for rows of (head_first, sentence_distance, gap, lo,
    hi, left_start, first_start, second_end, right_end)."""
    head_first, distance, gap, lo, hi, left_start, first_start, second_end, right_end = rows.T
    cues_between = _between(counts.cues, lo, hi) > 0
    cues_around = (_between(counts.cues, left_start, first_start) + _between(counts.cues, second_end, right_end)) > 0
    columns = [
        numpy.zeros(len(rows)),
        head_first,
        distance == 0,
        numpy.log1p(distance.astype("d")),
        numpy.log1p(gap.astype("d")),
        gap > 2 * HALF_BETWEEN,
    ]
    columns += list(cues_between.T) + list(cues_around.T)
    columns += list(numpy.log1p(_between(counts.entity_starts, lo, hi)).T)
    columns += [numpy.log1p(_between(counts.breaks, lo, hi)), numpy.log1p(_between(counts.listing, lo, hi))]
    return numpy.stack([numpy.asarray(c, dtype="f") for c in columns], axis=1).reshape((-1, N_EVIDENCE_FEATURES))


def add_candidate_evidence(evidence: EvidenceIndex, counts: DocCounts, sent_of: Sequence[int],
                           sent_bounds, head, child, head_rows: Sequence[int], child_rows: Sequence[int],
                           offset: int, nearest_when_far: bool = False) -> None:
    """Append the evidence rows of one candidate (head, child entities whose
    mentions sit at `head_rows` / `child_rows` of the ranges). Their fixed
    features are added by `counts.flush`, once per doc.

    A candidate whose mentions are never within MAX_SENTENCE_DISTANCE gets
    one "no evidence" row, or, with `nearest_when_far`, its nearest mention
    pair (the sentence distance then tells the model how far it is)."""
    # (gap, head start, child start, head index, child index): sorted, the
    # nearest pair comes first (no two keys share both starts, so no ties).
    head_bounds, child_bounds = head.bounds, child.bounds
    near, far = [], None
    for h_index, (h_start, h_end) in enumerate(head_bounds):
        h_sent = sent_of[h_start]
        for c_index, (c_start, c_end) in enumerate(child_bounds):
            gap = max(0, c_start - h_end if h_start <= c_start else h_start - c_end)
            key = (gap, h_start, c_start, h_index, c_index)
            if abs(h_sent - sent_of[c_start]) <= MAX_SENTENCE_DISTANCE:
                near.append(key)
            elif nearest_when_far and not near and (far is None or key < far):
                far = key  # far pairs are only ever read in that mode, and only if no pair is near
    pairs = sorted(near)[:MAX_MENTION_PAIRS] if near else ([far] if far is not None else [])
    if not pairs:
        evidence.head_rows.append(-1)
        evidence.child_rows.append(-1)
        evidence.spans.extend([(0, 0)] * SPANS_PER_ROW)
        counts.pending.append(None)
        evidence.lengths.append(1)
        return
    for gap, h_start, c_start, h_index, c_index in pairs:
        head_first = h_start <= c_start
        (first_start, first_end), (second_start, second_end) = (
            (head_bounds[h_index], child_bounds[c_index]) if head_first
            else (child_bounds[c_index], head_bounds[h_index]))
        lo, hi = first_end, max(first_end, second_start)
        left_start = max(sent_bounds[sent_of[first_start]][0], first_start - WINDOW)
        right_end = min(sent_bounds[sent_of[second_start]][1], second_end + WINDOW)
        counts.pending.append((int(head_first), abs(sent_of[h_start] - sent_of[c_start]), gap,
                               lo, hi, left_start, first_start, second_end, right_end))
        evidence.head_rows.append(head_rows[h_index])
        evidence.child_rows.append(child_rows[c_index])
        evidence.spans += [(offset + lo, offset + min(hi, lo + HALF_BETWEEN)),
                           (offset + max(lo, hi - HALF_BETWEEN), offset + hi),
                           (offset + left_start, offset + first_start),
                           (offset + second_end, offset + max(second_end, right_end))]
    evidence.lengths.append(len(pairs))
