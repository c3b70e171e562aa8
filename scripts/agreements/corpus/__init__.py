"""Corpus tooling: annotation formats, checks, linter, splits, statistics, inter-annotator study."""
