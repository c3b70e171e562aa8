"""Render extraction records (JSONL from scripts/extract.py) as one HTML page."""
import json
import os
import tempfile
from pathlib import Path
from typing import List, Optional

import typer

from agreements.html_report import render_page


class RecordError(Exception):
    """A problem in the input file, with the file and line it is in."""


def read_records(path: Path, limit: Optional[int] = None) -> List[dict]:
    """The records in `path`, up to `limit`; blank lines are skipped."""
    if not path.is_file():
        raise RecordError(f"{path}: no such file")
    records: List[dict] = []
    with path.open("rb") as lines:  # bytes, so a decoding error has a line number too
        for number, raw in enumerate(lines, start=1):
            if limit is not None and len(records) >= limit:
                break
            if not raw.strip():
                continue
            try:
                record = json.loads(raw.decode("utf8"))
            except UnicodeDecodeError:
                raise RecordError(f"{path}:{number}: not UTF-8 text")
            except json.JSONDecodeError as err:
                raise RecordError(f"{path}:{number}: not valid JSON ({err.msg}, column {err.colno})")
            if not isinstance(record, dict):
                raise RecordError(f"{path}:{number}: expected a JSON object, got {type(record).__name__}")
            if not isinstance(record.get("text"), str):
                raise RecordError(f"{path}:{number}: record has no 'text' string")
            records.append(record)
    return records


def write_atomically(path: Path, text: str) -> None:
    """Write via a temp file in the same folder and `os.replace`, so a crash
    or Ctrl-C never leaves a half-written page where the old one was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf8") as out:
            out.write(text)
        os.replace(temp, path)
    except BaseException:
        os.unlink(temp)
        raise


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
        loaded = read_records(records, limit)
    except RecordError as err:
        typer.echo(f"✘ {err}", err=True)
        raise typer.Exit(1)
    write_atomically(output, render_page(loaded, title=title))
    typer.echo(f"✔ {len(loaded)} records → {output}")


if __name__ == "__main__":
    typer.run(main)
