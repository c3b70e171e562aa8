"""The label schema of the annotation contract: one place for every label and type rule."""
from typing import Callable, Dict, FrozenSet, Optional, Tuple

COUNTRY = "COUNTRY"
PERSON = "PERSON"
ORG = "ORG"
SECTOR = "SECTOR"
ENTITY_LABELS: Tuple[str, ...] = (COUNTRY, PERSON, ORG, SECTOR)

AGREEMENT = "AGREEMENT"
IN_SECTOR = "IN_SECTOR"
REPRESENTS = "REPRESENTS"
RELATION_LABELS: Tuple[str, ...] = (AGREEMENT, IN_SECTOR, REPRESENTS)

PARTY_LABELS: FrozenSet[str] = frozenset({COUNTRY, ORG})

# (allowed head labels, allowed child labels) for each relation label.
ARGUMENT_TYPES: Dict[str, Tuple[FrozenSet[str], FrozenSet[str]]] = {
    AGREEMENT: (PARTY_LABELS, PARTY_LABELS),
    IN_SECTOR: (PARTY_LABELS, frozenset({SECTOR})),
    REPRESENTS: (frozenset({PERSON}), PARTY_LABELS),
}

# AGREEMENT links counterparties, so its argument order carries no meaning.
SYMMETRIC: FrozenSet[str] = frozenset({AGREEMENT})


def ordered_pair(relation: str, head, child, key: Callable = lambda argument: argument):
    """The two arguments in canonical order: as given, except that a symmetric
    relation's arguments are sorted (by `key`), so both orders compare equal."""
    if relation in SYMMETRIC and key(child) < key(head):
        return child, head
    return head, child


def relation_key(relation: str, head, child) -> tuple:
    """A hashable key for a relation, the same for both orders of a symmetric one."""
    return (relation, *ordered_pair(relation, head, child))


def allows(relation: str, head_label: str, child_label: str) -> bool:
    """Whether the contract allows `relation` between entities of these labels."""
    heads, children = ARGUMENT_TYPES[relation]
    return head_label in heads and child_label in children


def relation_for_types(head_label: str, child_label: str) -> Optional[str]:
    """The one relation label the contract allows for this ordered type pair, if any.

    The contract's type rules never overlap, so a typed pair has at most one
    possible relation; the candidate generator relies on this.
    """
    for relation in RELATION_LABELS:
        if allows(relation, head_label, child_label):
            return relation
    return None
