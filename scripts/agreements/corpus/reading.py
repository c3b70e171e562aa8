"""Reading a corpus (seed files, JSONL files or folders of them) and checking
that every article can be trained on. A corpus with any problem is rejected
whole (`AnnotationError`), every problem reported with file, line and article.
"""
from pathlib import Path
from typing import Callable, Dict, List, Sequence

from agreements.corpus.article import AnnotationError, Article
from agreements.corpus.jsonl_format import parse_jsonl_line
from agreements.corpus.seed_format import parse_seed
from agreements.pipeline.schema import allows


Tokenizer = Callable[[str], object]  # a spaCy tokenizer: text -> Doc


def check_article(article: Article, tokenizer: Tokenizer) -> List[str]:
    """Problems that make an article unusable for training, as messages."""
    where = f"{article.origin}: article {article.id!r}"
    problems = []
    ordered = sorted(article.spans)
    for a, b in zip(ordered, ordered[1:]):
        if b.start < a.end:
            problems.append(f"{where}: spans {a.text!r} ({a.label}) and {b.text!r} ({b.label}) overlap")
    doc = tokenizer(article.text)
    for s in ordered:
        if doc.char_span(s.start, s.end) is None:
            problems.append(
                f"{where}: span {s.text!r} ({s.label}) at {s.start}-{s.end} does not start and end "
                "on token boundaries"
            )
        if s.text != s.text.strip():
            problems.append(f"{where}: span {s.text!r} has leading or trailing whitespace")
    for r in article.relations:
        if not allows(r.label, r.head.label, r.child.label):
            problems.append(
                f"{where}: {r.label} cannot link {r.head.text!r} ({r.head.label}) to "
                f"{r.child.text!r} ({r.child.label})"
            )
    ids = article.entity_ids()
    cluster = {s: ids[i] for i, s in enumerate(article.spans)}
    for r in article.relations:
        if cluster.get(r.head) == cluster.get(r.child):
            problems.append(f"{where}: {r.label} links {r.head.text!r} to itself")
    return problems


def read_path(path: Path) -> List[Article]:
    """All articles in a seed file, a JSONL file or a folder of them (sorted)."""
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.suffix in (".txt", ".jsonl") and p.is_file())
    elif path.exists():
        files = [path]
    else:
        raise AnnotationError([f"{path}: no such file or folder"])
    articles: List[Article] = []
    problems: List[str] = []
    for file in files:
        try:
            content = file.read_text(encoding="utf8")
        except UnicodeDecodeError as err:
            problems.append(f"{file}: not UTF-8 text ({err.reason} at byte {err.start})")
            continue
        if file.suffix == ".jsonl":
            for n, line in enumerate(content.split("\n"), 1):
                if line.strip():
                    try:
                        articles.append(parse_jsonl_line(line, f"{file}:{n}"))
                    except AnnotationError as err:
                        problems.extend(err.problems)
        else:
            try:
                articles.append(parse_seed(content, str(file)))
            except AnnotationError as err:
                problems.extend(err.problems)
    if problems:
        raise AnnotationError(problems)
    return articles


def read_corpus(paths: Sequence[Path], tokenizer: Tokenizer) -> List[Article]:
    """Read and check every article; raise AnnotationError listing all problems."""
    articles: List[Article] = []
    problems: List[str] = []
    for path in paths:
        try:
            articles.extend(read_path(path))
        except AnnotationError as err:
            problems.extend(err.problems)
    seen: Dict[str, str] = {}
    for article in articles:
        if article.id in seen:
            problems.append(f"{article.origin}: duplicate article id {article.id!r} (also in {seen[article.id]})")
        seen.setdefault(article.id, article.origin)
        problems.extend(check_article(article, tokenizer))
    if problems:
        raise AnnotationError(problems)
    return articles
