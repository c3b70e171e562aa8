import importlib.util
from pathlib import Path

import pytest

# The library is installed (requirements.txt: `-e .`); spaCy finds its
# components through entry points, as it does for a user's process.
import agreements  # noqa: F401  (registers the doc._ extensions)

ROOT = Path(__file__).resolve().parent.parent

DATA = Path(__file__).parent / "data"


def load_script(name: str):
    """A script of scripts/ as a module (its typer `main` and helpers), the
    way `python scripts/NAME.py` would run it, without touching sys.path."""
    spec = importlib.util.spec_from_file_location(f"script_{name}", ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
SEED_ARTICLE = ROOT / "seeds" / "rwanda-kazakhstan-2025-05-28.txt"
SHARED_SEED_TEXT = ROOT.parent / "shared" / "seeds" / "rwanda-kazakhstan-2025-05-28.txt"


@pytest.fixture(scope="session")
def tokenizer():
    import spacy

    return spacy.blank("en").tokenizer


@pytest.fixture(scope="session")
def tiny_articles(tokenizer):
    from agreements.corpus.reading import read_corpus

    return read_corpus([DATA / "tiny"], tokenizer)


@pytest.fixture(scope="session")
def tiny_corpus(tmp_path_factory, tiny_articles):
    """train/dev .spacy files made of the tiny articles (dev = train: tests
    check that the pipeline runs and learns, not that it generalises)."""
    import spacy

    from agreements.corpus.conversion import article_to_doc, docbin

    nlp = spacy.blank("en")
    folder = tmp_path_factory.mktemp("corpus")
    docs = [article_to_doc(nlp, a) for a in tiny_articles]
    for name in ("train", "dev", "test"):
        docbin(docs).to_disk(folder / f"{name}.spacy")
    return folder


TINY_CPU = {
    "components.tok2vec.model.encode.width": 32,
    "components.tok2vec.model.encode.depth": 1,
    "components.tok2vec.model.embed.rows": [500, 100, 250, 250],
    "components.relation_extractor.model.hidden_width": 32,
    "training.max_steps": 20,
    "training.eval_frequency": 10,
}


@pytest.fixture(scope="session")
def trained_cpu(tiny_corpus, tmp_path_factory):
    """configs/cpu.cfg, made tiny, trained briefly on the tiny articles."""
    from spacy.cli.train import train

    output = tmp_path_factory.mktemp("training")
    overrides = {"paths.train": str(tiny_corpus / "train.spacy"), "paths.dev": str(tiny_corpus / "dev.spacy"), **TINY_CPU}
    train(ROOT / "configs" / "cpu.cfg", output, overrides=overrides)
    return output / "model-last"
