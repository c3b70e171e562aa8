"""Choose the relation extractor's per-label thresholds on dev and save a
copy of the pipeline that uses them."""
import shutil
from pathlib import Path

import typer


def main(
    model: Path = typer.Argument(..., help="Trained pipeline folder (e.g. training/cpu/model-best)."),
    dev: Path = typer.Argument(..., help="Dev corpus (.spacy). Never the test split."),
    output: Path = typer.Argument(..., help="Where to write the calibrated pipeline."),
):
    """Tune thresholds on the dev split (article-level F per label)."""
    import spacy

    import agreements  # noqa: F401
    from agreements.calibration import tune_thresholds
    from agreements.corpus import load_docs

    nlp = spacy.load(model)
    try:
        docs = load_docs(dev, nlp.vocab)
    except FileNotFoundError as err:
        typer.echo(f"✘ {err}", err=True)
        raise typer.Exit(1)
    thresholds = tune_thresholds(nlp, docs)
    nlp.get_pipe("relation_extractor").set_thresholds(thresholds)
    tmp = output.with_name(output.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    nlp.to_disk(tmp)
    shutil.rmtree(output, ignore_errors=True)
    tmp.rename(output)
    typer.echo("Thresholds chosen on dev: " + ", ".join(f"{k} {v:.2f}" for k, v in thresholds.items()))
    typer.echo(f"✔ saved {output}")


if __name__ == "__main__":
    typer.run(main)
