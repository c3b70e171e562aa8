"""Brown word clusters as an extra embedding input of the tok2vec.

Our corpus names a few hundred countries, people and organisations; the
articles the model will read name others. Brown clusters, learned from a
large English corpus and shipped by spaCy's `spacy-lookups-data` package,
put words used alike in one cluster ("Peru" and "Chile" share one), so a
name or sector word never seen in training still arrives with a known
cluster. The clusters are stored in the pipeline's vocab (lookups table
`lexeme_cluster`), so the packaged pipeline needs no extra package.
"""
import gzip
import json
from typing import List, Sequence

import numpy
from spacy.lookups import Lookups
from spacy.ml.models.tok2vec import MultiHashEmbed
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import HashEmbed, Maxout, Model, chain, concatenate, list2ragged, ragged2list, with_array
from thinc.types import Floats2d, Ints2d

TABLE = "lexeme_cluster"
# Each token gets its full cluster and two coarser ancestors (leading bits of
# the cluster's path in the Brown hierarchy).
PREFIX_BITS = (0, 4, 8)  # 0: the full cluster


@registry.misc("agreements.brown_clusters.v1")
def load_brown_clusters(lang: str = "en") -> Lookups:
    """The `lexeme_cluster` table of spacy-lookups-data, words in no cluster left out."""
    from importlib.resources import files

    data = files("spacy_lookups_data") / "data" / f"{lang}_{TABLE}.json.gz"
    with gzip.open(data, "rt", encoding="utf8") as raw:
        clusters = {word: cluster for word, cluster in json.load(raw).items() if cluster}
    lookups = Lookups()
    lookups.add_table(TABLE, clusters)
    return lookups


def cluster_features(doc: Doc) -> numpy.ndarray:
    """(n_tokens, len(PREFIX_BITS)) cluster ids of the tokens (0: no cluster)."""
    table = doc.vocab.lookups.get_table(TABLE) if doc.vocab.lookups.has_table(TABLE) else {}
    rows = numpy.zeros((len(doc), len(PREFIX_BITS)), dtype="uint64")
    for i, token in enumerate(doc):
        cluster = table.get(token.orth) or table.get(token.lower) or 0
        for j, bits in enumerate(PREFIX_BITS):
            rows[i, j] = cluster >> max(0, cluster.bit_length() - bits) if bits else cluster
    return rows


def ClusterFeatures() -> Model[List[Doc], List[Ints2d]]:
    def forward(model, docs: Sequence[Doc], is_train: bool):
        return [model.ops.asarray2i(cluster_features(doc), dtype="uint64") for doc in docs], lambda d: []

    return Model("cluster_features", forward)


@registry.architectures("agreements.ClusterAwareEmbed.v1")
def build_cluster_aware_embed(
    width: int, attrs: List[str], rows: List[int], cluster_rows: int = 2000, cluster_width: int = 32,
) -> Model[List[Doc], List[Floats2d]]:
    """spaCy's MultiHashEmbed over `attrs`, concatenated with hash embeddings
    of the Brown clusters, mixed back to `width` by a Maxout layer."""
    words = MultiHashEmbed(width=width, attrs=attrs, rows=rows, include_static_vectors=False)
    tables = [
        HashEmbed(cluster_width, cluster_rows, column=i, seed=101 + i, dropout=0.0)
        for i in range(len(PREFIX_BITS))
    ]
    clusters = chain(ClusterFeatures(), list2ragged(), with_array(concatenate(*tables)), ragged2list())
    mixed_width = width + cluster_width * len(PREFIX_BITS)
    return chain(
        concatenate(words, clusters),
        with_array(Maxout(width, mixed_width, nP=3, dropout=0.0, normalize=True)),
    )
