"""The relation model's parts: the pooling layers' gradients (checked against
finite differences), the pair features on a sentence a reader can verify, and
threshold calibration choosing the threshold with the best F."""
import numpy
import pytest
import spacy
from thinc.api import Model, NumpyOps, fix_random_seed
from thinc.types import Ragged

from agreements.corpus.conversion import article_to_doc
from agreements.corpus.seed_format import parse_seed
from agreements.pipeline.candidates import contract_candidates
from agreements.pipeline.evidence import EVIDENCE_FEATURES, N_EVIDENCE_FEATURES, SPANS_PER_ROW
from agreements.pipeline.features import CUE_SETS, N_PARTNER_FEATURES, build_pair_index
from agreements.pipeline.model import _evidence_forward, _group_maxes, _group_means, _span_means, build_entity_pair_classifier_v2
from agreements.pipeline.relations import Relation
from agreements.pipeline.schema import RELATION_LABELS
from agreements.pipeline.thresholds import is_related
from agreements.training import calibration

OPS = NumpyOps()
# repeats [0, 2] and []: _group_maxes reduces each distinct group once and must
# send a repeated group's gradients back through that one reduction
GROUPS = [[0, 2], [1], [], [3, 4, 0], [0, 2], []]


def numeric_gradient(pool, rows, d_out, eps=1e-3):
    """d(sum(pool(rows) * d_out)) / d(rows) by central differences."""
    grad = numpy.zeros_like(rows)
    for i in range(rows.shape[0]):
        for j in range(rows.shape[1]):
            plus, minus = rows.copy(), rows.copy()
            plus[i, j] += eps
            minus[i, j] -= eps
            grad[i, j] = ((pool(OPS, plus, GROUPS)[0] * d_out).sum() - (pool(OPS, minus, GROUPS)[0] * d_out).sum()) / (2 * eps)
    return grad


@pytest.mark.parametrize("pool", [_group_means, _group_maxes])
def test_pooling_gradients_match_finite_differences(pool):
    rng = numpy.random.default_rng(0)
    rows = rng.normal(size=(5, 3)).astype("f")
    pooled, backprop = pool(OPS, rows, GROUPS)
    assert pooled.shape == (len(GROUPS), 3)
    assert numpy.all(pooled[2] == 0)  # an empty group pools to zeros
    d_out = rng.normal(size=pooled.shape).astype("f")
    analytic = backprop(d_out)
    numpy.testing.assert_allclose(analytic, numeric_gradient(pool, rows.astype("float64"), d_out), atol=2e-2)


def test_pooled_values():
    rows = numpy.arange(15, dtype="f").reshape(5, 3)
    means, _ = _group_means(OPS, rows, GROUPS)
    maxes, _ = _group_maxes(OPS, rows, GROUPS)
    numpy.testing.assert_allclose(means[0], (rows[0] + rows[2]) / 2)
    numpy.testing.assert_allclose(maxes[3], rows[4])


SEED = """id: features
===
{Chile|COUNTRY} signed a {lithium|SECTOR} deal with {Japan|COUNTRY}. {Peru|COUNTRY} may join later.
===
AGREEMENT: Chile | Japan
IN_SECTOR: Chile; Japan | lithium
"""


def test_pair_features_read_the_signing_sentence():
    doc = article_to_doc(spacy.blank("en"), parse_seed(SEED, "features.txt"))
    candidates = contract_candidates(doc)
    index = build_pair_index([doc], [candidates])
    names = [(c.head.name, c.child.name) for c in candidates]
    chile_japan = index.extra[names.index(("Chile", "Japan"))]
    chile_peru = index.extra[names.index(("Chile", "Peru"))]
    n_labels, signing = len(RELATION_LABELS), 0
    assert chile_japan[:n_labels] == [1.0, 0.0, 0.0]  # AGREEMENT candidate
    assert chile_japan[n_labels] == 1.0 and chile_peru[n_labels] == 0.0  # same sentence or not
    between_cues = chile_japan[n_labels + 8 : n_labels + 8 + len(CUE_SETS)]
    assert between_cues[signing] == 1.0  # "signed" lies between Chile and Japan
    assert len(index.context_groups) == 4 * len(candidates)


CALIBRATION_SEED = """id: calibration
===
{Chile|COUNTRY} signed with {Japan|COUNTRY}. {Peru|COUNTRY} signed with {Spain|COUNTRY}. {Chile|COUNTRY} met {Peru|COUNTRY}.
===
AGREEMENT: Chile | Japan
AGREEMENT: Peru | Spain
"""


def test_calibration_picks_the_threshold_with_the_best_f():
    """Two right AGREEMENT pairs scored 0.9 and 0.4, a wrong one 0.6: any
    threshold up to 0.4 keeps all three (F 0.8), above it at most two (F <=
    0.67), so calibration picks 0.05, the lowest grid value with the best F."""
    gold = article_to_doc(spacy.blank("en"), parse_seed(CALIBRATION_SEED, "calibration.txt"))
    chile, japan, peru, spain = gold.ents[:4]
    scored = [Relation(chile, japan, "AGREEMENT", 0.9), Relation(peru, spain, "AGREEMENT", 0.4),
              Relation(chile, peru, "AGREEMENT", 0.6)]

    class Pipe:
        thresholds = {label: 0.5 for label in RELATION_LABELS}

        def set_thresholds(self, values):
            self.thresholds = {**self.thresholds, **values}

    class Pipeline:  # stands in for nlp: returns the gold entities with the scored relations
        component = Pipe()

        def get_pipe(self, name):
            return self.component

        def pipe(self, texts):
            for _ in texts:
                doc = gold.copy()
                threshold = self.component.thresholds["AGREEMENT"]
                doc._.relations = [r for r in scored if is_related(r.score, threshold)]
                yield doc

    nlp = Pipeline()
    best = calibration.tune_thresholds(nlp, [gold])
    assert best["AGREEMENT"] == pytest.approx(0.05)
    assert nlp.component.thresholds["AGREEMENT"] == 0.5  # the pipeline's own thresholds are restored


EVIDENCE_SEED = """id: evidence
===
{Chile|COUNTRY} signed a {lithium|SECTOR} deal with {Japan|COUNTRY}; {Peru|COUNTRY} may join.
Talks lasted a week. Minister {Ana Rojas|PERSON} spoke for {Chile|COUNTRY}.
===
AGREEMENT: Chile | Japan
IN_SECTOR: Chile; Japan | lithium
REPRESENTS: Ana Rojas | Chile
"""


def test_evidence_rows_describe_each_mention_pair():
    doc = article_to_doc(spacy.blank("en"), parse_seed(EVIDENCE_SEED, "evidence.txt"))
    candidates = contract_candidates(doc)
    evidence = build_pair_index([doc], [candidates], with_evidence=True).evidence
    assert len(evidence.lengths) == len(candidates) and sum(evidence.lengths) == len(evidence.extra)
    names = [(c.head.name, c.child.name) for c in candidates]
    starts = numpy.cumsum([0] + evidence.lengths)
    column = EVIDENCE_FEATURES.index
    chile_japan = evidence.extra[starts[names.index(("Chile", "Japan"))]]
    assert chile_japan[column("cue_between_signing")] == 1.0 and chile_japan[column("no_evidence")] == 0.0
    assert chile_japan[column("others_between_SECTOR")] > 0  # "lithium" lies between them
    japan_peru = evidence.extra[starts[names.index(("Japan", "Peru"))]]
    assert japan_peru[column("clause_break_between")] > 0 and japan_peru[column("cue_around_modality")] == 1.0
    # Ana Rojas is two sentences from Japan: no mention pair can carry evidence
    rojas_japan = names.index(("Ana Rojas", "Japan"))
    assert evidence.lengths[rojas_japan] == 1 and evidence.extra[starts[rojas_japan]][column("no_evidence")] == 1.0
    # ... unless the nearest mention pair is asked for: then it carries its sentence distance
    far = build_pair_index([doc], [candidates], with_evidence=True, nearest_when_far=True).evidence
    far_starts = numpy.cumsum([0] + far.lengths)
    row = far.extra[far_starts[rojas_japan]]
    assert row[column("no_evidence")] == 0.0 and row[column("log_sentence_distance")] == pytest.approx(numpy.log1p(2))
    # Chile has two mentions; the nearest pair (same sentence) comes first
    rojas_chile = starts[names.index(("Ana Rojas", "Chile"))]
    assert evidence.extra[rojas_chile][column("same_sentence")] == 1.0


def test_partner_cues_mark_the_nearest_partner_of_each_mention():
    doc = article_to_doc(spacy.blank("en"), parse_seed(PARTNER_SEED, "partner.txt"))
    candidates = contract_candidates(doc)
    plain = build_pair_index([doc], [candidates])
    index = build_pair_index([doc], [candidates], partner_cues=True)
    assert len(index.extra[0]) == len(plain.extra[0]) + N_PARTNER_FEATURES
    cues = {(c.head.name, c.child.name): tuple(row[-N_PARTNER_FEATURES:]) for c, row in zip(candidates, index.extra)}
    # Ana Rojas stands beside Chile, not Japan (second flag: she is the only
    # person, so the nearest to each party)
    assert cues[("Ana Rojas", "Chile")] == (1.0, 1.0)
    assert cues[("Ana Rojas", "Japan")] == (0.0, 1.0)
    # "lithium" sits nearer Chile than Japan; each party's only sector is lithium
    assert cues[("Chile", "lithium")] == (1.0, 1.0) and cues[("Japan", "lithium")] == (1.0, 0.0)


PARTNER_SEED = """id: partner
===
{Chile|COUNTRY} signed a {lithium|SECTOR} deal on Monday with {Japan|COUNTRY}, said {Chile|COUNTRY}'s minister {Ana Rojas|PERSON}.
===
"""


def test_evidence_gradients_match_finite_differences():
    """The mention-pair layer's gradient with respect to the token vectors and
    the mention rows, against central differences (dropout off)."""
    doc = article_to_doc(spacy.blank("en"), parse_seed(EVIDENCE_SEED, "evidence.txt"))
    candidates = contract_candidates(doc)
    index = build_pair_index([doc], [candidates], with_evidence=True)
    rng = numpy.random.default_rng(0)
    # Seeded weights: at a random point a ReLU or a max can sit within eps of
    # its kink, where central differences are wrong whatever the gradient.
    fix_random_seed(0)
    width = 3
    model = build_entity_pair_classifier_v2(Model("stub", lambda m, X, t: (X, lambda d: d)), evidence_width=4, dropout=0.0)
    pooler = model.get_ref("evidence")
    pooler.initialize(X=Ragged(OPS.alloc2f(2, (2 + SPANS_PER_ROW) * width + N_EVIDENCE_FEATURES), OPS.asarray1i([1, 1])))
    tokens = rng.normal(size=(len(doc), width)).astype("f")
    ranges = rng.normal(size=(len(index.ranges), width)).astype("f")
    pooled, backprop = _evidence_forward(model, tokens, ranges, index.evidence, is_train=False)
    assert pooled.shape == (len(candidates), 2 * 4)
    d_out = rng.normal(size=pooled.shape).astype("f")
    d_ranges, d_tokens = backprop(d_out)

    def loss(t, r):
        return float((_evidence_forward(model, t, r, index.evidence, is_train=False)[0] * d_out).sum())

    eps = 1e-2
    for array, analytic, name in ((tokens, d_tokens, "tokens"), (ranges, d_ranges, "ranges")):
        numeric = numpy.zeros_like(array)
        for i in range(array.shape[0]):
            for j in range(width):
                plus, minus = array.copy(), array.copy()
                plus[i, j] += eps
                minus[i, j] -= eps
                args = ((plus, ranges), (minus, ranges)) if name == "tokens" else ((tokens, plus), (tokens, minus))
                numeric[i, j] = (loss(*args[0]) - loss(*args[1])) / (2 * eps)
        numpy.testing.assert_allclose(analytic, numeric, atol=5e-2, err_msg=name)
        assert numpy.abs(analytic).sum() > 0, name


def test_span_means_values_and_gradients():
    rng = numpy.random.default_rng(1)
    tokens = rng.normal(size=(6, 2)).astype("f")
    spans = numpy.asarray([[0, 3], [2, 2], [1, 6], [4, 5]], dtype="i")
    means, backprop = _span_means(OPS, tokens, spans)
    numpy.testing.assert_allclose(means[0], tokens[0:3].mean(axis=0), rtol=1e-5)
    assert numpy.all(means[1] == 0)  # an empty span
    numpy.testing.assert_allclose(means[2], tokens[1:6].mean(axis=0), rtol=1e-5)
    d_means = rng.normal(size=means.shape).astype("f")
    expected = numpy.zeros_like(tokens)
    for (start, end), d in zip(spans, d_means):
        if end > start:
            expected[start:end] += d / (end - start)
    numpy.testing.assert_allclose(backprop(d_means), expected, rtol=1e-4, atol=1e-6)
