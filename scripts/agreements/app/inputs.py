"""Reading the articles to extract from: a folder of .txt files, a JSONL file
(a `text` field per line; other fields are kept), or standard input.

Every input becomes one `InputItem`; an input that cannot be processed gets
an `error` instead of failing the run.
"""
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Dict, Iterable, Iterator, Optional

from agreements.app.text_checks import MAX_TEXT_BYTES, problem_with_text, too_large

# Output keys computed by the pipeline; same-named input fields are replaced.
OUTPUT_KEYS = ("text", "spans", "relations", "agreements", "error")


class ExtractionError(Exception):
    """A problem with the command's arguments or files, as a user message."""


@dataclass
class InputItem:
    id: str
    text: str
    fields: Dict[str, object] = field(default_factory=dict)  # other input fields, kept
    error: Optional[str] = None  # set when the item cannot be processed


def read_inputs(source: str, stdin: Optional[IO[bytes]] = None) -> Iterator[InputItem]:
    """Items from a folder of .txt files, a .jsonl file, or '-' (standard input).

    Standard input is JSONL when it starts with '{', else one plain-text article.
    """
    if source == "-":
        data = (stdin or sys.stdin.buffer).read()
        if data.lstrip()[:1] == b"{":
            yield from _jsonl_items(data.splitlines(), "stdin")
        else:
            yield _text_item("stdin", data, {})
        return
    path = Path(source)
    if path.is_dir():
        for file in sorted(p for p in path.rglob("*.txt") if p.is_file()):
            name = file.relative_to(path).with_suffix("").as_posix()
            yield _text_item(name, file.read_bytes(), {"file": file.relative_to(path).as_posix()})
    elif path.is_file():
        with path.open("rb") as lines:
            yield from _jsonl_items(lines, path.name)
    else:
        raise ExtractionError(f"{source}: no such file or folder")


def count_inputs(source: str) -> Optional[int]:
    """How many items `read_inputs` will yield (None for standard input)."""
    path = Path(source)
    if source == "-":
        return None
    if path.is_dir():
        return sum(1 for p in path.rglob("*.txt") if p.is_file())
    if not path.is_file():
        raise ExtractionError(f"{source}: no such file or folder")
    with path.open("rb") as lines:
        return sum(1 for line in lines if line.strip())


class BadTextRecord(ValueError):
    """A JSONL line that is not a usable text record; `record` is the decoded
    object when the line was a JSON object (so its own id can be kept)."""

    def __init__(self, message: str, record: Optional[dict] = None):
        super().__init__(message)
        self.record = record


def record_id(record: dict, default: str) -> str:
    """The record's own id (`id`, else `meta.id`), else `default`."""
    meta = record.get("meta") if isinstance(record.get("meta"), dict) else {}
    return str(record.get("id") or meta.get("id") or default)


def decode_text_record(raw: bytes) -> dict:
    """One JSONL line as an object with a `text` string; BadTextRecord (a
    ValueError) says what is wrong."""
    try:
        record = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise BadTextRecord("not UTF-8 text") from None
    except json.JSONDecodeError as err:
        raise BadTextRecord(f"not valid JSON ({err.msg} at column {err.colno})") from None
    if not isinstance(record, dict):
        raise BadTextRecord(f"expected a JSON object, got {type(record).__name__}")
    if not isinstance(record.get("text"), str):
        raise BadTextRecord("record has no 'text' string", record)
    return record


def _jsonl_items(lines: Iterable[bytes], name: str) -> Iterator[InputItem]:
    for n, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        where = f"{name}:{n}"
        try:
            record = decode_text_record(raw)
        except BadTextRecord as problem:
            item_id = record_id(problem.record, where) if problem.record else where
            yield InputItem(item_id, "", {}, str(problem))
            continue
        item_id = record_id(record, where)
        fields = {k: v for k, v in record.items() if k not in OUTPUT_KEYS}
        text = record["text"]
        yield InputItem(item_id, text, fields, problem_with_text(text))


def _text_item(item_id: str, data: bytes, fields: dict) -> InputItem:
    if len(data) > MAX_TEXT_BYTES:
        return InputItem(item_id, "", fields, too_large(len(data)))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return InputItem(item_id, "", fields, f"not UTF-8 text (byte {err.start} cannot be decoded): binary file?")
    return InputItem(item_id, text, fields, problem_with_text(text))
