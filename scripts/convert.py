"""Convert annotated articles (seed files and/or annotation-tool JSONL) into
corpus/train.spacy, dev.spacy and test.spacy, split by article, and the raw
texts of each split as corpus/<split>-texts.jsonl (input for extract.py)."""
import json
import tempfile
from pathlib import Path
from typing import List

import typer

from agreements.annotations import AnnotationError, read_corpus
from agreements.corpus import SPLITS, article_to_doc, docbin, missing_labels, split_articles


def main(
    inputs: List[Path] = typer.Argument(..., help="Seed files, .jsonl files or folders of them."),
    output_dir: Path = typer.Option(Path("corpus"), "--output", "-o", help="Folder for the .spacy files."),
    dev_share: float = typer.Option(0.1, help="Share of articles for dev."),
    test_share: float = typer.Option(0.1, help="Share of articles for test."),
):
    """Check every article, then write the three splits. On any problem, print
    every problem (file, line, article) and write nothing."""
    import spacy
    import agreements  # noqa: F401  (registers doc._.relations)

    nlp = spacy.blank("en")
    try:
        articles = read_corpus(inputs, nlp.tokenizer)
    except AnnotationError as err:
        typer.echo("\n".join(err.problems), err=True)
        typer.echo(f"✘ {len(err.problems)} problem(s); nothing was written.", err=True)
        raise typer.Exit(1)
    splits = split_articles(articles, dev_share, test_share)
    output_dir.mkdir(parents=True, exist_ok=True)
    # Write to temporary files first so that a failure leaves no partial corpus.
    staged = []
    try:
        for name in SPLITS:
            docs = [article_to_doc(nlp, a) for a in splits[name]]
            tmp = tempfile.NamedTemporaryFile(dir=output_dir, suffix=".tmp", delete=False)
            tmp.close()
            docbin(docs).to_disk(tmp.name)
            staged.append((Path(tmp.name), output_dir / f"{name}.spacy"))
            with tempfile.NamedTemporaryFile("w", encoding="utf8", dir=output_dir, suffix=".tmp", delete=False) as texts:
                for article in splits[name]:
                    texts.write(json.dumps({"id": article.id, "text": article.text}, ensure_ascii=False) + "\n")
            staged.append((Path(texts.name), output_dir / f"{name}-texts.jsonl"))
            typer.echo(f"{name}: {len(docs)} articles, {sum(len(d.ents) for d in docs)} entities, "
                       f"{sum(len(d._.relations) for d in docs)} relations")
        for tmp, final in staged:
            tmp.replace(final)
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
    for name in SPLITS:
        missing = missing_labels(splits[name])
        if missing:
            typer.echo(f"⚠ {name} has no {', '.join(missing)}: add articles that have them", err=True)
    typer.echo(f"✔ wrote {', '.join(f'{n}.spacy' for n in SPLITS)} to {output_dir}")


if __name__ == "__main__":
    typer.run(main)
