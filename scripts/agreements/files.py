"""Writing output files whole: a temp file in the same folder, renamed into
place on success and removed on failure, so that a crash or Ctrl-C never
leaves a half-written file where a reader expects a finished one."""
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator


@contextmanager
def atomic_output(path: Path, newline: str = None) -> Iterator[IO[str]]:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline=newline) as out:
            yield out
        os.chmod(temp, 0o666 & ~_umask())  # mkstemp makes owner-only files; give the usual mode
        os.replace(temp, path)
    except BaseException:
        os.unlink(temp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
