"""Which split (train, dev, test) each article belongs to.

The assignment is recorded in a file (`seeds/splits.tsv`, `id<TAB>split`)
that only ever grows: an article, once assigned, never moves between splits,
so scores on dev and test stay comparable as the corpus grows. New articles
are assigned by `assign_new`, stratified by shape (shapes.py), so that every
hard shape is present in dev and test. The first 301 articles were assigned
by a hash of their id (`hash_split`), which is kept for them and for corpora
without an assignment file (tests, quick experiments).
"""
import hashlib
from pathlib import Path
from typing import Dict, List, Sequence

from agreements.corpus.article import AnnotationError, Article
from agreements.corpus.shapes import primary_shape

SPLITS = ("train", "dev", "test")
# Of every 20 new articles of one shape, positions 0, 7, 14 go to test and
# 3, 10, 17 to dev: 15% each, spread over the hash order.
CYCLE = 20
TEST_POSITIONS = {0, 7, 14}
DEV_POSITIONS = {3, 10, 17}


def _position(article_id: str) -> float:
    return int(hashlib.sha1(article_id.encode("utf8")).hexdigest()[:8], 16) / 0xFFFFFFFF


def hash_split(article_id: str, dev_share: float = 0.1, test_share: float = 0.1) -> str:
    position = _position(article_id)
    if position < test_share:
        return "test"
    return "dev" if position < test_share + dev_share else "train"


def split_by_hash(articles: Sequence[Article], dev_share: float = 0.1, test_share: float = 0.1) -> Dict[str, List[Article]]:
    result: Dict[str, List[Article]] = {name: [] for name in SPLITS}
    for article in articles:
        result[hash_split(article.id, dev_share, test_share)].append(article)
    return result


def read_assignment(path: Path) -> Dict[str, str]:
    """`id<TAB>split` lines ('#' comments); AnnotationError names each bad line."""
    assignment: Dict[str, str] = {}
    problems = []
    if not path.exists():
        return assignment
    for n, line in enumerate(path.read_text(encoding="utf8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        article_id, _, split = line.partition("\t")
        if split.strip() not in SPLITS:
            problems.append(f"{path}:{n}: expected 'id<TAB>split' with split one of {', '.join(SPLITS)}: {line!r}")
        elif article_id in assignment:
            problems.append(f"{path}:{n}: article {article_id!r} is assigned twice")
        else:
            assignment[article_id] = split.strip()
    if problems:
        raise AnnotationError(problems)
    return assignment


def assign_new(articles: Sequence[Article], assignment: Dict[str, str]) -> Dict[str, str]:
    """Splits for the articles that `assignment` lacks, stratified by primary shape."""
    by_shape: Dict[str, List[Article]] = {}
    for article in articles:
        if article.id not in assignment:
            by_shape.setdefault(primary_shape(article), []).append(article)
    new: Dict[str, str] = {}
    for shape in sorted(by_shape):
        for i, article in enumerate(sorted(by_shape[shape], key=lambda a: (_position(a.id), a.id))):
            slot = i % CYCLE
            new[article.id] = "test" if slot in TEST_POSITIONS else "dev" if slot in DEV_POSITIONS else "train"
    return new


def split_by_assignment(articles: Sequence[Article], assignment: Dict[str, str], path: Path) -> Dict[str, List[Article]]:
    """The articles by their recorded split; AnnotationError lists any article the file lacks."""
    missing = [a for a in articles if a.id not in assignment]
    if missing:
        raise AnnotationError(
            [f"{a.origin}: article {a.id!r} has no split in {path}" for a in missing]
            + [f"run `spacy project run assign-splits` (python scripts/assign_splits.py) to assign the {len(missing)} new article(s)"]
        )
    result: Dict[str, List[Article]] = {name: [] for name in SPLITS}
    for article in articles:
        result[assignment[article.id]].append(article)
    return result


def split_articles(articles: Sequence[Article], assignment_path: Path = None,
                   dev_share: float = 0.1, test_share: float = 0.1) -> Dict[str, List[Article]]:
    """By the assignment file when one is given, else by hash."""
    if assignment_path is None:
        return split_by_hash(articles, dev_share, test_share)
    return split_by_assignment(articles, read_assignment(assignment_path), assignment_path)
