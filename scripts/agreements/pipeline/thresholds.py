"""Decision thresholds of the relation extractor: the one decision rule, used
by the component and by calibration, and the way to set thresholds so that
the saved pipeline's config.cfg shows the ones it uses."""
from typing import Dict

from spacy.language import Language

from agreements.pipeline.schema import RELATION_LABELS

DEFAULT_THRESHOLDS: Dict[str, float] = {label: 0.5 for label in RELATION_LABELS}


def is_related(score: float, threshold: float) -> bool:
    """A candidate pair holds its relation when its probability reaches the label's threshold."""
    return score >= threshold


def check_thresholds(thresholds: Dict[str, float]) -> Dict[str, float]:
    """The thresholds as floats; ValueError for labels outside the schema or values outside [0, 1.01]."""
    unknown = sorted(set(thresholds) - set(RELATION_LABELS))
    if unknown:
        raise ValueError(f"Unknown relation labels in thresholds: {unknown} (labels: {', '.join(RELATION_LABELS)})")
    # 1.01 is allowed: above every probability, it switches a label off.
    outside = {k: v for k, v in thresholds.items() if not 0.0 <= float(v) <= 1.01}
    if outside:
        raise ValueError(f"Thresholds must lie between 0 and 1.01: {outside}")
    return {k: float(v) for k, v in thresholds.items()}


def apply_thresholds(nlp: Language, thresholds: Dict[str, float], pipe_name: str = "relation_extractor") -> None:
    """Set the component's thresholds and write them into the pipeline's config,
    so that `nlp.to_disk` saves them in config.cfg as well as with the component."""
    pipe = nlp.get_pipe(pipe_name)
    pipe.set_thresholds(thresholds)
    # get_pipe_config returns the live config that nlp.config and to_disk read.
    nlp.get_pipe_config(pipe_name)["thresholds"] = dict(pipe.thresholds)
