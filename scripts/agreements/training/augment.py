"""Name-swap augmentation: training articles with their names replaced by
other names of the same label, so the models learn from context and form,
not from the few hundred names our articles happen to use.

For each training example, with some probability, every COUNTRY, PERSON and
ORG entity whose mentions all have one form is renamed throughout the
article (all mentions, consistently), and entities, relations and offsets
follow. Entities written in several forms ("Paul Kagame" / "Kagame", "AfDB")
keep their names, since a swap would break the short forms. SECTOR is never
swapped: its words carry the meaning the relations depend on. Replacement
names come from the training corpus itself and, for COUNTRY, from pycountry.
"""
import random
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Sequence, Tuple

from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import registry

from agreements.corpus.conversion import load_docs
from agreements.pipeline.entities import cluster_in_text
from agreements.pipeline.relations import Relation
from agreements.pipeline.schema import COUNTRY, ORG, PERSON

SWAPPED_LABELS = (COUNTRY, PERSON, ORG)
Names = Dict[str, List[str]]


def corpus_names(path: str, vocab) -> Names:
    """Names per label in a .spacy corpus (sorted, so the choice is reproducible)."""
    found: Dict[str, set] = {label: set() for label in SWAPPED_LABELS}
    for doc in load_docs(Path(path), vocab):
        for ent in doc.ents:
            if ent.label_ in found and len(ent) > 0:
                found[ent.label_].add(ent.text)
    return {label: sorted(names) for label, names in found.items()}


def country_names() -> List[str]:
    import pycountry

    names = (getattr(c, "common_name", c.name) for c in pycountry.countries)
    return sorted(n for n in names if "," not in n and "(" not in n)


def swap_names(doc: Doc, names: Names, rng: random.Random) -> Tuple[str, List[Tuple[int, int, str]], List[tuple]]:
    """New text, entity char offsets and relations (char offsets) for `doc`."""
    ents = list(doc.ents)
    clusters = cluster_in_text(doc.text, [(e.start_char, e.end_char, e.label_) for e in ents])
    forms: Dict[int, set] = {}
    for ent, cid in zip(ents, clusters):
        forms.setdefault(cid, set()).add(ent.text)
    new_name: Dict[int, str] = {}
    # Two entities must not end up with one name (an agreement of a country
    # with itself), so names already in the article or given out are skipped.
    taken = {ent.text for ent in ents}
    for ent, cid in zip(ents, clusters):
        if cid in new_name or ent.label_ not in SWAPPED_LABELS or len(forms[cid]) > 1:
            continue
        pool = [name for name in names.get(ent.label_) or [] if name not in taken]
        if pool:
            new_name[cid] = rng.choice(pool)
            taken.add(new_name[cid])
    pieces: List[str] = []
    offsets: Dict[Tuple[int, int], Tuple[int, int]] = {}
    cursor, length = 0, 0
    for ent, cid in zip(ents, clusters):
        before = doc.text[cursor : ent.start_char]
        surface = new_name.get(cid, ent.text)
        pieces += [before, surface]
        start = length + len(before)
        offsets[(ent.start_char, ent.end_char)] = (start, start + len(surface))
        length = start + len(surface)
        cursor = ent.end_char
    pieces.append(doc.text[cursor:])
    new_ents = [(*offsets[(e.start_char, e.end_char)], e.label_) for e in ents]
    new_rels = [
        (offsets[(r.head.start_char, r.head.end_char)], offsets[(r.child.start_char, r.child.end_char)], r.label)
        for r in doc._.relations
    ]
    return "".join(pieces), new_ents, new_rels


def _rebuilt_example(nlp, text: str, ents: Sequence[Tuple[int, int, str]], rels: Sequence[tuple]):
    reference = nlp.make_doc(text)
    spans = {(s, e): reference.char_span(s, e, label=label) for s, e, label in ents}
    if any(span is None for span in spans.values()):
        return None  # a new name split a token differently; keep the original
    reference.ents = sorted(spans.values(), key=lambda span: span.start)
    reference._.relations = [Relation(spans[h], spans[c], label) for h, c, label in rels]
    return Example(nlp.make_doc(text), reference)


@registry.augmenters("agreements.name_swap.v1")
def make_name_swap(corpus: str, probability: float = 0.5) -> Callable[..., Iterator[Example]]:
    """Yield each example, and with `probability` also a renamed copy of it."""
    state: Dict[str, Names] = {}

    def augment(nlp, example: Example) -> Iterator[Example]:
        yield example
        if random.random() >= probability:
            return
        if "names" not in state:
            names = corpus_names(corpus, nlp.vocab)
            names[COUNTRY] = sorted(set(names[COUNTRY]) | set(country_names()))
            state["names"] = names
        text, ents, rels = swap_names(example.reference, state["names"], random.Random(random.random()))
        swapped = _rebuilt_example(nlp, text, ents, rels)
        if swapped is not None:
            yield swapped

    return augment
