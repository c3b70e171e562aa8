"""Writing outputs whole: each output (a file or a folder) is first written to
a temporary path beside it, moved into place when writing succeeded and
removed when it failed, so that a crash or Ctrl-C never leaves a half-written
output where a reader expects a finished one. The one atomic writer of the
project: every script writes through it."""
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A fresh temporary path beside `path`; write a file or a folder there.
    On success it replaces `path` (whatever was there), on failure it is removed."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"))
    target = temp / path.name  # inside the temp folder, so its name is free
    try:
        yield target  # created by the caller with the usual modes (unlike mkdtemp's folder)
        if path.is_dir() and not path.is_symlink():
            old = temp / ".replaced"
            path.rename(old)  # a folder cannot be replaced in one step
        os.replace(target, path)
    finally:
        shutil.rmtree(temp, ignore_errors=True)


@contextmanager
def atomic_output(path: Path, newline: str = None) -> Iterator[IO[str]]:
    """A text file opened for writing, put in place at the end of the block."""
    with atomic_path(path) as temp:
        with open(temp, "w", encoding="utf-8", newline=newline) as out:
            yield out


def write_text_atomic(path: Path, text: str) -> None:
    with atomic_output(path) as out:
        out.write(text)

