"""The project's configs train with `spacy train` (no --code), and the built
wheels install into a fresh virtual environment where the pipeline loads by
name and the extraction script runs with the package name, as the README says."""
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import spacy

from conftest import ROOT, SEED_ARTICLE, SHARED_SEED_TEXT, load_script

SEED_TEXT = SHARED_SEED_TEXT if SHARED_SEED_TEXT.exists() else SEED_ARTICLE


def test_cpu_config_trains_one_pipeline(trained_cpu):
    nlp = spacy.load(trained_cpu)
    assert nlp.pipe_names == ["tok2vec", "ner", "relation_extractor"]
    assert set(nlp.get_pipe("ner").labels) == {"COUNTRY", "PERSON", "ORG", "SECTOR"}
    scores = nlp.evaluate([])  # relation scorer is wired into spaCy's evaluation
    assert "rel_article_f" in scores and "rel_mention_f" in scores


def test_training_needs_no_code_argument(tiny_corpus, tmp_path):
    """`spacy train` in a fresh process finds the components through the
    library's entry points (the workflow passes no --code)."""
    result = subprocess.run(
        [sys.executable, "-m", "spacy", "train", str(ROOT / "configs" / "cpu.cfg"), "--output", str(tmp_path),
         "--paths.train", str(tiny_corpus / "train.spacy"), "--paths.dev", str(tiny_corpus / "dev.spacy"),
         "--training.max_steps", "2", "--training.eval_frequency", "1",
         "--components.tok2vec.model.encode.width", "16", "--components.tok2vec.model.encode.depth", "1"],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "model-last" / "relation_extractor").is_dir()


@pytest.fixture(scope="session")
def wheels(trained_cpu, tmp_path_factory):
    """Both wheels that `spacy project run package` builds, from the tiny pipeline."""
    from agreements.pipeline.thresholds import apply_thresholds

    nlp = spacy.load(trained_cpu)
    apply_thresholds(nlp, {"AGREEMENT": 0.3, "IN_SECTOR": 0.4, "REPRESENTS": 0.6})
    model = tmp_path_factory.mktemp("calibrated") / "model"
    nlp.to_disk(model)
    package = load_script("package")
    folder = package.build_package(model, tmp_path_factory.mktemp("packages"), "agreements", "0.0.1")
    return sorted((folder / "dist").glob("*.whl"))


@pytest.fixture(scope="session")
def fresh_venv(wheels, tmp_path_factory):
    """A new virtual environment with the two wheels installed from files.
    Its third-party packages (spaCy, Thinc, ...) come from this environment
    through a .pth line, since tests never reach the network; the project's
    library is not visible there until its wheel is installed (an editable
    install's finder is not read from a .pth-added folder)."""
    venv = tmp_path_factory.mktemp("venv") / "fresh"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    fresh_site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                     capture_output=True, text=True, check=True).stdout.strip())
    parents = [p for p in sys.path if p.endswith("site-packages")]  # not the project's scripts/
    (fresh_site / "parent-packages.pth").write_text("\n".join(parents) + "\n", encoding="utf8")
    probe = "import importlib.util; print(importlib.util.find_spec('agreements'))"
    before = subprocess.run([str(python), "-c", probe], capture_output=True, text=True, check=True, cwd=venv)
    assert before.stdout.strip() == "None"  # the library is not there yet
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", "--no-index",
         *map(str, wheels)],
        check=True,
    )
    return python, fresh_site


def test_package_builds_the_pipeline_and_library_wheels(wheels):
    assert [w.name for w in wheels] == ["en_agreements-0.0.1-py3-none-any.whl", "spacy_agreements-0.1.0-py3-none-any.whl"]


def test_installed_pipeline_loads_by_name_with_no_project_imports(fresh_venv):
    python, fresh_site = fresh_venv
    probe = textwrap.dedent(
        """
        import json, sys, spacy
        nlp = spacy.load("en_agreements")
        doc = nlp(sys.stdin.read())
        import agreements
        print(json.dumps({"pipes": nlp.pipe_names, "library": agreements.__file__,
                          "requires": nlp.meta["requirements"],
                          "thresholds": nlp.get_pipe("relation_extractor").thresholds,
                          "config_thresholds": dict(nlp.config["components"]["relation_extractor"]["thresholds"]),
                          "relations": isinstance(doc._.relations, list), "agreements": isinstance(doc._.agreements, list)}))
        """
    )
    result = subprocess.run([str(python), "-c", probe], input=SEED_TEXT.read_text(encoding="utf8"),
                            capture_output=True, text=True, cwd=fresh_site.parent)
    assert result.returncode == 0, result.stderr[-2000:]
    out = json.loads(result.stdout)
    assert out["pipes"] == ["tok2vec", "ner", "relation_extractor"]
    assert out["library"].startswith(str(fresh_site))  # the wheel's copy, not the project's source
    assert "spacy-agreements==0.1.0" in out["requires"]
    # approx: the component's cfg goes through srsly's JSON, whose float parsing is not exactly rounded
    expected = pytest.approx({"AGREEMENT": 0.3, "IN_SECTOR": 0.4, "REPRESENTS": 0.6})
    assert out["thresholds"] == expected and out["config_thresholds"] == expected
    assert out["relations"] and out["agreements"]


def test_extraction_script_runs_with_the_package_name(fresh_venv, tmp_path):
    """The README's example, `python scripts/extract.py en_agreements ...`: the
    script imports the library and then loads the pipeline, which needs the
    same library; one module identity, so no 'factory already exists' error."""
    python, _ = fresh_venv
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "seed.txt").write_text(SEED_TEXT.read_text(encoding="utf8"), encoding="utf8")
    output = tmp_path / "records.jsonl"
    result = subprocess.run([str(python), str(ROOT / "scripts" / "extract.py"), "en_agreements", str(articles),
                             "--output", str(output), "--csv", str(tmp_path / "agreements.csv")],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    (record,) = [json.loads(line) for line in output.read_text(encoding="utf8").splitlines()]
    assert record["id"] == "seed" and "error" not in record
    assert (tmp_path / "agreements.csv").read_text(encoding="utf8").startswith("article_id,")


def test_library_import_then_load_by_name_in_one_process(fresh_venv):
    """What failed with E004 before: the project's library imported first,
    then the installed pipeline loaded in the same process."""
    python, _ = fresh_venv
    probe = ("import agreements.app.extraction, agreements.pipeline.component, spacy; "
             "nlp = spacy.load('en_agreements'); print(nlp('Chile and Japan signed a deal.')._.relations is not None)")
    result = subprocess.run([str(python), "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "True"


def test_transformer_config_trains_on_cpu_with_a_local_tiny_model(tiny_corpus, tmp_path, monkeypatch):
    from spacy.cli.train import train

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")  # a download attempt fails the test
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    model_dir = load_script("make_tiny_transformer").make_tiny_transformer(tmp_path / "tiny-bert")
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
