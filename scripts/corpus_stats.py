"""Write corpus statistics (overall and per split) as Markdown."""
from pathlib import Path
from typing import List, Optional

import typer

from agreements.corpus.article import AnnotationError
from agreements.corpus.corpus_statistics import statistics_markdown
from agreements.corpus.reading import read_corpus
from agreements.files import write_text_atomic


def main(
    paths: List[Path] = typer.Argument(..., help="Seed files, JSONL files or folders of them."),
    output: Path = typer.Option(Path("docs/corpus-statistics.md"), "--output", "-o", help="Markdown file to write."),
    splits_file: Optional[Path] = typer.Option(None, "--splits", help="Split file (id<TAB>split); without it, a hash of the id."),
):
    """Articles, words, mentions and relations per label, distinct countries,
    organisations and sectors, share of hard cases, for the corpus and each split."""
    import spacy

    try:
        articles = read_corpus(paths, spacy.blank("en").tokenizer)
        markdown = statistics_markdown(articles, splits_file)
    except AnnotationError as err:
        typer.echo("\n".join(err.problems), err=True)
        raise typer.Exit(1)
    write_text_atomic(output, markdown)
    typer.echo(markdown)


if __name__ == "__main__":
    typer.run(main)
