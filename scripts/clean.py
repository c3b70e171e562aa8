"""Remove build outputs: the contents of the given folders (the folders stay,
as spaCy projects expect them) and project.lock, so `spacy project run all`
starts from nothing."""
import shutil
from pathlib import Path
from typing import List

import typer

ROOT = Path(__file__).resolve().parent.parent
KEEP = {".gitkeep"}


def main(folders: List[Path] = typer.Argument(..., help="Build-output folders to empty (corpus, training, packages).")):
    """Empty the build-output folders and remove project.lock."""
    removed = 0
    for folder in folders:
        if not folder.resolve().is_relative_to(ROOT) or folder.resolve() == ROOT:
            typer.echo(f"✘ {folder}: not a folder inside the project; nothing removed", err=True)
            raise typer.Exit(1)
        for child in folder.iterdir() if folder.is_dir() else []:
            if child.name in KEEP:
                continue
            shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
            removed += 1
    lock = ROOT / "project.lock"
    if lock.exists():
        lock.unlink()
        removed += 1
    typer.echo(f"✔ removed {removed} build output(s)")


if __name__ == "__main__":
    typer.run(main)
