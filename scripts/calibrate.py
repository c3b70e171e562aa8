"""Choose the relation extractor's per-label thresholds on dev and save a
copy of the pipeline that uses them."""
from pathlib import Path

import typer


def main(
    model: Path = typer.Argument(..., help="Trained pipeline folder (e.g. training/cpu/model-best)."),
    dev: Path = typer.Argument(..., help="Dev corpus (.spacy). Never the test split."),
    output: Path = typer.Argument(..., help="Where to write the calibrated pipeline."),
):
    """Tune thresholds on the dev split (article-level F per label); the saved
    pipeline's config.cfg shows them (section components.relation_extractor.thresholds)."""
    import spacy

    from agreements.corpus.conversion import load_docs
    from agreements.files import atomic_path
    from agreements.pipeline.thresholds import apply_thresholds
    from agreements.training.calibration import tune_thresholds

    nlp = spacy.load(model)
    try:
        docs = load_docs(dev, nlp.vocab)
    except FileNotFoundError as err:
        typer.echo(f"✘ {err}", err=True)
        raise typer.Exit(1)
    thresholds = tune_thresholds(nlp, docs)
    apply_thresholds(nlp, thresholds)  # shown in config.cfg too
    with atomic_path(output) as folder:
        nlp.to_disk(folder)
    typer.echo("Thresholds chosen on dev: " + ", ".join(f"{k} {v:.2f}" for k, v in thresholds.items()))
    typer.echo(f"✔ saved {output}")


if __name__ == "__main__":
    typer.run(main)
