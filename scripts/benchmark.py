"""Speed benchmark: words per second of the full pipeline and of the same
pipeline without the relation component, measured in one run on the same
texts, and their ratio. Run on demand; never a test."""
import time
from pathlib import Path

import typer


def words_per_second(nlp, texts, disable=(), repeats: int = 3, batch_size: int = 32) -> float:
    n_words = sum(len(t.split()) for t in texts)
    best = float("inf")
    for _ in range(repeats):  # best of N: the least disturbed run
        start = time.perf_counter()
        for _ in nlp.pipe(texts, disable=list(disable), batch_size=batch_size):
            pass
        best = min(best, time.perf_counter() - start)
    return n_words / best


def main(
    model: Path = typer.Argument(..., help="Trained pipeline folder or package name."),
    corpus: Path = typer.Argument(Path("corpus/dev.spacy"), help=".spacy file whose texts are used."),
    repeats: int = typer.Option(3, help="Timed passes per variant (best is kept)."),
):
    """Print words/s with and without `relation_extractor`, and the ratio."""
    import spacy
    from spacy.tokens import DocBin

    import agreements  # noqa: F401

    nlp = spacy.load(model)
    texts = [d.text for d in DocBin().from_disk(corpus).get_docs(nlp.vocab)]
    list(nlp.pipe(texts[:5]))  # warm-up
    without = words_per_second(nlp, texts, disable=["relation_extractor"], repeats=repeats)
    full = words_per_second(nlp, texts, repeats=repeats)
    typer.echo(f"texts: {len(texts)}, words: {sum(len(t.split()) for t in texts)}")
    typer.echo(f"without relation_extractor: {without:,.0f} words/s")
    typer.echo(f"full pipeline:              {full:,.0f} words/s")
    typer.echo(f"ratio full / without:       {full / without:.2f}")


if __name__ == "__main__":
    typer.run(main)
