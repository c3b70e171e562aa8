"""Agreement extraction with spaCy: the project's library.

Importing the package registers the pipeline component, its architecture,
candidate generator and scorer, and the `doc._.relations` and
`doc._.agreements` extensions.
"""
from . import augment, candidates, clusters, component, model, records, relations, scoring  # noqa: F401

# The modules that travel inside the packaged pipeline (`spacy package --code`);
# they import only each other, spaCy and Thinc.
PIPELINE_MODULES = (
    "schema", "entities", "relations", "candidates", "features", "model", "clusters", "scoring", "records", "component",
)
