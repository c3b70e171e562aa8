"""Build the wheels a user installs: the trained pipeline (`spacy package`)
and the project's library, which the pipeline requires.

The pipeline package carries no code of its own: its meta.json requires the
`spacy-agreements` distribution, whose entry points give spaCy the
`relation_extractor` factory and the other registered functions. Both wheels
land in one folder, so one `pip install FOLDER/*.whl` installs them.
"""
import json
import shutil
import subprocess
import sys
import tempfile
from importlib.metadata import version as installed_version
from pathlib import Path

import typer

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = "spacy-agreements"


def build_library_wheel(dist: Path) -> Path:
    """The library's wheel, built from the project's pyproject.toml without
    network access (setuptools and wheel are pinned in requirements.txt)."""
    # Built from a copy, so that setuptools' build/ and egg-info folders never
    # land in the checkout.
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "source"
        shutil.copytree(ROOT / "scripts" / "agreements", source / "scripts" / "agreements",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        for name in ("pyproject.toml", "README.md"):
            shutil.copy(ROOT / name, source / name)
        subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
             "--wheel-dir", str(dist.resolve()), str(source)],
            check=True,
        )
    return next(dist.glob(f"{LIBRARY.replace('-', '_')}-{installed_version(LIBRARY)}-*.whl"))


def build_package(model: Path, output: Path, name: str, version: str, wheel: bool = True) -> Path:
    """Run `spacy package` (pipeline requiring this library's version) and add
    the library's wheel to the package's dist/ folder; return the package folder."""
    from spacy.cli.package import package

    meta = json.loads((model / "meta.json").read_text(encoding="utf8"))
    library = f"{LIBRARY}=={installed_version(LIBRARY)}"
    meta["requirements"] = [r for r in meta.get("requirements", []) if not r.startswith(LIBRARY)] + [library]
    output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        meta_path = Path(tmp) / "meta.json"
        meta_path.write_text(json.dumps(meta, indent=2), encoding="utf8")
        package(model, output, meta_path=meta_path, name=name, version=version,
                create_sdist=False, create_wheel=wheel, force=True, silent=False)
    folder = output / f"en_{name}-{version}"
    if wheel:
        build_library_wheel(folder / "dist")
    return folder


def main(
    model: Path = typer.Argument(..., help="Trained (calibrated) pipeline folder."),
    output: Path = typer.Argument(Path("packages"), help="Where to put the package folder."),
    name: str = typer.Option("agreements", help="Package name, without the 'en_' prefix."),
    version: str = typer.Option("0.1.0", help="Package version."),
):
    """Build packages/en_<name>-<version>/dist/: the pipeline's wheel and the library's wheel."""
    if not (model / "config.cfg").exists():
        typer.echo(f"✘ {model}: not a trained pipeline folder (no config.cfg)", err=True)
        raise typer.Exit(1)
    folder = build_package(model, output, name, version)
    wheels = sorted((folder / "dist").glob("*.whl"))
    if len(wheels) < 2:
        typer.echo(f"✘ expected the pipeline's and the library's wheels in {folder / 'dist'}", err=True)
        raise typer.Exit(1)
    typer.echo("✔ built " + ", ".join(w.name for w in wheels))
    typer.echo(f"  pip install {folder / 'dist'}/*.whl\n  then: spacy.load('en_{name}')")


if __name__ == "__main__":
    typer.run(main)
