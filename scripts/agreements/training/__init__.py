"""Training and evaluation tools: augmenter, calibration, evaluation, baseline."""
