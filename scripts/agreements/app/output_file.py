"""The extraction output file: JSONL that a stopped run resumes.

Records are written whole, one per line, in input order. On a rerun with the
same output, the records already there are kept, a last line cut off by the
stop is dropped, and the inputs already done are skipped after checking that
they are the same inputs (by id, in order), so nothing is lost or written twice.
"""
import json
from pathlib import Path
from typing import Iterable, Iterator, List, Optional

from agreements.app.inputs import ExtractionError, InputItem, decode_text_record


def completed_ids(path: Path) -> List[str]:
    """Ids of the complete records in `path`, after dropping a cut-off last line."""
    if not path.exists():
        return []
    if path.is_dir():
        raise ExtractionError(f"{path}: is a folder; --output must be a .jsonl file")
    ids: List[str] = []
    complete_bytes = 0
    with path.open("rb") as lines:
        for n, line in enumerate(lines, start=1):
            if not line.endswith(b"\n"):
                break  # cut off mid-write by a stopped run
            try:
                ids.append(str(json.loads(line)["id"]))
            except (ValueError, KeyError, TypeError):
                raise ExtractionError(
                    f"{path}:{n}: not an extraction record, so the run cannot resume into this file; "
                    "choose another --output or pass --overwrite"
                )
            complete_bytes += len(line)
    if complete_bytes < path.stat().st_size:
        with path.open("r+b") as out:
            out.truncate(complete_bytes)
    return ids


def skip_completed(items: Iterable[InputItem], done: List[str], output: Path) -> Iterator[InputItem]:
    """The items after the first len(done), checking those are the ones done."""
    n = 0
    for n, item in enumerate(items, start=1):
        if n <= len(done):
            if item.id != done[n - 1]:
                raise ExtractionError(
                    f"{output}: record {n} is {done[n - 1]!r} but input {n} is {item.id!r}: the file was "
                    "written from other input; choose another --output or pass --overwrite"
                )
            continue
        yield item
    if n < len(done):
        raise ExtractionError(
            f"{output}: holds {len(done)} records but the input has only {n}: the file was written "
            "from other input; choose another --output or pass --overwrite"
        )


def append_records(records: Iterable[dict], path: Path, flush_every: int = 16) -> int:
    """Append records as JSONL lines; return how many were written."""
    written = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
            if written % flush_every == 0:
                out.flush()
    return written


def read_records(path: Path, limit: Optional[int] = None) -> Iterator[dict]:
    """The records of an extraction output file (up to `limit`); a line that
    is not a record raises ExtractionError naming the file and line."""
    if not path.is_file():
        raise ExtractionError(f"{path}: no such file")
    read = 0
    with path.open("rb") as lines:  # bytes, so a decoding error has a line number too
        for number, raw in enumerate(lines, start=1):
            if limit is not None and read >= limit:
                return
            if not raw.strip():
                continue
            try:
                record = decode_text_record(raw)
            except ValueError as problem:
                raise ExtractionError(f"{path}:{number}: {problem}") from None
            read += 1
            yield record
