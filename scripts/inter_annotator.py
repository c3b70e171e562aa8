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

    import agreements  # noqa: F401
    from agreements.agreement_study import compare, markdown
    from agreements.annotations import AnnotationError, read_corpus

    nlp = spacy.blank("en")
    try:
        result = compare(nlp, read_corpus([first], nlp.tokenizer), read_corpus([second], nlp.tokenizer))
    except (AnnotationError, ValueError) as err:
        typer.echo(str(err), err=True)
        raise typer.Exit(1)
    text = markdown(result)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf8")
    rows = ["article\twho\tkind\titem"] + ["\t".join(map(str, d)) for d in result["disagreements"]]
    disagreements.write_text("\n".join(rows) + "\n", encoding="utf8")
    typer.echo(text)
    typer.echo(f"{len(result['disagreements'])} disagreements written to {disagreements}")


if __name__ == "__main__":
    typer.run(main)
