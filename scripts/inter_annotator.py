"""Agreement between the corpus and a second, independent annotation pass."""
from pathlib import Path

import typer


def main(
    first: Path = typer.Argument(Path("seeds"), help="First pass (the corpus)."),
    second: Path = typer.Argument(Path("docs/iaa/second-pass"), help="Second pass: seed files of a subset."),
    output: Path = typer.Option(Path("docs/iaa/agreement.md"), "--output", "-o", help="Markdown table to write."),
    disagreements: Path = typer.Option(Path("docs/iaa/disagreements.tsv"), help="Every disagreement, one per line."),
):
    """Entity and relation P/R/F per label of the second pass against the first."""
    import spacy

    from agreements.corpus.agreement_study import compare, markdown
    from agreements.corpus.article import AnnotationError
    from agreements.corpus.reading import read_corpus
    from agreements.files import write_text_atomic

    nlp = spacy.blank("en")
    try:
        result = compare(nlp, read_corpus([first], nlp.tokenizer), read_corpus([second], nlp.tokenizer))
    except (AnnotationError, ValueError) as err:
        typer.echo(str(err), err=True)
        raise typer.Exit(1)
    text = markdown(result)
    write_text_atomic(output, text)
    rows = ["article\twho\tkind\titem"] + ["\t".join(map(str, d)) for d in result["disagreements"]]
    write_text_atomic(disagreements, "\n".join(rows) + "\n")
    typer.echo(text)
    typer.echo(f"{len(result['disagreements'])} disagreements written to {disagreements}")


if __name__ == "__main__":
    typer.run(main)
