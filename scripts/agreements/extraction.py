"""Running a trained pipeline over an archive of articles.

Inputs (a folder of .txt files, a JSONL file, or standard input) become
`InputItem`s; each item becomes exactly one output record, in input order,
whatever is wrong with it. A record uses the annotation JSONL shape that
`annotations.parse_jsonl_line` reads (text, spans, relations, meta.id), so
output can be corrected in an annotation tool and fed back as seeds; it adds
relation scores, the agreement records and, where an input could not be
processed, an `error`.
"""
import json
from collections import deque
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Deque, Dict, Iterable, Iterator, Optional

from spacy.lang.en.stop_words import STOP_WORDS

from .countries import iso_alpha3
from .schema import COUNTRY

MAX_TEXT_BYTES = 1_000_000  # spaCy's default max_length is 1,000,000 characters
SCORE_DECIMALS = 4  # scores are rounded so that runs on other engines compare equal
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


# ----------------------------------------------------------------- reading


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


def decode_text_record(raw: bytes) -> dict:
    """One JSONL line as an object with a `text` string; ValueError says what is wrong."""
    try:
        record = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ValueError("not UTF-8 text") from None
    except json.JSONDecodeError as err:
        raise ValueError(f"not valid JSON ({err.msg} at column {err.colno})") from None
    if not isinstance(record, dict):
        raise ValueError(f"expected a JSON object, got {type(record).__name__}")
    if not isinstance(record.get("text"), str):
        raise ValueError("record has no 'text' string")
    return record


def _jsonl_items(lines: Iterable[bytes], name: str) -> Iterator[InputItem]:
    for n, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        where = f"{name}:{n}"
        try:
            record = decode_text_record(raw)
        except ValueError as problem:
            yield InputItem(where, "", {}, str(problem))
            continue
        meta = record.get("meta") if isinstance(record.get("meta"), dict) else {}
        item_id = str(record.get("id") or meta.get("id") or where)
        fields = {k: v for k, v in record.items() if k not in OUTPUT_KEYS}
        text = record["text"]
        yield InputItem(item_id, text, fields, problem_with_text(text))


def _text_item(item_id: str, data: bytes, fields: dict) -> InputItem:
    if len(data) > MAX_TEXT_BYTES:
        return InputItem(item_id, "", fields, _too_large(len(data)))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return InputItem(item_id, "", fields, f"not UTF-8 text (byte {err.start} cannot be decoded): binary file?")
    return InputItem(item_id, text, fields, problem_with_text(text))


# ---------------------------------------------------------------- checking

_WORD = re.compile(r"[^\W\d_]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _too_large(n_bytes: int) -> str:
    return f"text is {n_bytes:,} bytes, over the {MAX_TEXT_BYTES:,}-byte limit: split the article"


def problem_with_text(text: str) -> Optional[str]:
    """Why a text cannot be processed (None if it can).

    The model is trained on English news; on other languages or binary data
    it would still output entities, all of them noise, so such inputs get an
    error instead of made-up facts.
    """
    if not text.strip():
        return "empty text"
    n_bytes = len(text.encode("utf-8", "surrogatepass"))
    if n_bytes > MAX_TEXT_BYTES:
        return _too_large(n_bytes)
    if len(_CONTROL.findall(text)) > max(2, len(text) // 200):
        return "text is mostly control characters: binary data?"
    words = _WORD.findall(text)
    if len(words) >= 20:
        ascii_share = sum(w.isascii() for w in words) / len(words)
        stop_share = sum(w.lower() in STOP_WORDS for w in words) / len(words)
        if ascii_share < 0.5 or stop_share < 0.1:
            return f"does not look like English ({stop_share:.0%} English function words): not processed"
    return None


# ------------------------------------------------------------ making records


def _span_json(span) -> dict:
    return {"start": span.start_char, "end": span.end_char, "label": span.label_, "text": span.text}


def make_record(item: InputItem, doc) -> dict:
    """The output record of one input item (`doc` is ignored for an item with an error)."""
    meta = dict(item.fields.get("meta") or {})
    meta["id"] = item.id
    record = {**item.fields, "id": item.id, "meta": meta, "text": item.text}
    if item.error:
        record.update(spans=[], relations=[], agreements=[], error=item.error)
        return record
    record["spans"] = [_span_json(ent) for ent in doc.ents]
    record["relations"] = [
        {
            "head_span": _span_json(rel.head),
            "child_span": _span_json(rel.child),
            "label": rel.label,
            "score": round(rel.score, SCORE_DECIMALS),
        }
        for rel in doc._.relations
    ]
    record["agreements"] = [_with_codes(agreement) for agreement in doc._.agreements]
    return record


def _with_codes(agreement: dict) -> dict:
    parties = [
        {**party, "iso": iso_alpha3(party["name"]) if party["label"] == COUNTRY else None}
        for party in agreement["parties"]
    ]
    return {**agreement, "parties": parties, "score": round(agreement["score"], SCORE_DECIMALS)}


def extract_records(nlp, items: Iterable[InputItem], batch_size: int = 32, n_process: int = 1) -> Iterator[dict]:
    """Records for `items`, in order. Items with an error pass through the
    pipeline as empty texts, so the batches are the same whatever fails."""
    # nlp.pipe reads texts ahead of the docs it yields; the queue holds the
    # items read but not yet matched with their doc.
    buffered: Deque[InputItem] = deque()

    def texts():
        for item in items:
            buffered.append(item)
            yield "" if item.error else item.text

    for doc in nlp.pipe(texts(), batch_size=batch_size, n_process=n_process):
        yield make_record(buffered.popleft(), doc)


def load_pipeline(model: str):
    """A trained pipeline folder or the name of an installed pipeline package."""
    import spacy

    from . import component  # noqa: F401  (registers the project's functions for folders)

    if not Path(model).exists() and "/" in model:
        raise ExtractionError(f"{model}: no such pipeline folder")
    try:
        return spacy.load(model)
    except OSError as err:
        raise ExtractionError(
            f"{model}: not a trained pipeline folder or an installed pipeline package ({err})"
        ) from None
