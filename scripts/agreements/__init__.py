"""Agreement extraction with spaCy: the project's library.

- `agreements.pipeline`: what ships inside the trained model: the label
  schema, entity grouping, the `relation_extractor` component with its
  candidate generator, features, Thinc model, decision thresholds and scorer,
  and the agreement records (`doc._.relations`, `doc._.agreements`).
- `agreements.training`: used while training and evaluating (name-swap
  augmenter, threshold calibration, evaluation report, baseline).
- `agreements.corpus`: corpus tooling (seed and JSONL formats, checks, linter,
  splits, statistics, inter-annotator study).
- `agreements.app`: the extraction application (input reading, records,
  output files, agreements table, HTML page, Dask engine).

spaCy finds the registered functions through this distribution's entry
points (pyproject.toml), so `spacy train`, `spacy evaluate` and `spacy.load`
need no `--code`; importing the package registers them too.
"""
from agreements import pipeline  # noqa: F401
