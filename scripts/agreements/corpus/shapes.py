"""The shapes of article the model finds hard (corpus 2 was written toward
them): one place that says what each shape is, read by the statistics page
and by the stratified split assignment.

Most shapes are header tags that the writer sets (see the annotation guide);
`long` is measured from the text.
"""
import re
from typing import Callable, Dict, List

from agreements.corpus.article import Article

LONG_WORDS = (600, 1200)


def article_tags(article: Article) -> List[str]:
    return [t.strip() for t in re.split(r"[,;]", article.meta.get("tags", "")) if t.strip()]


def word_count(article: Article) -> int:
    return len(article.text.split())


def _tagged(*tags: str) -> Callable[[Article], bool]:
    return lambda article: bool(set(tags) & set(article_tags(article)))


# name -> (what it is, test); in priority order: an article is stratified by
# the first shape it has.
SHAPES: Dict[str, tuple] = {
    "not-signed-yet": ("deal expected, postponed, stalled, rejected, negotiated or only planned",
                       _tagged("not-signed-yet", "planned", "postponed", "rejected", "expected", "negotiated", "talks-only")),
    "present-not-signing": ("hosts, witnesses, financiers, parents, consortium members or leaders present who did not sign",
                            _tagged("present-not-signing", "presence-signing")),
    "several-agreements": ("several agreements signed by different pairs at one event",
                           _tagged("several-agreements")),
    "long": (f"{LONG_WORDS[0]} to {LONG_WORDS[1]} words",
             lambda article: LONG_WORDS[0] <= word_count(article) <= LONG_WORDS[1]),
    "wire-copy": ("real copy's forms: datelines, credit lines, captions, boilerplate, document acronyms, lists",
                  _tagged("wire-copy")),
    "ratification": ("signed but not yet ratified or approved (counts as signed)", _tagged("ratification")),
    "representatives": ("representatives in unusual positions", _tagged("representatives")),
}


def shapes_of(article: Article) -> List[str]:
    return [name for name, (_, test) in SHAPES.items() if test(article)]


def primary_shape(article: Article) -> str:
    shapes = shapes_of(article)
    return shapes[0] if shapes else "other"
