"""Thinc architecture of the relation classifier: pooled entity-pair features
followed by a small feed-forward scorer, one logit per relation label.

v2 adds evidence per mention pair (evidence.py): each mention pair that can
carry evidence is encoded by a small layer and pooled to its entity pair
(max and mean over a Ragged, Thinc's reductions), beside v1's features."""
from typing import Callable, Dict, List, Sequence, Tuple

import numpy
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Linear, Model, Relu, chain, concatenate, reduce_max, reduce_mean, with_array
from thinc.types import Floats2d, Ragged

from agreements.pipeline.candidates import Candidate
from agreements.pipeline.evidence import N_EVIDENCE_FEATURES, SPANS_PER_ROW
from agreements.pipeline.features import N_EXTRA_FEATURES, N_PARTNER_FEATURES, build_pair_index
from agreements.pipeline.schema import RELATION_LABELS

PairInputs = Tuple[List[Doc], List[List[Candidate]]]
N_CONTEXTS = 4  # pooled: sentences where both occur, of the head, of the child; words between


@registry.architectures("agreements.EntityPairClassifier.v1")
def build_entity_pair_classifier(
    tok2vec: Model[List[Doc], List[Floats2d]],
    hidden_width: int = 128,
    dropout: float = 0.1,
    tok2vec_grad_scale: float = 1.0,
) -> Model[PairInputs, List[Floats2d]]:
    """Score candidate entity pairs: input (docs, candidates per doc), output
    one (n_candidates, n_relation_labels) array of logits per doc.

    `tok2vec_grad_scale` scales the gradient sent back into a shared tok2vec,
    so that the relation loss (summed over many pairs) need not drown `ner`'s.
    """
    return _build(tok2vec, hidden_width, dropout, tok2vec_grad_scale, evidence_width=0)


@registry.architectures("agreements.EntityPairClassifier.v2")
def build_entity_pair_classifier_v2(
    tok2vec: Model[List[Doc], List[Floats2d]],
    hidden_width: int = 128,
    evidence_width: int = 64,
    dropout: float = 0.1,
    tok2vec_grad_scale: float = 1.0,
    nearest_when_far: bool = False,
    partner_cues: bool = False,
) -> Model[PairInputs, List[Floats2d]]:
    """v1's features plus evidence per mention pair: every mention pair of
    the candidate that can carry evidence (evidence.py) is encoded to
    `evidence_width` and pooled to the entity pair by max and mean.
    `nearest_when_far`: a candidate whose mentions are never in the same or
    adjacent sentences is described by its nearest mention pair rather than
    by a "no evidence" row. `partner_cues`: see features.build_pair_index."""
    return _build(tok2vec, hidden_width, dropout, tok2vec_grad_scale, evidence_width=evidence_width,
                  nearest_when_far=nearest_when_far, partner_cues=partner_cues)


def _build(tok2vec, hidden_width: int, dropout: float, tok2vec_grad_scale: float, evidence_width: int,
           nearest_when_far: bool = False, partner_cues: bool = False) -> Model:
    classifier = chain(Relu(nO=hidden_width, dropout=dropout), Linear(nO=len(RELATION_LABELS)))
    layers, refs = [tok2vec, classifier], {"tok2vec": tok2vec, "classifier": classifier}
    if evidence_width:
        evidence = build_evidence_pooler(evidence_width, dropout)
        layers.append(evidence)
        refs["evidence"] = evidence
    return Model(
        "entity_pair_classifier",
        forward,
        init=init,
        layers=layers,
        refs=refs,
        dims={"nO": len(RELATION_LABELS)},
        attrs={"tok2vec_grad_scale": tok2vec_grad_scale, "evidence_width": evidence_width,
               "nearest_when_far": nearest_when_far, "partner_cues": partner_cues},
    )


def build_evidence_pooler(width: int, dropout: float) -> Model[Ragged, Floats2d]:
    """Mention-pair rows (a Ragged, one sequence per candidate) -> one row per
    candidate: max (the strongest sentence) beside mean (how the article reads
    overall)."""
    return chain(with_array(Relu(nO=width, dropout=dropout)), concatenate(reduce_max(), reduce_mean()))


def _evidence_input_width(width: int) -> int:
    return (2 + SPANS_PER_ROW) * width + N_EVIDENCE_FEATURES  # head and child mentions, spans


def init(model: Model, X: PairInputs = None, Y=None) -> Model:
    tok2vec, classifier = model.get_ref("tok2vec"), model.get_ref("classifier")
    if X is not None and X[0]:
        tok2vec.initialize(X=X[0])
        width = tok2vec.predict(X[0][:1])[0].shape[1]
    else:
        tok2vec.initialize()
        width = tok2vec.get_dim("nO")
    n_in = (2 + N_CONTEXTS) * width + N_EXTRA_FEATURES + (N_PARTNER_FEATURES if model.attrs.get("partner_cues") else 0)
    if model.has_ref("evidence"):
        n_evidence = _evidence_input_width(width)
        model.get_ref("evidence").initialize(X=Ragged(model.ops.alloc2f(2, n_evidence), model.ops.asarray1i([1, 1])))
        n_in += 2 * model.attrs["evidence_width"]
    classifier.initialize(X=model.ops.alloc2f(2, n_in), Y=model.ops.alloc2f(2, model.get_dim("nO")))
    return model


def forward(model: Model, inputs: PairInputs, is_train: bool):
    docs, candidates = inputs
    ops = model.ops
    tok2vec, classifier = model.get_ref("tok2vec"), model.get_ref("classifier")
    with_evidence = model.has_ref("evidence")
    n_labels = model.get_dim("nO")
    tokvecs, backprop_tokvecs = tok2vec(docs, is_train)
    index = build_pair_index(docs, candidates, with_evidence=with_evidence,
                             nearest_when_far=model.attrs["nearest_when_far"],
                             partner_cues=model.attrs.get("partner_cues", False))
    n_pairs = len(index.pair_entities)
    if n_pairs == 0:
        def backprop_empty(d_outputs):
            backprop_tokvecs([ops.alloc2f(*t.shape) for t in tokvecs])
            return inputs
        return [ops.alloc2f(0, n_labels) for _ in docs], backprop_empty
    lengths = [len(t) for t in tokvecs]
    tokens = ops.flatten(tokvecs)
    width = tokens.shape[1]
    token_groups = [list(range(start, end)) for start, end in index.ranges]
    ranges, backprop_ranges = _group_means(ops, tokens, token_groups)
    entities, backprop_entities = _group_means(ops, ranges, index.entity_groups)
    contexts, backprop_contexts = _group_maxes(ops, ranges, index.context_groups)
    heads = ops.asarray1i([h for h, _ in index.pair_entities])
    children = ops.asarray1i([c for _, c in index.pair_entities])
    extra = ops.asarray2f(numpy.asarray(index.extra, dtype="f"))
    parts = [entities[heads], entities[children], contexts.reshape((n_pairs, N_CONTEXTS * width)), extra]
    if with_evidence:
        evidence, backprop_evidence = _evidence_forward(model, tokens, ranges, index.evidence, is_train)
        parts.append(evidence)
    logits, backprop_classifier = classifier(ops.xp.hstack(parts), is_train)
    splits = numpy.cumsum(index.pairs_per_doc)[:-1]
    outputs = ops.xp.split(logits, splits)

    def backprop(d_outputs: List[Floats2d]) -> PairInputs:
        d_features = backprop_classifier(ops.xp.vstack(d_outputs))
        d_entities = ops.alloc2f(*entities.shape)
        ops.scatter_add(d_entities, heads, ops.xp.ascontiguousarray(d_features[:, :width]))
        ops.scatter_add(d_entities, children, ops.xp.ascontiguousarray(d_features[:, width : 2 * width]))
        d_contexts = d_features[:, 2 * width : (2 + N_CONTEXTS) * width].reshape((-1, width))
        d_ranges = backprop_entities(d_entities) + backprop_contexts(ops.xp.ascontiguousarray(d_contexts))
        d_tokens_evidence = None
        if with_evidence:
            n_fixed = (2 + N_CONTEXTS) * width + extra.shape[1]
            d_ranges_evidence, d_tokens_evidence = backprop_evidence(ops.xp.ascontiguousarray(d_features[:, n_fixed:]))
            d_ranges += d_ranges_evidence
        d_tokens = backprop_ranges(d_ranges)
        if d_tokens_evidence is not None:
            d_tokens += d_tokens_evidence
        backprop_tokvecs(ops.unflatten(d_tokens * model.attrs["tok2vec_grad_scale"], ops.asarray1i(lengths)))
        return inputs

    return outputs, backprop


def _evidence_forward(model: Model, tokens: Floats2d, ranges: Floats2d, evidence, is_train: bool):
    """Encode each mention pair (its two mentions' rows of `ranges`, the mean
    token vector of each of its spans, fixed features) and pool per candidate.
    Returns the pooled rows and a backprop giving (d_ranges, d_tokens)."""
    ops = model.ops
    pooler = model.get_ref("evidence")
    width = ranges.shape[1]
    n_rows = len(evidence.head_rows)
    # row -1 ("no evidence") reads the zero row appended at the end
    padded = ops.xp.vstack([ranges, ops.alloc2f(1, width)])
    head_rows = ops.asarray1i(numpy.asarray(evidence.head_rows, dtype="i") % len(padded))
    child_rows = ops.asarray1i(numpy.asarray(evidence.child_rows, dtype="i") % len(padded))
    spans, backprop_spans = _span_means(ops, tokens, numpy.asarray(evidence.spans, dtype="i").reshape((-1, 2)))
    extra = ops.asarray2f(numpy.asarray(evidence.extra, dtype="f"))
    rows = ops.xp.hstack([padded[head_rows], padded[child_rows], spans.reshape((n_rows, SPANS_PER_ROW * width)), extra])
    pooled, backprop_pooler = pooler(Ragged(rows, ops.asarray1i(evidence.lengths)), is_train)

    def backprop(d_pooled: Floats2d):
        d_rows = backprop_pooler(d_pooled).data
        d_padded = ops.alloc2f(*padded.shape)
        ops.scatter_add(d_padded, head_rows, ops.xp.ascontiguousarray(d_rows[:, :width]))
        ops.scatter_add(d_padded, child_rows, ops.xp.ascontiguousarray(d_rows[:, width : 2 * width]))
        d_spans = d_rows[:, 2 * width : (2 + SPANS_PER_ROW) * width].reshape((-1, width))
        return d_padded[:-1], backprop_spans(ops.xp.ascontiguousarray(d_spans))

    return pooled, backprop


def _span_means(ops, tokens: Floats2d, spans: numpy.ndarray):
    """Mean of `tokens[start:end]` for each (start, end) row of `spans`, from
    prefix sums: O(1) per span however long, so that thousands of
    overlapping spans cost no more than the tokens themselves. An empty span
    gives zeros."""
    starts, ends = ops.asarray1i(spans[:, 0]), ops.asarray1i(spans[:, 1])
    scale = ops.asarray2f((1.0 / numpy.maximum(spans[:, 1] - spans[:, 0], 1)).astype("f")[:, None])
    cumulative = ops.xp.vstack([ops.alloc2f(1, tokens.shape[1]), ops.xp.cumsum(tokens, axis=0)])
    means = (cumulative[ends] - cumulative[starts]) * scale

    def backprop(d_means: Floats2d) -> Floats2d:
        d_cumulative = ops.alloc2f(*cumulative.shape)
        d_scaled = ops.xp.ascontiguousarray(d_means * scale)
        ops.scatter_add(d_cumulative, ends, d_scaled)
        ops.scatter_add(d_cumulative, starts, -d_scaled)
        # cumulative[k] sums tokens[:k], so token i receives every d_cumulative[k] with k > i
        return ops.xp.ascontiguousarray(ops.xp.cumsum(d_cumulative[::-1], axis=0)[::-1][1:])

    return means, backprop


def _group_means(ops, rows: Floats2d, groups: Sequence[Sequence[int]]):
    """Mean of `rows` over each group of row indices; an empty group gives zeros."""
    sizes = numpy.asarray([len(g) for g in groups], dtype="i")
    flat = ops.asarray1i(numpy.asarray([i for g in groups for i in g], dtype="i"))
    owner = ops.asarray1i(numpy.repeat(numpy.arange(len(groups), dtype="i"), sizes))
    scale = ops.asarray2f((1.0 / numpy.maximum(sizes, 1)).astype("f")[:, None])
    means = ops.alloc2f(len(groups), rows.shape[1])
    if len(flat):
        ops.scatter_add(means, owner, rows[flat])
    means *= scale

    def backprop(d_means: Floats2d) -> Floats2d:
        d_rows = ops.alloc2f(*rows.shape)
        if len(flat):
            ops.scatter_add(d_rows, flat, ops.xp.ascontiguousarray((d_means * scale)[owner]))
        return d_rows

    return means, backprop


def _group_maxes(ops, rows: Floats2d, groups: Sequence[Sequence[int]]):
    """Elementwise max of `rows` over each group; an empty group gives zeros.

    Max, not mean, for contexts: one sentence that states a signing is
    evidence however many other sentences mention the same two entities.
    Groups repeat (an entity's sentences are a group of every candidate it
    is in), so each distinct group is reduced once and copied.
    """
    distinct: Dict[Tuple[int, ...], int] = {}
    which_group = ops.asarray1i(numpy.asarray([distinct.setdefault(tuple(g), len(distinct)) for g in groups], dtype="i"))
    padded = ops.xp.vstack([rows, ops.alloc2f(1, rows.shape[1])])  # last row: zeros for empty groups
    zero_row = rows.shape[0]
    members = [list(g) if len(g) else [zero_row] for g in distinct]
    sizes = ops.asarray1i(numpy.asarray([len(g) for g in members], dtype="i"))
    flat = ops.asarray1i(numpy.asarray([i for g in members for i in g], dtype="i"))
    distinct_maxes, which = ops.reduce_max(ops.xp.ascontiguousarray(padded[flat]), sizes)

    def backprop(d_maxes: Floats2d) -> Floats2d:
        d_distinct = ops.alloc2f(*distinct_maxes.shape)
        ops.scatter_add(d_distinct, which_group, ops.xp.ascontiguousarray(d_maxes))
        d_flat = ops.backprop_reduce_max(d_distinct, which, sizes)
        d_padded = ops.alloc2f(*padded.shape)
        ops.scatter_add(d_padded, flat, d_flat)
        return d_padded[:-1]

    return distinct_maxes[which_group], backprop
