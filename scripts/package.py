"""Build the installable pipeline package (a wheel) with `spacy package`,
the project's pipeline code inside it."""
import importlib
from pathlib import Path
from unittest import mock

import typer

SCRIPTS = Path(__file__).resolve().parent


def build_package(model: Path, output: Path, name: str, version: str, wheel: bool = True) -> Path:
    """Run `spacy package --code <pipeline modules>`; return the package folder."""
    import agreements

    # `spacy.cli.package` the attribute is the command function; we need the module.
    spacy_package = importlib.import_module("spacy.cli.package")

    code_paths = [SCRIPTS / "agreements" / f"{module}.py" for module in agreements.PIPELINE_MODULES]
    output.mkdir(parents=True, exist_ok=True)
    # `spacy package` checks each --code file by importing it alone, as a
    # top-level module. Ours are modules of one package that import each other
    # relatively (as they will inside the built package), so the check imports
    # them as members of the `agreements` package instead.
    def import_as_package_member(name, location):
        return importlib.import_module(f"agreements.{name}")

    with mock.patch.object(spacy_package.util, "import_file", import_as_package_member):
        spacy_package.package(
            model, output, code_paths=code_paths, name=name, version=version,
            create_sdist=False, create_wheel=wheel, force=True, silent=False,
        )
    return output / f"en_{name}-{version}"


def main(
    model: Path = typer.Argument(..., help="Trained (calibrated) pipeline folder."),
    output: Path = typer.Argument(Path("packages"), help="Where to put the package folder."),
    name: str = typer.Option("agreements", help="Package name, without the 'en_' prefix."),
    version: str = typer.Option("0.1.0", help="Package version."),
):
    """Build packages/en_<name>-<version>/dist/en_<name>-<version>-py3-none-any.whl."""
    if not (model / "config.cfg").exists():
        typer.echo(f"✘ {model}: not a trained pipeline folder (no config.cfg)", err=True)
        raise typer.Exit(1)
    folder = build_package(model, output, name, version)
    wheels = sorted((folder / "dist").glob("*.whl"))
    if not wheels:
        typer.echo(f"✘ no wheel was built in {folder / 'dist'}", err=True)
        raise typer.Exit(1)
    typer.echo(f"✔ built {wheels[-1]}\n  pip install {wheels[-1]}\n  then: spacy.load('en_{name}')")


if __name__ == "__main__":
    typer.run(main)
