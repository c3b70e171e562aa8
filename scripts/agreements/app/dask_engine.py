"""Extraction on a Dask cluster: the same records as the local run, in order.

Items go to the workers in batches of `batch_size`, the same batches that
`nlp.pipe` forms locally, and each batch is processed by `extract_records`,
the function the local run uses; so the records are equal record for record.
Each worker loads the pipeline once. The project's `agreements` library is
uploaded to the workers as a zip and imported there (which registers its
components), so a worker needs spaCy and the pipeline (a folder at the same
path, e.g. on a shared disk, or the installed package), not a copy of the
project.
"""
import tempfile
import zipfile
from collections import deque
from contextlib import ExitStack
from itertools import islice
from pathlib import Path
from typing import Deque, Dict, Iterable, Iterator, List, Optional

import agreements
from agreements.app.extraction import extract_records, load_pipeline
from agreements.app.inputs import InputItem

_PIPELINES: Dict[str, object] = {}  # per worker process: model -> loaded pipeline


def process_batch(model: str, items: List[InputItem], batch_size: int) -> List[dict]:
    """Run on a worker: the records of one batch."""
    if model not in _PIPELINES:
        _PIPELINES[model] = load_pipeline(model)
    return list(extract_records(_PIPELINES[model], items, batch_size=batch_size))


def _batches(items: Iterable[InputItem], size: int) -> Iterator[List[InputItem]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _upload_package(client, folder: Path) -> None:
    package = Path(agreements.__file__).resolve().parent
    archive = folder / "agreements.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for file in sorted(package.rglob("*.py")):
            zipped.write(file, f"agreements/{file.relative_to(package).as_posix()}")
    # Workers only: Client.upload_file would also import the zip on the
    # scheduler, which for a local cluster is this process, replacing the
    # `agreements` package in use here.
    from distributed.diagnostics.plugin import UploadFile

    client.register_plugin(UploadFile(str(archive), load=True), name="agreements-code")


def extract_records_dask(
    model: str,
    items: Iterable[InputItem],
    batch_size: int = 32,
    scheduler: Optional[str] = None,
    n_workers: int = 2,
) -> Iterator[dict]:
    """Records for `items`, in order, computed on a Dask cluster: a local one
    with `n_workers` processes, or the scheduler at `scheduler`."""
    from dask.distributed import Client, LocalCluster

    if Path(model).exists():
        model = str(Path(model).resolve())  # workers may run in another folder
    with ExitStack() as stack:
        if scheduler:
            client = stack.enter_context(Client(scheduler))
        else:
            cluster = stack.enter_context(
                LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None)
            )
            client = stack.enter_context(Client(cluster))
        _upload_package(client, Path(stack.enter_context(tempfile.TemporaryDirectory())))
        # A bounded window of batches in flight keeps memory flat on long inputs.
        window = 2 * max(1, len(client.scheduler_info()["workers"]))
        pending: Deque = deque()
        for batch in _batches(items, batch_size):
            pending.append(client.submit(process_batch, model, batch, batch_size, pure=False))
            if len(pending) >= window:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
