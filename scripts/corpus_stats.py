"""Write corpus statistics (overall and per split) as Markdown."""
from pathlib import Path
from typing import List

import typer

from agreements.annotations import AnnotationError, read_corpus
from agreements.statistics import statistics_markdown


def main(
    paths: List[Path] = typer.Argument(..., help="Seed files, JSONL files or folders of them."),
    output: Path = typer.Option(Path("docs/corpus-statistics.md"), "--output", "-o", help="Markdown file to write."),
):
    """Articles, words, mentions and relations per label, distinct countries,
    organisations and sectors, share of hard cases, for the corpus and each split."""
    import spacy

    try:
        articles = read_corpus(paths, spacy.blank("en").tokenizer)
    except AnnotationError as err:
        typer.echo("\n".join(err.problems), err=True)
        raise typer.Exit(1)
    markdown = statistics_markdown(articles)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(markdown, encoding="utf8")
    typer.echo(markdown)


if __name__ == "__main__":
    typer.run(main)
