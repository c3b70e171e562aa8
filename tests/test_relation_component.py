"""The relation_extractor: candidates, training on a few docs, thresholds,
serialisation, and relations that survive DocBin and to_bytes."""
import pytest
import spacy
from spacy.tokens import Doc, DocBin
from spacy.training import Example

from agreements.pipeline.candidates import contract_candidates
from agreements.corpus.conversion import article_to_doc
from agreements.pipeline.schema import allows
from agreements.pipeline.scoring import prf_by_label, relation_keys
from agreements.training.evaluation import predict_with_gold_entities

TINY_MODEL = {
    "model": {
        "@architectures": "agreements.EntityPairClassifier.v1",
        "hidden_width": 32,
        "tok2vec": {
            "@architectures": "spacy.HashEmbedCNN.v2", "pretrained_vectors": None, "width": 32, "depth": 1,
            "embed_size": 500, "window_size": 1, "maxout_pieces": 2, "subword_features": True,
        },
    }
}


@pytest.fixture(scope="module")
def gold_docs(tiny_articles):
    nlp = spacy.blank("en")
    return [article_to_doc(nlp, a) for a in tiny_articles]


def article_f(nlp, gold_docs):
    pipe = nlp.get_pipe("relation_extractor")
    predicted = predict_with_gold_entities(nlp, gold_docs)
    pairs = [(relation_keys(p._.relations, p.ents, "article"), relation_keys(g._.relations, g.ents, "article"))
             for p, g in zip(predicted, gold_docs)]
    scores = prf_by_label(pairs)
    tp = sum(s.tp for s in scores.values())
    fp = sum(s.fp for s in scores.values())
    fn = sum(s.fn for s in scores.values())
    return 2 * tp / (2 * tp + fp + fn)


@pytest.fixture(scope="module")
def trained(gold_docs):
    spacy.util.fix_random_seed(0)
    nlp = spacy.blank("en")
    nlp.add_pipe("relation_extractor", config=TINY_MODEL)
    examples = [Example(nlp.make_doc(g.text), g) for g in gold_docs]
    optimizer = nlp.initialize(lambda: examples)
    before = article_f(nlp, gold_docs)
    losses_seen = []
    for _ in range(60):
        losses = {}
        nlp.update(examples, sgd=optimizer, losses=losses)
        losses_seen.append(losses["relation_extractor"])
    return nlp, before, losses_seen


def test_candidates_respect_the_contract(gold_docs):
    for doc in gold_docs:
        for cand in contract_candidates(doc):
            assert allows(cand.label, cand.head.label, cand.child.label)
        # every gold relation has a candidate
        keys = {(c.label, c.head.mentions[0].start, c.child.mentions[0].start) for c in contract_candidates(doc)}
        for rel in doc._.relations:
            assert (rel.label, rel.head.start, rel.child.start) in keys


def test_training_learns_the_tiny_corpus(trained, gold_docs):
    nlp, before, losses = trained
    assert losses[-1] < losses[0] / 4
    after = article_f(nlp, gold_docs)
    assert after >= 0.95 > before


def test_thresholds_control_output(trained, gold_docs):
    nlp, _, _ = trained
    pipe = nlp.get_pipe("relation_extractor")
    saved = dict(pipe.thresholds)
    try:
        pipe.set_thresholds({"AGREEMENT": 1.01, "IN_SECTOR": 1.01, "REPRESENTS": 1.01})
        assert all(not d._.relations for d in predict_with_gold_entities(nlp, gold_docs))
        pipe.set_thresholds({"AGREEMENT": 0.0, "IN_SECTOR": 0.0, "REPRESENTS": 0.0})
        for doc in predict_with_gold_entities(nlp, gold_docs):
            assert len(doc._.relations) == len(contract_candidates(doc))
        with pytest.raises(ValueError):
            pipe.set_thresholds({"PARTNER": 0.5})
    finally:
        pipe.set_thresholds(saved)


def test_serialisation_keeps_predictions_and_thresholds(trained, gold_docs, tmp_path):
    nlp, _, _ = trained
    nlp.get_pipe("relation_extractor").set_thresholds({"IN_SECTOR": 0.35})
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.get_pipe("relation_extractor").thresholds["IN_SECTOR"] == pytest.approx(0.35)
    from_bytes = spacy.blank("en")
    from_bytes.add_pipe("relation_extractor", config=TINY_MODEL)
    from_bytes.from_bytes(nlp.to_bytes())
    for other in (loaded, from_bytes):
        for a_doc, b_doc in zip(predict_with_gold_entities(nlp, gold_docs), predict_with_gold_entities(other, gold_docs)):
            a, b = a_doc._.relations, b_doc._.relations
            assert [(r.head.start, r.child.start, r.label) for r in a] == [(r.head.start, r.child.start, r.label) for r in b]
            assert [r.score for r in a] == pytest.approx([r.score for r in b], abs=1e-5)


def test_relations_survive_docbin_and_to_bytes(gold_docs):
    doc = gold_docs[0]
    expected = [(r.head.text, r.child.text, r.label, r.head.label_) for r in doc._.relations]
    assert expected
    vocab = spacy.blank("en").vocab
    stored = DocBin(store_user_data=True, docs=[doc]).to_bytes()
    (from_docbin,) = DocBin().from_bytes(stored).get_docs(vocab)
    from_bytes = Doc(vocab).from_bytes(doc.to_bytes())
    for copy in (from_docbin, from_bytes):
        assert [(r.head.text, r.child.text, r.label, r.head.label_) for r in copy._.relations] == expected


def test_empty_and_entity_free_docs(trained):
    nlp, _, _ = trained
    pipe = nlp.get_pipe("relation_extractor")
    assert pipe(nlp.make_doc(""))._.relations == []
    assert pipe(nlp.make_doc("No names here at all."))._.relations == []
    docs = list(pipe.pipe([nlp.make_doc("Nothing."), nlp.make_doc("")]))
    assert [d._.relations for d in docs] == [[], []]
