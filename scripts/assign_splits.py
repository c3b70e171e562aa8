"""Assign new articles to train/dev/test, stratified by shape, in the split file.

Articles already in the file keep their split; the file only grows. Run it
after adding articles to seeds/ (the `all` workflow does, before convert).
"""
from collections import Counter
from pathlib import Path
from typing import List

import typer

from agreements.corpus.article import AnnotationError
from agreements.corpus.reading import read_corpus
from agreements.corpus.splits import SPLITS, assign_new, read_assignment
from agreements.files import write_text_atomic


def main(
    paths: List[Path] = typer.Argument(..., help="Seed files, JSONL files or folders of them."),
    assignment: Path = typer.Option(Path("seeds/splits.tsv"), "--splits", help="The split file (id<TAB>split), extended in place."),
):
    """Add a split for every article the split file lacks; never change an existing line."""
    import spacy

    try:
        articles = read_corpus(paths, spacy.blank("en").tokenizer)
        existing = read_assignment(assignment)
    except AnnotationError as err:
        typer.echo("\n".join(err.problems), err=True)
        typer.echo(f"✘ {len(err.problems)} problem(s); {assignment} was not changed.", err=True)
        raise typer.Exit(1)
    new = assign_new(articles, existing)
    if new:
        old_text = assignment.read_text(encoding="utf8") if assignment.exists() else "# article id<TAB>split: only ever appended to (scripts/assign_splits.py)\n"
        lines = "".join(f"{article_id}\t{split}\n" for article_id, split in new.items())
        write_text_atomic(assignment, old_text + lines)
    counts = Counter({**existing, **new}.values())
    typer.echo(f"✔ {len(new)} new article(s) assigned; " + ", ".join(f"{s} {counts[s]}" for s in SPLITS))


if __name__ == "__main__":
    typer.run(main)
