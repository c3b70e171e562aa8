"""What ships inside the trained pipeline: the installed model package
requires this library, and spaCy loads these modules through the entry
points in pyproject.toml. They import only each other, spaCy, Thinc and numpy.

Importing it registers the component, its architectures, the candidate
generator, the scorer and the `doc._.relations` / `doc._.agreements`
extensions.
"""
from agreements.pipeline import agreement_records, candidates, clusters, component, model, relations, scoring  # noqa: F401
