"""Check the annotated corpus against the contract; exit 1 listing every problem."""
from pathlib import Path
from typing import List

import typer

from agreements.corpus.article import AnnotationError

from agreements.corpus.reading import read_corpus
from agreements.corpus.lint import lint, read_exceptions


def main(
    paths: List[Path] = typer.Argument(..., help="Seed files, JSONL files or folders of them."),
    exceptions: Path = typer.Option(Path("seeds/label-exceptions.tsv"), help="Names allowed several labels, with the reason."),
    org_names: Path = typer.Option(Path("seeds/org-name-exceptions.tsv"), help="Organisations whose names end like an event or facility, with the reason."),
):
    """Lint annotated articles: reading errors, missed mentions, span edges,
    label consistency across the corpus, near-duplicate articles, and the
    contract's settled cases (v1.1): document words annotated, official names
    split before "of COUNTRY", events and facilities annotated as ORG."""
    import spacy

    tokenizer = spacy.blank("en").tokenizer
    try:
        articles = read_corpus(paths, tokenizer)
    except AnnotationError as err:
        typer.echo("\n".join(err.problems), err=True)
        typer.echo(f"✘ {len(err.problems)} problem(s) reading the corpus", err=True)
        raise typer.Exit(1)
    problems = lint(articles, read_exceptions(exceptions), read_exceptions(org_names))
    if problems:
        typer.echo("\n".join(problems), err=True)
        typer.echo(f"✘ {len(problems)} problem(s) in {len(articles)} articles", err=True)
        raise typer.Exit(1)
    typer.echo(f"✔ {len(articles)} articles pass the linter")


if __name__ == "__main__":
    typer.run(main)
