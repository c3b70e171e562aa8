"""Render extraction records (JSONL from scripts/extract.py) as one HTML page."""
from pathlib import Path
from typing import Optional

import typer

from agreements.app.inputs import ExtractionError
from agreements.files import atomic_output
from agreements.app.html_report import render_page
from agreements.app.output_file import read_records


def main(
    records: Path = typer.Argument(..., help="JSONL file of extraction records, one article a line (scripts/extract.py output)."),
    output: Path = typer.Option(Path("report.html"), "--output", "-o", help="HTML file to write (replaced atomically)."),
    limit: Optional[int] = typer.Option(None, "--limit", "-n", min=1, help="Render only the first N records."),
    title: str = typer.Option("Extracted agreements", "--title", help="Page title and top heading."),
):
    """Write one self-contained HTML page (no JavaScript, no external files):
    a summary, then each article with its entities highlighted by displaCy,
    its relations and its agreement records. Articles with an `error` field
    show the error instead."""
    try:
        loaded = list(read_records(records, limit))
    except ExtractionError as err:
        typer.echo(f"✘ {err}", err=True)
        raise typer.Exit(1)
    with atomic_output(output) as page:
        page.write(render_page(loaded, title=title))
    typer.echo(f"✔ {len(loaded)} records → {output}")


if __name__ == "__main__":
    typer.run(main)
