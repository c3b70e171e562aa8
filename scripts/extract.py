"""Extract entities, relations and agreement records from articles.

    python scripts/extract.py MODEL INPUT --output records.jsonl [--csv agreements.csv]

MODEL is a trained pipeline folder (training/cpu/model-calibrated) or the name
of the installed package (en_agreements). INPUT is a folder of .txt files, a
JSONL file with a `text` field per line (other fields are kept), or '-' for
standard input (JSONL, or one plain-text article). Rerunning with the same
--output resumes where a stopped run left off.
"""
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from agreements.app.agreement_table import write_agreement_table
from agreements.app.inputs import ExtractionError, count_inputs, read_inputs
from agreements.app.extraction import check_n_process, extract_records, load_pipeline
from agreements.app.output_file import append_records, completed_ids, read_records, skip_completed


class Engine(str, Enum):
    local = "local"
    dask = "dask"


def main(
    model: str = typer.Argument(..., help="Pipeline folder or installed pipeline package name."),
    source: str = typer.Argument(..., help="Folder of .txt files, a .jsonl file, or '-' for standard input."),
    output: Path = typer.Option(..., "--output", "-o", help="JSONL file of records (resumed if it exists)."),
    csv: Optional[Path] = typer.Option(None, help="Also write the agreements table (one row per agreement) here."),
    batch_size: int = typer.Option(32, min=1, help="Articles per batch."),
    n_process: int = typer.Option(1, min=1, help="Processes for the local engine (nlp.pipe n_process)."),
    engine: Engine = typer.Option(Engine.local, help="'local' (this machine) or 'dask' (a Dask cluster)."),
    scheduler: Optional[str] = typer.Option(None, help="Dask scheduler address (default: a local cluster)."),
    dask_workers: int = typer.Option(2, min=1, help="Worker processes of the local Dask cluster."),
    overwrite: bool = typer.Option(False, help="Start the output afresh instead of resuming."),
):
    """Write one JSONL record per input article: entities, scored relations, agreements."""
    try:
        total = count_inputs(source)
        nlp = load_pipeline(model) if engine is Engine.local else None  # fail before touching the output
        if nlp is not None:
            check_n_process(nlp, n_process)
        if overwrite and output.exists():
            output.unlink()
        done = completed_ids(output)
        items = skip_completed(read_inputs(source), done, output)
        if engine is Engine.dask:
            from agreements.app.dask_engine import extract_records_dask

            records = extract_records_dask(model, items, batch_size, scheduler, dask_workers)
        else:
            records = extract_records(nlp, items, batch_size, n_process)
        if done:
            typer.echo(f"Resuming {output}: {len(done)} records already there", err=True)
        remaining = None if total is None else max(0, total - len(done))
        with typer.progressbar(records, length=remaining, label="Extracting", file=sys.stderr) as bar:
            written = append_records(bar, output)
        typer.echo(f"✔ {written} records written to {output} ({len(done) + written} in all)", err=True)
        if csv is not None:
            rows = write_agreement_table(read_records(output), csv)
            typer.echo(f"✔ {rows} agreements written to {csv}", err=True)
    except ExtractionError as err:
        typer.echo(f"✘ {err}", err=True)
        raise typer.Exit(1)


if __name__ == "__main__":
    typer.run(main)
