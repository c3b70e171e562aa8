"""Write the evaluation report (JSON and Markdown) for a trained pipeline."""
import json
from pathlib import Path
from typing import List

import typer


def main(
    model: Path = typer.Argument(..., help="Trained pipeline folder."),
    splits: List[Path] = typer.Argument(..., help=".spacy files to evaluate, e.g. corpus/dev.spacy corpus/test.spacy"),
    output: Path = typer.Option(Path("training/evaluation"), "--output", "-o", help="Folder for report.json and report.md."),
):
    """NER P/R/F per label; relation P/R/F per label at mention and article level,
    end to end and with gold entities, next to a keyword baseline; and, per split,
    errors-<split>.md: each article's missed and invented relations with their sentence."""
    import spacy

    from agreements.corpus.conversion import load_docs
    from agreements.files import write_text_atomic
    from agreements.training.evaluation import evaluate_split, report_markdown

    nlp = spacy.load(model)
    report = {"pipeline": str(model), "thresholds": nlp.get_pipe("relation_extractor").thresholds, "splits": {}}
    for path in splits:
        try:
            docs = load_docs(path, nlp.vocab)
        except FileNotFoundError as err:
            typer.echo(f"✘ {err}", err=True)
            raise typer.Exit(1)
        typer.echo(f"Evaluating {path} ({len(docs)} articles)")
        result = evaluate_split(nlp, docs, path.stem)
        write_text_atomic(output / f"errors-{path.stem}.md", result.pop("errors_markdown"))
        report["splits"][path.stem] = result
    write_text_atomic(output / "report.json", json.dumps(report, indent=2))
    markdown = report_markdown(report)
    write_text_atomic(output / "report.md", markdown)
    typer.echo(markdown)


if __name__ == "__main__":
    typer.run(main)
