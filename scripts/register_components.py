"""For `spacy train/evaluate --code`: registers the project's components.

spaCy imports this file by path; it puts scripts/ on the import path and
imports the `agreements` package, whose import does the registering.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import agreements  # noqa: E402,F401
