"""Brown clusters from spacy-lookups-data reach the tok2vec as features."""
import pytest
import spacy

from agreements.pipeline.clusters import PREFIX_BITS, TABLE, build_cluster_aware_embed, cluster_features, load_brown_clusters


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.vocab.lookups = load_brown_clusters("en")
    return nlp


def test_unseen_names_share_clusters_with_known_ones(nlp):
    table = nlp.vocab.lookups.get_table(TABLE)
    assert len(table) > 100_000 and 0 not in set(table.values())
    doc = nlp("Peru and Chile signed it; Xqzzyville did not.")
    features = cluster_features(doc)
    assert features.shape == (len(doc), len(PREFIX_BITS))
    assert features[0].tolist() == features[2].tolist() and features[0, 0] > 0  # Peru, Chile
    assert doc[6].text == "Xqzzyville" and features[6].tolist() == [0] * len(PREFIX_BITS)  # no cluster
    # Coarser prefixes group more words: "Peru" and "signed" differ in full
    # but may share an ancestor; a prefix is never larger than the cluster.
    assert all(features[i, 1] <= features[i, 0] for i in range(len(doc)))


def test_embedding_trains_and_needs_no_table_at_prediction(nlp):
    model = build_cluster_aware_embed(16, ["NORM", "PREFIX", "SUFFIX", "SHAPE"], [100, 50, 50, 50],
                                      cluster_rows=50, cluster_width=8)
    docs = [nlp("Peru and Chile signed a copper deal."), nlp("Kenya.")]
    model.initialize(X=docs)
    vectors, backprop = model.begin_update(docs)
    assert [v.shape for v in vectors] == [(len(d), 16) for d in docs]
    backprop([v * 0 + 1 for v in vectors])
    blank = spacy.blank("en")  # no cluster table: cluster features are all 0
    assert model.predict([blank("Peru.")])[0].shape == (2, 16)
