"""Thinc architecture of the relation classifier: pooled entity-pair features
followed by a small feed-forward scorer, one logit per relation label."""
from typing import Callable, List, Sequence, Tuple

import numpy
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Linear, Model, Relu, chain
from thinc.types import Floats2d

from agreements.pipeline.candidates import Candidate
from agreements.pipeline.features import N_EXTRA_FEATURES, build_pair_index
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
    classifier = chain(Relu(nO=hidden_width, dropout=dropout), Linear(nO=len(RELATION_LABELS)))
    return Model(
        "entity_pair_classifier",
        forward,
        init=init,
        layers=[tok2vec, classifier],
        refs={"tok2vec": tok2vec, "classifier": classifier},
        dims={"nO": len(RELATION_LABELS)},
        attrs={"tok2vec_grad_scale": tok2vec_grad_scale},
    )


def init(model: Model, X: PairInputs = None, Y=None) -> Model:
    tok2vec, classifier = model.get_ref("tok2vec"), model.get_ref("classifier")
    if X is not None and X[0]:
        tok2vec.initialize(X=X[0])
        width = tok2vec.predict(X[0][:1])[0].shape[1]
    else:
        tok2vec.initialize()
        width = tok2vec.get_dim("nO")
    n_in = (2 + N_CONTEXTS) * width + N_EXTRA_FEATURES
    classifier.initialize(X=model.ops.alloc2f(2, n_in), Y=model.ops.alloc2f(2, model.get_dim("nO")))
    return model


def forward(model: Model, inputs: PairInputs, is_train: bool):
    docs, candidates = inputs
    ops = model.ops
    tok2vec, classifier = model.get_ref("tok2vec"), model.get_ref("classifier")
    n_labels = model.get_dim("nO")
    tokvecs, backprop_tokvecs = tok2vec(docs, is_train)
    index = build_pair_index(docs, candidates)
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
    features = ops.xp.hstack(
        [entities[heads], entities[children], contexts.reshape((n_pairs, N_CONTEXTS * width)), extra]
    )
    logits, backprop_classifier = classifier(features, is_train)
    splits = numpy.cumsum(index.pairs_per_doc)[:-1]
    outputs = ops.xp.split(logits, splits)

    def backprop(d_outputs: List[Floats2d]) -> PairInputs:
        d_features = backprop_classifier(ops.xp.vstack(d_outputs))
        d_entities = ops.alloc2f(*entities.shape)
        ops.scatter_add(d_entities, heads, ops.xp.ascontiguousarray(d_features[:, :width]))
        ops.scatter_add(d_entities, children, ops.xp.ascontiguousarray(d_features[:, width : 2 * width]))
        d_contexts = d_features[:, 2 * width : (2 + N_CONTEXTS) * width].reshape((-1, width))
        d_ranges = backprop_entities(d_entities) + backprop_contexts(ops.xp.ascontiguousarray(d_contexts))
        d_tokens = backprop_ranges(d_ranges) * model.attrs["tok2vec_grad_scale"]
        backprop_tokvecs(ops.unflatten(d_tokens, ops.asarray1i(lengths)))
        return inputs

    return outputs, backprop


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
    """
    padded = ops.xp.vstack([rows, ops.alloc2f(1, rows.shape[1])])  # last row: zeros for empty groups
    zero_row = rows.shape[0]
    members = [list(g) if len(g) else [zero_row] for g in groups]
    sizes = ops.asarray1i(numpy.asarray([len(g) for g in members], dtype="i"))
    flat = ops.asarray1i(numpy.asarray([i for g in members for i in g], dtype="i"))
    maxes, which = ops.reduce_max(ops.xp.ascontiguousarray(padded[flat]), sizes)

    def backprop(d_maxes: Floats2d) -> Floats2d:
        d_flat = ops.backprop_reduce_max(ops.xp.ascontiguousarray(d_maxes), which, sizes)
        d_padded = ops.alloc2f(*padded.shape)
        ops.scatter_add(d_padded, flat, d_flat)
        return d_padded[:-1]

    return maxes, backprop
