"""The project's configs train with `spacy train`, and the trained pipeline
packages into a wheel that loads by name in a process with no project code."""
import os
import subprocess
import sys
import textwrap

import pytest
import spacy

from conftest import ROOT, SHARED_SEED_TEXT, SEED_ARTICLE


def test_cpu_config_trains_one_pipeline(trained_cpu):
    nlp = spacy.load(trained_cpu)
    assert nlp.pipe_names == ["tok2vec", "ner", "relation_extractor"]
    assert set(nlp.get_pipe("ner").labels) == {"COUNTRY", "PERSON", "ORG", "SECTOR"}
    scores = nlp.evaluate([])  # relation scorer is wired into spaCy's evaluation
    assert "rel_article_f" in scores and "rel_mention_f" in scores


def test_package_installs_and_loads_by_name(trained_cpu, tmp_path):
    sys.path.insert(0, str(ROOT / "scripts"))
    from package import build_package

    folder = build_package(trained_cpu, tmp_path / "packages", "agreements", "0.0.1")
    (wheel,) = (folder / "dist").glob("en_agreements-0.0.1-*.whl")
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", "--target", str(site), str(wheel)],
        check=True,
    )
    text = (SHARED_SEED_TEXT if SHARED_SEED_TEXT.exists() else SEED_ARTICLE).read_text(encoding="utf8")
    probe = textwrap.dedent(
        """
        import sys, spacy
        nlp = spacy.load("en_agreements")
        doc = nlp(sys.stdin.read())
        assert isinstance(doc._.relations, list) and isinstance(doc._.agreements, list)
        project = [m for m in sys.modules if m == "agreements" or m.startswith("agreements.")]
        print(nlp.pipe_names, len(doc.ents), "project modules:", project)
        """
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(site)
    result = subprocess.run([sys.executable, "-c", probe], input=text, capture_output=True, text=True,
                            cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert "['tok2vec', 'ner', 'relation_extractor']" in result.stdout
    assert "project modules: []" in result.stdout


def test_transformer_config_trains_on_cpu_with_a_local_tiny_model(tiny_corpus, tmp_path, monkeypatch):
    from spacy.cli.train import train

    sys.path.insert(0, str(ROOT / "scripts"))
    from make_tiny_transformer import make_tiny_transformer

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")  # a download attempt fails the test
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    model_dir = make_tiny_transformer(tmp_path / "tiny-bert")
    overrides = {
        "paths.train": str(tiny_corpus / "train.spacy"), "paths.dev": str(tiny_corpus / "dev.spacy"),
        "paths.transformer": str(model_dir), "training.max_steps": 4, "training.eval_frequency": 2,
        "training.accumulate_gradient": 1, "components.relation_extractor.model.hidden_width": 16,
    }
    train(ROOT / "configs" / "trf.cfg", tmp_path / "out", overrides=overrides)
    nlp = spacy.load(tmp_path / "out" / "model-last")
    assert nlp.pipe_names == ["transformer", "ner", "relation_extractor"]
    doc = nlp("Chile and Japan signed an agreement on lithium.")
    assert isinstance(doc._.relations, list)
