"""Check that a second annotation pass kept each article's text unchanged
(the agreement study compares spans by character offsets)."""
from pathlib import Path

import typer

from agreements.corpus.article import AnnotationError
from agreements.corpus.reading import read_path


def main(
    plain: Path = typer.Argument(..., help="Folder of the plain texts given to the annotator (seed format, no marks)."),
    annotated: Path = typer.Argument(..., help="Folder of the annotator's seed files."),
):
    """Print each annotated article whose text differs from its plain text; exit 1 if any."""
    try:
        given = {a.id: a.text for a in read_path(plain)}
        done = read_path(annotated)
    except AnnotationError as err:
        typer.echo("\n".join(err.problems), err=True)
        raise typer.Exit(1)
    bad = 0
    for article in done:
        original = given.get(article.id)
        if original is None:
            typer.echo(f"✘ {article.origin}: no plain text with id {article.id!r} in {plain}")
            bad += 1
        elif original != article.text:
            at = next((i for i, (a, b) in enumerate(zip(original, article.text)) if a != b), min(len(original), len(article.text)))
            typer.echo(f"✘ {article.origin}: text differs from the plain text at character {at}: "
                       f"{original[at:at + 30]!r} vs {article.text[at:at + 30]!r}")
            bad += 1
    typer.echo(f"{len(done) - bad} of {len(done)} annotated articles keep their text")
    if bad:
        raise typer.Exit(1)


if __name__ == "__main__":
    typer.run(main)
