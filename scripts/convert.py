"""Convert annotated articles (seed files and/or annotation-tool JSONL) into
corpus/train.spacy, dev.spacy and test.spacy, split by article, and the raw
texts of each split as corpus/<split>-texts.jsonl (input for extract.py)."""
import json
from contextlib import ExitStack
from pathlib import Path
from typing import List, Optional

import typer

from agreements.corpus.article import AnnotationError
from agreements.corpus.conversion import article_to_doc, docbin, missing_labels
from agreements.corpus.reading import read_corpus
from agreements.corpus.splits import SPLITS, split_articles
from agreements.files import atomic_output, atomic_path


def main(
    inputs: List[Path] = typer.Argument(..., help="Seed files, .jsonl files or folders of them."),
    output_dir: Path = typer.Option(Path("corpus"), "--output", "-o", help="Folder for the .spacy files."),
    splits_file: Optional[Path] = typer.Option(None, "--splits", help="Split file (id<TAB>split) that assigns every article; without it, a hash of the id with the shares below."),
    dev_share: float = typer.Option(0.1, help="Share of articles for dev (hash split only)."),
    test_share: float = typer.Option(0.1, help="Share of articles for test (hash split only)."),
):
    """Check every article, then write the three splits. On any problem, print
    every problem (file, line, article) and write nothing."""
    import spacy

    nlp = spacy.blank("en")
    try:
        articles = read_corpus(inputs, nlp.tokenizer)
        if not articles:
            raise AnnotationError([f"{', '.join(map(str, inputs))}: no articles found (.txt seed files or .jsonl)"])
        splits = split_articles(articles, splits_file, dev_share, test_share)
    except AnnotationError as err:
        typer.echo("\n".join(err.problems), err=True)
        typer.echo(f"✘ {len(err.problems)} problem(s); nothing was written.", err=True)
        raise typer.Exit(1)
    # Every output is staged; all six replace the old ones only if all were written.
    with ExitStack() as stack:
        for name in SPLITS:
            docs = [article_to_doc(nlp, a) for a in splits[name]]
            docbin(docs).to_disk(stack.enter_context(atomic_path(output_dir / f"{name}.spacy")))
            texts = stack.enter_context(atomic_output(output_dir / f"{name}-texts.jsonl"))
            for article in splits[name]:
                texts.write(json.dumps({"id": article.id, "text": article.text}, ensure_ascii=False) + "\n")
            typer.echo(f"{name}: {len(docs)} articles, {sum(len(d.ents) for d in docs)} entities, "
                       f"{sum(len(d._.relations) for d in docs)} relations")
    for name in SPLITS:
        missing = missing_labels(splits[name])
        if missing:
            typer.echo(f"⚠ {name} has no {', '.join(missing)}: add articles that have them", err=True)
    typer.echo(f"✔ wrote {', '.join(f'{n}.spacy' for n in SPLITS)} to {output_dir}")


if __name__ == "__main__":
    typer.run(main)
