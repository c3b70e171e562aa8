"""The `relation_extractor` pipeline component.

It scores every candidate pair of entities that the contract allows (see
candidates.py) and writes the pairs above the label's threshold to
`doc._.relations`. At prediction time it reads the entities in `doc.ents`
(those that `ner` predicted); in training it reads the gold entities, so that
it learns relations, not the recogniser's mistakes.
"""
from itertools import islice
from typing import Callable, Dict, Iterable, List, Optional, Tuple

import numpy
from spacy.language import Language
from spacy.pipeline import TrainablePipe
from spacy.tokens import Doc
from spacy.training import Example, validate_get_examples
from spacy.vocab import Vocab
from thinc.api import Config, Model, Optimizer, set_dropout_rate

from agreements.pipeline.candidates import Candidate
from agreements.pipeline.relations import Relation
from agreements.pipeline.schema import RELATION_LABELS, relation_key
from agreements.pipeline.thresholds import DEFAULT_THRESHOLDS, check_thresholds, is_related

DEFAULT_MODEL = Config().from_str(
    """
[model]
@architectures = "agreements.EntityPairClassifier.v1"
hidden_width = 128
dropout = 0.1

[model.tok2vec]
@architectures = "spacy.HashEmbedCNN.v2"
pretrained_vectors = null
width = 96
depth = 2
embed_size = 2000
window_size = 1
maxout_pieces = 3
subword_features = true
"""
)["model"]


@Language.factory(
    "relation_extractor",
    assigns=["doc._.relations"],
    requires=["doc.ents"],
    default_config={
        "model": DEFAULT_MODEL,
        "candidates": {"@misc": "agreements.contract_candidates.v1"},
        "thresholds": DEFAULT_THRESHOLDS,
        "positive_weight": 1.0,
        "scorer": {"@scorers": "agreements.relation_scorer.v1"},
    },
    default_score_weights={"rel_article_f": 1.0, "rel_article_p": 0.0, "rel_article_r": 0.0, "rel_mention_f": 0.0},
)
def make_relation_extractor(
    nlp: Language, name: str, model: Model, candidates: Callable[[Doc], List[Candidate]],
    thresholds: Dict[str, float], positive_weight: float, scorer: Optional[Callable],
) -> "RelationExtractor":
    return RelationExtractor(nlp.vocab, model, name, candidates=candidates, thresholds=thresholds,
                             positive_weight=positive_weight, scorer=scorer)


class RelationExtractor(TrainablePipe):
    def __init__(self, vocab: Vocab, model: Model, name: str = "relation_extractor", *,
                 candidates: Callable[[Doc], List[Candidate]], thresholds: Optional[Dict[str, float]] = None,
                 positive_weight: float = 1.0, scorer: Optional[Callable] = None):
        self.vocab = vocab
        self.model = model
        self.name = name
        self.candidates = candidates
        self.scorer = scorer
        # Most candidate pairs are unrelated; weighting the few positives up
        # trades precision for recall in training (thresholds are set later).
        self.positive_weight = positive_weight
        # cfg travels with the component's weights (to_disk, to_bytes); the
        # config's thresholds are the starting values, and calibration writes
        # the chosen ones into both (thresholds.apply_thresholds).
        self.cfg = {"labels": list(RELATION_LABELS),
                    "thresholds": {**DEFAULT_THRESHOLDS, **check_thresholds(thresholds or {})}}

    @property
    def labels(self) -> Tuple[str, ...]:
        return tuple(self.cfg["labels"])

    @property
    def thresholds(self) -> Dict[str, float]:
        return dict(self.cfg["thresholds"])

    def set_thresholds(self, thresholds: Dict[str, float]) -> None:
        """Change thresholds (saved with the component); to show them in the
        pipeline's config.cfg too, use `thresholds.apply_thresholds(nlp, ...)`."""
        self.cfg["thresholds"] = {**self.cfg["thresholds"], **check_thresholds(thresholds)}

    # ------------------------------------------------------------ prediction

    def predict(self, docs: Iterable[Doc]):
        docs = list(docs)
        candidates = [self.candidates(doc) for doc in docs]
        logits = self.model.predict((docs, candidates))
        return candidates, [self._probabilities(l, c) for l, c in zip(logits, candidates)]

    def _probabilities(self, logits, candidates: List[Candidate]) -> numpy.ndarray:
        """Probability of each candidate's own (contract-allowed) label."""
        logits = self.model.ops.to_numpy(logits)
        columns = [self.labels.index(c.label) for c in candidates]
        chosen = logits[numpy.arange(len(candidates)), columns] if candidates else numpy.zeros(0)
        return _sigmoid(chosen)

    def set_annotations(self, docs: Iterable[Doc], predictions) -> None:
        candidates, probabilities = predictions
        for doc, doc_candidates, probs in zip(docs, candidates, probabilities):
            doc._.relations = [
                Relation(c.head.mentions[0], c.child.mentions[0], c.label, float(p))
                for c, p in zip(doc_candidates, probs)
                if is_related(p, self.cfg["thresholds"][c.label])
            ]

    # -------------------------------------------------------------- training

    def update(self, examples: Iterable[Example], *, drop: float = 0.0,
               sgd: Optional[Optimizer] = None, losses: Optional[Dict[str, float]] = None):
        losses = {} if losses is None else losses
        losses.setdefault(self.name, 0.0)
        examples = list(examples)
        docs = [with_gold_entities(eg) for eg in examples]
        candidates = [self.candidates(doc) for doc in docs]
        if not any(candidates):
            return losses
        set_dropout_rate(self.model, drop)
        logits, backprop = self.model.begin_update((docs, candidates))
        loss, gradients = self.get_loss(examples, logits, candidates)
        backprop(gradients)
        if sgd is not None:
            self.finish_update(sgd)
        losses[self.name] += loss
        return losses

    def get_loss(self, examples: Iterable[Example], logits, candidates=None):
        """Binary cross-entropy on each candidate's allowed label only, positives
        weighted by `positive_weight`."""
        ops = self.model.ops
        total, gradients = 0.0, []
        for eg, doc_logits, doc_candidates in zip(examples, logits, candidates):
            truth = gold_targets(eg.reference, doc_candidates)
            mask = numpy.zeros((len(doc_candidates), len(self.labels)), dtype="f")
            target = numpy.zeros_like(mask)
            for i, c in enumerate(doc_candidates):
                col = self.labels.index(c.label)
                mask[i, col] = 1.0
                target[i, col] = truth[i]
            weight = mask * (1.0 + (self.positive_weight - 1.0) * target)
            probs = _sigmoid(ops.to_numpy(doc_logits))
            gradients.append(ops.asarray2f((probs - target) * weight))
            eps = 1e-7
            total += float(-(weight * (target * numpy.log(probs + eps) + (1 - target) * numpy.log(1 - probs + eps))).sum())
        return total, gradients

    def initialize(self, get_examples: Callable[[], Iterable[Example]], *, nlp: Optional[Language] = None,
                   labels=None) -> None:
        validate_get_examples(get_examples, "RelationExtractor.initialize")
        docs = [with_gold_entities(eg) for eg in islice(get_examples(), 10)]
        self.model.initialize(X=(docs, [self.candidates(doc) for doc in docs]))

    def add_label(self, label: str) -> int:
        raise NotImplementedError("The relation labels are fixed by the annotation contract (schema.py).")


def _sigmoid(logits: numpy.ndarray) -> numpy.ndarray:
    # Clipped: exp overflows past |x| ~ 88 in float32, where the value is 0 or 1 anyway.
    return 1.0 / (1.0 + numpy.exp(-numpy.clip(logits, -50.0, 50.0)))


def with_gold_entities(example: Example) -> Doc:
    """The example's predicted doc, carrying the reference's entities."""
    doc = example.predicted
    spans = [doc.char_span(e.start_char, e.end_char, label=e.label_) for e in example.reference.ents]
    doc.ents = [s for s in spans if s is not None]
    return doc


def gold_targets(reference: Doc, candidates: List[Candidate]) -> List[float]:
    """1.0 for each candidate pair that some gold relation links, else 0.0."""
    gold = {
        relation_key(rel.label, (rel.head.start_char, rel.head.end_char), (rel.child.start_char, rel.child.end_char))
        for rel in reference._.relations
    }
    targets = []
    for cand in candidates:
        found = any(
            relation_key(cand.label, (h.start_char, h.end_char), (c.start_char, c.end_char)) in gold
            for h in cand.head.mentions
            for c in cand.child.mentions
        )
        targets.append(1.0 if found else 0.0)
    return targets
