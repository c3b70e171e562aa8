"""Write a tiny, randomly initialised BERT model and tokenizer to a folder.

For smoke tests of configs/trf.cfg on the CPU without downloading weights:
its scores mean nothing. For real training, point vars.transformer at a
local copy of a pretrained model.
"""
from pathlib import Path

import typer

SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def make_tiny_transformer(output: Path, hidden: int = 32, layers: int = 1, heads: int = 2) -> Path:
    import string

    from transformers import BertConfig, BertModel, BertTokenizerFast

    output.mkdir(parents=True, exist_ok=True)
    pieces = list(string.ascii_letters + string.digits + string.punctuation)
    vocab = SPECIAL + pieces + ["##" + p for p in pieces]
    (output / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf8")
    tokenizer = BertTokenizerFast(vocab_file=str(output / "vocab.txt"), do_lower_case=False)
    tokenizer.save_pretrained(output)
    config = BertConfig(vocab_size=len(vocab), hidden_size=hidden, num_hidden_layers=layers,
                        num_attention_heads=heads, intermediate_size=2 * hidden, max_position_embeddings=512)
    BertModel(config).save_pretrained(output)
    return output


def main(output: Path = typer.Argument(Path("training/tiny-transformer"), help="Folder to write the model to.")):
    """Create a tiny random BERT (a few hundred KB) usable as vars.transformer."""
    make_tiny_transformer(output)
    typer.echo(f"✔ wrote a tiny random transformer to {output}")


if __name__ == "__main__":
    typer.run(main)
